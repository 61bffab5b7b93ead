/**
 * The one place Neo4j driver failures become EngineErrors (STYLE.md "map
 * errors once at each boundary: driver errors by Neo4jError.code, never by
 * message text"). Messages are one line and name the store, e.g. "neo4j store
 * bolt://127.0.0.1:7687 (database neo4j) cannot be reached".
 */
import { Neo4jError } from 'neo4j-driver';
import { EngineError, type ErrorCode } from '../../core/index.js';

/** What the store was doing, for the fallback code and the message. */
export type Neo4jOperation = 'open' | 'read' | 'write';

interface Mapping {
  readonly code: ErrorCode;
  readonly says: (store: StoreName) => string;
}

/** The store's identity as the messages name it. */
export interface StoreName {
  readonly description: string;
  readonly uri: string;
  readonly database: string;
}

const UNREACHABLE: Mapping = {
  code: 'CG_STORE_UNAVAILABLE',
  says: (store) => `The ${store.description} cannot be reached at ${store.uri}; check the URI and that Neo4j is running`,
};

/** Neo4jError.code → engine code (exact codes first, then classification prefixes). */
const BY_CODE: Readonly<Record<string, Mapping>> = {
  ServiceUnavailable: UNREACHABLE,
  SessionExpired: UNREACHABLE,
  'Neo.ClientError.Security.Unauthorized': {
    code: 'CG_STORE_AUTH_FAILED',
    says: (store) => `The ${store.description} rejected the credentials; check the user and password`,
  },
  'Neo.ClientError.Security.AuthenticationRateLimit': {
    code: 'CG_STORE_AUTH_FAILED',
    says: (store) => `The ${store.description} refused authentication after too many failed attempts; check the password and retry later`,
  },
  'Neo.ClientError.Database.DatabaseNotFound': {
    code: 'CG_STORE_DATABASE_NOT_FOUND',
    says: (store) => `The ${store.description} has no database named "${store.database}"; create it or fix the database name`,
  },
  'Neo.ClientError.Schema.ConstraintValidationFailed': {
    code: 'CG_STORE_CONFLICT',
    says: (store) => `A write to the ${store.description} violated a uniqueness constraint (a concurrent writer or a duplicate edge id); retry the batch`,
  },
  'Neo.TransientError.Transaction.DeadlockDetected': {
    code: 'CG_STORE_CONFLICT',
    says: (store) => `A write to the ${store.description} deadlocked with a concurrent writer and kept failing after retries; retry the batch`,
  },
};

const BY_PREFIX: readonly (readonly [string, Mapping])[] = [
  [
    'Neo.TransientError.',
    { code: 'CG_STORE_UNAVAILABLE', says: (store) => `The ${store.description} kept failing with a transient error after retries` },
  ],
];

const FALLBACK: Readonly<Record<Neo4jOperation, Mapping>> = {
  open: { code: 'CG_STORE_OPEN_FAILED', says: (store) => `Opening the ${store.description} failed` },
  read: { code: 'CG_STORE_READ_FAILED', says: (store) => `Reading the ${store.description} failed` },
  write: { code: 'CG_STORE_WRITE_FAILED', says: (store) => `Writing to the ${store.description} failed; the batch was not applied` },
};

function mappingOf(code: string, operation: Neo4jOperation): Mapping {
  const exact = BY_CODE[code];
  if (exact !== undefined) return exact;
  const prefixed = BY_PREFIX.find(([prefix]) => code.startsWith(prefix));
  return prefixed === undefined ? FALLBACK[operation] : prefixed[1];
}

/** First line of a driver message, for the reason detail (never used to classify). */
function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n')[0] ?? '').trim();
}

/** Maps any failure to an EngineError; EngineErrors pass through unchanged. */
export function mapNeo4jError(error: unknown, store: StoreName, operation: Neo4jOperation): EngineError {
  if (error instanceof EngineError) return error;
  const neo4jCode = error instanceof Neo4jError ? error.code : undefined;
  const mapping = neo4jCode === undefined ? FALLBACK[operation] : mappingOf(neo4jCode, operation);
  const reason = firstLine(error);
  const message = mapping === FALLBACK[operation] && reason !== '' ? `${mapping.says(store)}: ${reason}` : mapping.says(store);
  return new EngineError(mapping.code, message, {
    details: { uri: store.uri, database: store.database, operation, neo4jCode: neo4jCode ?? null, reason },
    cause: error,
  });
}
