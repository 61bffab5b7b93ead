import type DataLoader from 'dataloader';
import type { Logger } from '../core/index.js';
import type { NodeRecord } from '../graph/port.js';
import type { Principal } from './auth/authenticate.js';
import type { ApiServices } from './services/api-services.js';

/** Per-request context every resolver receives. Loaders live one request only. */
export interface ApiContext {
  readonly principal: Principal;
  readonly services: ApiServices;
  readonly loaders: {
    /** Batches `getNode` calls of one request into one `getNodes` (N+1 guard). */
    readonly node: DataLoader<string, NodeRecord | null>;
  };
  /** Epoch milliseconds after which the operation is cut off with CG_API_TIMEOUT. */
  readonly deadline: number;
  readonly requestId: string;
  readonly logger: Logger;
}
