import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { DocumentNode, GraphQLError as GraphQLErrorType, GraphQLFormattedError, GraphQLSchema } from 'graphql';
import type * as GraphqlWsUseWs from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { EngineError, isEngineError } from '../../core/index.js';
import type { ApiConfig } from '../api-config.js';
import type { ApiContext } from '../api-context.js';
import { authenticate, type Principal } from '../auth/authenticate.js';
import { nodeLoader } from '../create-context.js';
import { graphqlRuntime } from '../graphql-runtime.js';
import { queryLimitsRule } from '../limits/query-limits.js';
import type { ApiServices } from '../services/api-services.js';

const { GraphQLError, parse, specifiedRules, validate } = graphqlRuntime;

/** Subscriptions one connection may hold at once (CG_API_SUBSCRIPTION_LIMIT beyond). */
export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 20;

export interface SubscriptionServerOptions {
  readonly httpServer: Server;
  readonly schema: GraphQLSchema;
  readonly config: Readonly<ApiConfig>;
  readonly services: ApiServices;
  readonly formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
}

export interface SubscriptionServer {
  /** Closes every socket (1001 Going away, which completes their subscriptions) and the WebSocket server. */
  dispose(): Promise<void>;
}

type ConnectionExtra = Record<PropertyKey, unknown> & { principal?: Principal };

/** graphql-ws through its CommonJS build, so it shares graphql-js with Apollo (see graphql-runtime.ts). */
function graphqlWs(): typeof GraphqlWsUseWs {
  return createRequire(import.meta.url)('graphql-ws/use/ws') as typeof GraphqlWsUseWs;
}

const header = (params: Readonly<Record<string, unknown>> | undefined, name: string): string | undefined => {
  const value = params?.[name];
  return typeof value === 'string' ? value : undefined;
};

/** A GraphQL error carrying our code, so formatError shapes it like an HTTP one. */
function coded(error: GraphQLErrorType): GraphQLErrorType {
  if (typeof error.extensions['code'] === 'string') return error;
  return new GraphQLError(error.message, { ...(error.nodes ? { nodes: error.nodes } : {}), extensions: { code: 'CG_API_BAD_REQUEST' } });
}

/** Parses and validates one subscribe payload with the same depth and cost limits as HTTP requests. */
function checkDocument(schema: GraphQLSchema, config: Readonly<ApiConfig>, query: string): DocumentNode | readonly GraphQLErrorType[] {
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    return [coded(error instanceof GraphQLError ? error : new GraphQLError(String(error)))];
  }
  const errors = validate(schema, document, [...specifiedRules, queryLimitsRule(config)]);
  return errors.length > 0 ? errors.map(coded) : document;
}

/**
 * GraphQL over WebSocket (graphql-ws protocol) on the API's HTTP server and path `/graphql`
 * (DESIGN.md §9 subscriptions). `connection_init` carries the same credentials as HTTP
 * (`{ "x-api-key": ... }` or `{ "authorization": "Bearer ..." }`); a refused caller's socket is
 * closed with 4401 (no credentials) or 4403 and the error code as the close reason. Every
 * operation is validated with the depth and cost limits before it runs, roles are checked per
 * field (`@auth`), and errors leave shaped by the server's formatError (our codes, no stacks).
 */
export function mountSubscriptions(options: SubscriptionServerOptions): SubscriptionServer {
  const { schema, config, services } = options;
  const wss = new WebSocketServer({ server: options.httpServer, path: '/graphql', maxPayload: 1024 * 1024 });
  const formatOne = (error: GraphQLErrorType): GraphQLFormattedError => options.formatError(error.toJSON(), isEngineError(error.originalError) ? error.originalError : error);
  const server = graphqlWs().useServer<Record<string, unknown>, ConnectionExtra>(
    {
      isProd: true,
      async onConnect(ctx) {
        try {
          ctx.extra.principal = await authenticate({ 'x-api-key': header(ctx.connectionParams, 'x-api-key'), authorization: header(ctx.connectionParams, 'authorization') }, config);
          return true;
        } catch (error) {
          if (!(error instanceof EngineError)) throw error;
          ctx.extra.socket.close(error.code === 'CG_API_UNAUTHENTICATED' ? 4401 : 4403, error.code);
          return false;
        }
      },
      onSubscribe(ctx, _id, payload) {
        const principal = ctx.extra.principal;
        if (principal === undefined) return [new GraphQLError('the connection is not authenticated', { extensions: { code: 'CG_API_UNAUTHENTICATED' } })];
        const held = Object.keys(ctx.subscriptions).length;
        if (held > MAX_SUBSCRIPTIONS_PER_CONNECTION) {
          return [new GraphQLError(`a connection may hold ${MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions`, { extensions: { code: 'CG_API_SUBSCRIPTION_LIMIT', details: { limit: MAX_SUBSCRIPTIONS_PER_CONNECTION } } })];
        }
        const document = checkDocument(schema, config, payload.query);
        if (Array.isArray(document)) return document as readonly GraphQLErrorType[];
        const contextValue: ApiContext = {
          principal,
          services,
          loaders: { node: nodeLoader(services, false) },
          deadline: Number.POSITIVE_INFINITY,
          requestId: `ws:${String(_id)}`,
          logger: services.logger,
        };
        return { schema, document: document as DocumentNode, operationName: payload.operationName ?? null, variableValues: payload.variables ?? null, contextValue };
      },
      onNext(_ctx, _id, _payload, _args, result) {
        if (result.errors === undefined) return undefined;
        return { ...result, errors: result.errors.map(formatOne) };
      },
      onError(_ctx, _id, _payload, errors) {
        return errors.map(formatOne);
      },
    },
    wss,
  );
  return {
    async dispose() {
      await server.dispose();
    },
  };
}
