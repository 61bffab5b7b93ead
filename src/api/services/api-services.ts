import type { Logger } from '../../core/index.js';
import type { GraphStore } from '../../graph/port.js';
import type { Projection } from '../../graph/projection/index.js';
import type { BundledContexts } from '../../ingest/index.js';
import type { LiveFeed } from '../../pipeline/live-feed.js';
import type { RiskEngine } from '../../risk/index.js';
import type { ApprovalJournal } from './approval-journal.js';
import type { AuditLog } from './audit-log.js';
import type { DecisionLogView } from './decision-log-view.js';
import type { PolicyRegistry } from './policy-registry.js';
import type { RiskGraphCache } from './risk-graph-cache.js';

/**
 * What resolvers call: the store, the projection kept current by the server, the audit log and
 * what ingest needs. Built once by createApiServer; resolvers stay thin over these.
 */
export interface ApiServices {
  readonly store: GraphStore;
  readonly projection: Projection;
  /** The risk engine over the projection (paths, blast radius, choke points). */
  readonly risk: RiskEngine;
  /** riskGraph results memoised per projection version. */
  readonly riskGraphs: RiskGraphCache;
  readonly auditLog: AuditLog;
  /** Bundled JSON-LD contexts for NGSI-LD ingest (loaded once at start). */
  readonly contexts: BundledContexts;
  /** Pulls the store's change feed into the projection (after a mutation, and periodically). */
  refreshProjection(): Promise<void>;
  readonly logger: Logger;
  /** The running loop (alerts, incidents, feedback, approvals, subscriptions); absent without one. */
  readonly live?: LiveFeed;
  /** The decision log, followed as the loop appends; absent when the server has none. */
  readonly decisions?: DecisionLogView;
  /** The active policy bundle and its publication; absent when the server has no rules folder. */
  readonly policies?: PolicyRegistry;
  /** Approvals and rejections given through this server. */
  readonly approvals: ApprovalJournal;
}
