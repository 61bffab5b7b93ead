import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import DataLoader from 'dataloader';
import { graphqlRuntime } from './graphql-runtime.js';
import { EngineError } from '../core/index.js';
import type { NodeRecord } from '../graph/port.js';
import type { ApiConfig } from './api-config.js';
import type { ApiContext } from './api-context.js';
import { apolloModules } from './apollo-modules.js';
import { authenticate } from './auth/authenticate.js';
import type { ApiServices } from './services/api-services.js';
import { httpStatusOf } from './http/http-status.js';

const { GraphQLError } = graphqlRuntime;

/**
 * One request's node loader: every `load(id)` of a tick becomes one `getNodes`. Subscriptions
 * pass `cache: false` (they live on; each event must see the store as it is then).
 */
export function nodeLoader(services: ApiServices, cache = true): DataLoader<string, NodeRecord | null> {
  return new DataLoader<string, NodeRecord | null>(async (ids) => {
    const found = await services.store.getNodes(ids);
    return ids.map((id) => found.get(id) ?? null);
  }, { maxBatchSize: 1_000, cache });
}

/** The request's loaders, each built on first use: most requests touch none or one. */
function lazyLoaders(services: ApiServices): ApiContext['loaders'] {
  let node: DataLoader<string, NodeRecord | null> | undefined;
  return {
    get node() {
      node ??= nodeLoader(services);
      return node;
    },
  };
}

/** What the context function reads of a request: its headers (Express's and Node's requests both fit). */
export interface ContextRequest {
  readonly req: { readonly headers: IncomingHttpHeaders };
}

/**
 * Apollo's context function: authenticates the caller (401 with our code when that fails,
 * before anything runs) and builds the per-request loaders (lazily) and deadline.
 */
export function createContextFunction(config: Readonly<ApiConfig>, services: ApiServices): (argument: ContextRequest) => Promise<ApiContext> {
  return async ({ req }) => {
    const requestId = randomUUID();
    try {
      const principal = await authenticate({ 'x-api-key': req.headers['x-api-key'], authorization: req.headers.authorization }, config);
      return {
        principal,
        services,
        loaders: lazyLoaders(services),
        deadline: Date.now() + config.requestTimeoutMs,
        requestId,
        logger: services.logger,
      };
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
      throw new GraphQLError(error.message, {
        originalError: error,
        extensions: { code: error.code, http: { status: httpStatusOf(error.code), headers: new (apolloModules().server.HeaderMap)([['www-authenticate', 'Bearer realm="civgraph"']]) } },
      });
    }
  };
}
