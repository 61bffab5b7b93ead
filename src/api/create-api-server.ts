import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler, type Express } from 'express';
import { capabilityLogger, EngineError, type Logger } from '../core/index.js';
import type { GraphStore } from '../graph/port.js';
import type { Projection } from '../graph/projection/index.js';
import type { BundledContexts } from '../ingest/index.js';
import type { OpenPolicyBundle } from '../decision/index.js';
import type { LiveFeed } from '../pipeline/live-feed.js';
import { createRiskEngine } from '../risk/index.js';
import type { ApiConfig } from './api-config.js';
import type { ApiContext } from './api-context.js';
import { apolloModules } from './apollo-modules.js';
import { createContextFunction } from './create-context.js';
import { mountExplorer, type ExplorerAssets } from './explorer/mount-explorer.js';
import { createFormatError } from './format-error.js';
import { jsonStatusPlugin } from './json-status-plugin.js';
import { httpOperationsRule } from './limits/http-operations-rule.js';
import { queryLimitsRule } from './limits/query-limits.js';
import { loadSchema } from './load-schema.js';
import { badJsonBody, graphqlPostHandler } from './http/graphql-post-handler.js';
import { mountIngestEvents } from './http/mount-ingest-events.js';
import { mountMetrics } from './http/mount-metrics.js';
import { mountProbes } from './probes.js';
import { approvalJournalPath, createApprovalJournal, openApprovalJournal } from './services/approval-journal.js';
import { fileAuditLog, type AuditLog } from './services/audit-log.js';
import type { ApiServices } from './services/api-services.js';
import { openDecisionLogView } from './services/decision-log-view.js';
import { openPolicyRegistry } from './services/policy-registry.js';
import { createRiskGraphCache } from './services/risk-graph-cache.js';
import { mountSubscriptions, type SubscriptionServer } from './subscriptions/mount-subscriptions.js';

export interface ApiServerOptions {
  readonly store: GraphStore;
  /** Built by the caller (buildProjection); the server keeps it current from the change feed. */
  readonly projection: Projection;
  readonly config: Readonly<ApiConfig>;
  readonly logger: Logger;
  /** Folder of the served `.graphql` files (the repository's `graphql/`). */
  readonly schemaDir: string;
  /** Bundled JSON-LD contexts for NGSI-LD ingest. */
  readonly contexts: BundledContexts;
  /** The explorer's page assets; without them `/` says the explorer is not built. */
  readonly explorer?: ExplorerAssets;
  /** Defaults to the JSONL file at config.auditLogPath. */
  readonly auditLog?: AuditLog;
  /** The hash-chained decision log (JSONL) the loop appends to; `decision(s)` read it, following appends. */
  readonly decisionLog?: string;
  /** The running loop: alerts, incidents, feedback, approvals, subscriptions, POST /ingest/events. */
  readonly live?: LiveFeed;
  /**
   * The rules folder to serve (`policies`) and where `publishPolicyBundle` writes published
   * bundles; `onPublished` hands each newly active bundle to the loop.
   */
  readonly policies?: { readonly dir: string; readonly publishDir: string; readonly onPublished?: (bundle: OpenPolicyBundle, dir: string) => void };
  /** Prometheus text for `GET /metrics`; the route is absent without it. */
  readonly metrics?: () => string;
}

export interface ApiServer {
  /**
   * Listens on config.host:config.port (port 0: any free port); resolves to the base URL. When
   * listening fails (CG_API_LISTEN_FAILED) Apollo is stopped and nothing stays open; the server
   * cannot be started again (create another).
   */
  start(): Promise<{ readonly url: string; readonly port: number }>;
  /** Closes subscriptions, stops accepting requests, drains in-flight ones, stops the refresh timer. Leaves the store and the loop open. */
  stop(): Promise<void>;
}

function isErrnoException(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error;
}

/** Listens on config.host:config.port; a failure (port taken, address not local) rejects and leaves no listener. */
function listen(httpServer: Server, config: Readonly<ApiConfig>): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const fail = (error: Error): void => reject(error);
    httpServer.once('error', fail);
    httpServer.listen(config.port, config.host, () => {
      httpServer.off('error', fail);
      resolve();
    });
  });
}

/** Largest JSON body of `POST /graphql`, on both the fast path and Express's parser. */
const GRAPHQL_BODY_LIMIT_BYTES = 12 * 1024 * 1024;

/**
 * Errors of Express's JSON parser on the slow path (compressed, chunked or odd-charset bodies) as
 * the fast path answers them: a coded GraphQL error, never Express's HTML page with a stack.
 */
const graphqlBodyErrors: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  const type = typeof error === 'object' && error !== null && 'type' in error ? String(error.type) : '';
  if (!/^(entity|charset|encoding|request)\./.test(type) || res.headersSent) {
    next(error);
    return;
  }
  const status = (error as { status?: unknown }).status;
  badJsonBody(res, error instanceof Error ? error.message : type, typeof status === 'number' && status >= 400 && status < 500 ? status : 400);
};

/**
 * The HTTP server in front of Express: a handler given to `takeFirst` sees every request first and
 * answers those it returns true for (the `POST /graphql` fast path); Express gets the rest.
 */
function frontServer(app: Express, config: Readonly<ApiConfig>): { httpServer: Server; takeFirst(handler: (req: IncomingMessage, res: ServerResponse) => boolean): void } {
  let first: ((req: IncomingMessage, res: ServerResponse) => boolean) | undefined;
  const httpServer = createServer((req, res) => {
    if (first?.(req, res) !== true) app(req, res);
  });
  httpServer.requestTimeout = config.requestTimeoutMs + 5_000;
  httpServer.headersTimeout = Math.min(60_000, config.requestTimeoutMs + 5_000);
  return {
    httpServer,
    takeFirst(handler) {
      first = handler;
    },
  };
}

/** Keeps one projection refresh in flight at a time; failures are logged, not thrown to callers. */
function projectionRefresher(store: GraphStore, projection: Projection, logger: Logger): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => {
    running ??= projection
      .refresh(store)
      .then(() => undefined)
      .catch((error: unknown) => logger.warn({ err: error }, 'projection refresh failed'))
      .finally(() => {
        running = undefined;
      });
    return running;
  };
}

/** What resolvers call, built once per server from the options (see ApiServices). */
function buildServices(options: ApiServerOptions, logger: Logger, refreshProjection: () => Promise<void>): ApiServices {
  const { store, projection, config } = options;
  return {
    store,
    projection,
    risk: createRiskEngine(projection),
    riskGraphs: createRiskGraphCache(projection),
    auditLog: options.auditLog ?? fileAuditLog(config.auditLogPath),
    contexts: options.contexts,
    refreshProjection,
    logger,
    // Durable next to the decision log (approve/reject need one); in memory otherwise.
    approvals: options.decisionLog === undefined ? createApprovalJournal() : openApprovalJournal(approvalJournalPath(options.decisionLog)),
    ...(options.live === undefined ? {} : { live: options.live }),
    ...(options.decisionLog === undefined ? {} : { decisions: openDecisionLogView(options.decisionLog) }),
    ...(options.policies === undefined ? {} : { policies: openPolicyRegistry(options.policies) }),
  };
}

/**
 * The GraphQL API server (DESIGN.md §9): Apollo Server 5 on Express 5, `POST|GET /graphql`,
 * graphql-ws subscriptions on the same path, `GET /health`, `GET /ready`, `GET /metrics` and
 * `POST /ingest/events` when given a metrics source and a live loop, the explorer at `/`. Apollo's landing page is disabled; errors
 * carry our codes; depth and cost are limited before execution; every request is authenticated.
 */
export async function createApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const { store, projection, config } = options;
  const logger = capabilityLogger(options.logger, 'api');
  const schema = await loadSchema(options.schemaDir);
  const refreshProjection = projectionRefresher(store, projection, logger);
  const services = buildServices(options, logger, refreshProjection);
  for (const found of services.approvals.diagnostics) logger.warn({ diagnostic: found }, found.message);
  const app = express();
  const { httpServer, takeFirst } = frontServer(app, config);
  const { server: apolloServer, disabled, drain, express5 } = apolloModules();
  const formatError = createFormatError(logger);
  const apollo = new apolloServer.ApolloServer<ApiContext>({
    schema,
    // Cache control is off: we send no cache hints, and its per-field hook made Apollo wrap every
    // resolver (about a fifth of a riskGraph request's CPU, measured with --cpu-prof).
    plugins: [disabled.ApolloServerPluginLandingPageDisabled(), disabled.ApolloServerPluginCacheControlDisabled(), drain.ApolloServerPluginDrainHttpServer({ httpServer }), jsonStatusPlugin()],
    formatError,
    validationRules: [queryLimitsRule(config), httpOperationsRule],
    includeStacktraceInErrorResponses: false,
    csrfPrevention: { requestHeaders: ['x-api-key', 'authorization', 'apollo-require-preflight', 'x-apollo-operation-name'] },
    introspection: true,
  });
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let subscriptions: SubscriptionServer | undefined;
  return {
    async start() {
      await apollo.start();
      app.disable('x-powered-by');
      // /graphql first: Express matches routes in order, and it takes nearly all the traffic.
      const context = createContextFunction(config, services);
      // The hot path: plain JSON POSTs bypass Express (graphql-post-handler.ts); the rest land here.
      takeFirst(graphqlPostHandler({ apollo, context, limitBytes: GRAPHQL_BODY_LIMIT_BYTES, onError: (error) => logger.error({ err: error }, 'POST /graphql failed outside Apollo') }));
      app.use('/graphql', express.json({ limit: GRAPHQL_BODY_LIMIT_BYTES }), express5.expressMiddleware(apollo, { context }), graphqlBodyErrors);
      mountProbes(app, { store, projection, isStopping: () => stopping });
      mountExplorer(app, options.explorer);
      mountMetrics(app, options.metrics);
      mountIngestEvents(app, config, services);
      try {
        await listen(httpServer, config);
      } catch (error) {
        await apollo.stop().catch((stopError: unknown) => logger.warn({ err: stopError }, 'stopping Apollo after a failed listen failed'));
        await services.approvals.close().catch((closeError: unknown) => logger.warn({ err: closeError }, 'closing the approval journal after a failed listen failed'));
        throw new EngineError('CG_API_LISTEN_FAILED', `cannot listen on ${config.host}:${config.port}: ${error instanceof Error ? error.message : String(error)}`, {
          cause: error,
          details: { host: config.host, port: config.port, ...(isErrnoException(error) && error.code !== undefined ? { reason: error.code } : {}) },
        });
      }
      // After listen: the WebSocket server forwards the HTTP server's errors, and a failed listen
      // must leave no socket server or listener behind. No upgrade can arrive before this line.
      subscriptions = mountSubscriptions({ httpServer, schema, config, services, formatError });
      if (config.refreshIntervalMs > 0) timer = setInterval(() => void refreshProjection(), config.refreshIntervalMs).unref();
      const port = (httpServer.address() as AddressInfo).port;
      const host = config.host.includes(':') ? `[${config.host}]` : config.host;
      logger.info({ port, host: config.host }, 'API server listening');
      return { url: `http://${host}:${port}`, port };
    },
    async stop() {
      stopping = true;
      clearInterval(timer);
      await subscriptions?.dispose();
      await apollo.stop();
      if (httpServer.listening) await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await services.approvals.close();
    },
  };
}
