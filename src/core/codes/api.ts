import type { ErrorCodeSpec } from './types.js';

/** Codes for the api capability. Documented in docs/errors/api.md. */
export const API_CODES = {
  CG_API_UNAUTHENTICATED: {
    category: 'forbidden',
    summary: 'The request carries no valid API key or bearer token and anonymous reads are off.',
  },
  CG_API_FORBIDDEN: { category: 'forbidden', summary: 'The caller’s role may not use this field or operation.' },
  CG_API_TOKEN_INVALID: {
    category: 'forbidden',
    summary: 'The bearer token is malformed, expired, wrongly signed or names no known role.',
  },
  CG_API_QUERY_TOO_DEEP: { category: 'validation', summary: 'The query nests selections deeper than the depth limit.' },
  CG_API_QUERY_TOO_COSTLY: { category: 'validation', summary: 'The estimated cost of the query exceeds the cost limit.' },
  CG_API_BAD_REQUEST: {
    category: 'validation',
    summary: 'The GraphQL document does not parse or validate against the schema, or an argument is out of range.',
  },
  CG_API_NOT_FOUND: { category: 'not_found', summary: 'No node has the requested id.' },
  CG_API_TIMEOUT: { category: 'unavailable', summary: 'The request ran longer than the request timeout and was cut off.' },
  CG_API_NOT_READY: { category: 'unavailable', summary: 'The server has not finished building its graph projection.' },
  CG_API_CONFIG_INVALID: {
    category: 'validation',
    summary: 'An API setting (keys, JWT secret, port, limits) is malformed.',
  },
  CG_API_SCHEMA_LOAD_FAILED: {
    category: 'internal',
    summary: 'The GraphQL schema files could not be read or do not build a valid schema.',
  },
  CG_API_AUDIT_WRITE_FAILED: {
    category: 'unavailable',
    summary: 'A mutation could not be recorded in the audit log, so it was not run.',
  },
  CG_API_LIVE_UNAVAILABLE: {
    category: 'unavailable',
    summary: 'The operation reads or drives the live loop, and this server runs without one.',
  },
  CG_API_DECISIONS_UNAVAILABLE: {
    category: 'unavailable',
    summary: 'The server has no decision log, or the log cannot be read.',
  },
  CG_API_POLICIES_UNAVAILABLE: {
    category: 'unavailable',
    summary: 'The server has no policy bundle to list or to publish over.',
  },
  CG_API_POLICY_BUNDLE_INVALID: {
    category: 'validation',
    summary: 'The published policy bundle has lint errors; it was refused and the active bundle kept.',
  },
  CG_API_SUBSCRIPTION_LIMIT: {
    category: 'validation',
    summary: 'The connection already holds the most subscriptions one connection may hold.',
  },
  CG_API_SUBSCRIPTION_OVERFLOW: {
    category: 'unavailable',
    summary: 'The subscriber fell too far behind the live stream and its subscription was ended.',
  },
  CG_API_EVENTS_INVALID: {
    category: 'validation',
    summary: 'The body of POST /ingest/events is not a JSON array of { topic, payload } items.',
  },
  CG_API_LISTEN_FAILED: {
    category: 'unavailable',
    summary: 'The server could not listen on its host and port (in use, or not a local address); nothing was left open.',
  },
  CG_API_APPROVALS_CHAIN_BROKEN: {
    category: 'conflict',
    summary: 'The approval journal next to the decision log does not verify (a line is not JSON, or was edited, removed or reordered); the server does not start on it.',
  },
  CG_API_APPROVALS_IO_FAILED: {
    category: 'unavailable',
    summary: 'The approval journal cannot be read at start or appended to; the approval was handed to the loop but is not on disk.',
  },
  CG_API_APPROVALS_TORN_LINE: {
    category: 'validation',
    summary: 'A warning at start: the approval journal ended in an interrupted write (a line without its newline), which was ignored and cut off.',
  },
  CG_API_INTERNAL: { category: 'internal', summary: 'An unexpected server error; the details are in the server log.' },
} as const satisfies Record<string, ErrorCodeSpec>;
