import type { Logger } from '../../core/index.js';
import type { GraphStore } from '../../graph/port.js';
import type { Projection } from '../../graph/projection/index.js';
import type { BundledContexts } from '../../ingest/index.js';
import type { RiskEngine } from '../../risk/index.js';
import type { AuditLog } from './audit-log.js';

/**
 * What resolvers call: the store, the projection kept current by the server, the audit log and
 * what ingest needs. Built once by createApiServer; resolvers stay thin over these.
 */
export interface ApiServices {
  readonly store: GraphStore;
  readonly projection: Projection;
  /** The risk engine over the projection (paths, blast radius, choke points). */
  readonly risk: RiskEngine;
  readonly auditLog: AuditLog;
  /** Bundled JSON-LD contexts for NGSI-LD ingest (loaded once at start). */
  readonly contexts: BundledContexts;
  /** Pulls the store's change feed into the projection (after a mutation, and periodically). */
  refreshProjection(): Promise<void>;
  readonly logger: Logger;
}
