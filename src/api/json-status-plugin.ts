import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import type { ApiContext } from './api-context.js';

/** Apollo's codes for a document that does not parse or validate, or variables that do not coerce. */
const REQUEST_ERROR_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT']);

/**
 * GraphQL over HTTP (https://graphql.github.io/graphql-over-http/draft/ §6.4.1): a client that
 * accepts only `application/json` SHOULD get 200 for request errors (parse, validation, variable
 * coercion) — the body carries them; `application/graphql-response+json` clients keep the 4xx
 * Apollo sends. Malformed requests (bad parameters) keep 400; authentication failures keep 401.
 */
export function jsonStatusPlugin(): ApolloServerPlugin<ApiContext> {
  return { requestDidStart: () => LISTENER };
}

/** One listener for every request: it keeps no per-request state, so none is allocated per request. */
const LISTENER: Promise<GraphQLRequestListener<ApiContext>> = Promise.resolve({
  willSendResponse({ request, response, errors }) {
    const accept = request.http?.headers.get('accept') ?? '';
    if (accept.includes('application/graphql-response+json')) return Promise.resolve();
    const requestError = (errors ?? []).some((e) => REQUEST_ERROR_CODES.has(String(e.extensions['code'])));
    if (requestError && response.http.status === 400 && response.body.kind === 'single' && response.body.singleResult.data === undefined) {
      response.http.status = 200;
    }
    return Promise.resolve();
  },
});
