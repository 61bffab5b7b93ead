import { EngineError } from '../core/index.js';

/** The four roles of DESIGN.md §9. */
export const ROLES = ['architect', 'soc', 'analyst', 'reader'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Settings of the API server. The CLI (`civgraph serve`) builds them from flags and the
 * environment (resolveApiConfig); nothing in src/api reads the environment itself.
 */
export interface ApiConfig {
  readonly host: string;
  readonly port: number;
  /** API key → role. Keys travel in the `X-API-Key` header. */
  readonly apiKeys: ReadonlyMap<string, Role>;
  /** HS256 secret for bearer JWTs (claims `sub`, `role`); JWT auth is off when absent. */
  readonly jwtSecret?: string;
  /** Let unauthenticated callers read (never mutate): local demos only. */
  readonly allowAnonymousRead: boolean;
  /** Maximum selection depth, checked before execution. */
  readonly maxDepth: number;
  /** Maximum estimated cost (page sizes multiplied through nesting), checked before execution. */
  readonly maxCost: number;
  /** Wall-clock budget of one GraphQL operation, in milliseconds. */
  readonly requestTimeoutMs: number;
  /** Append-only JSONL file recording every mutation. */
  readonly auditLogPath: string;
  /** How often the projection pulls the store's change feed, in milliseconds (0: never). */
  readonly refreshIntervalMs: number;
}

export const API_DEFAULTS = {
  host: '127.0.0.1',
  port: 4000,
  maxDepth: 10,
  maxCost: 25_000,
  requestTimeoutMs: 10_000,
  auditLogPath: './civgraph-audit.jsonl',
  refreshIntervalMs: 5_000,
} as const;

const MIN_KEY_LENGTH = 16;
const MIN_SECRET_BYTES = 32;

function invalid(setting: string, message: string): EngineError {
  return new EngineError('CG_API_CONFIG_INVALID', message, { details: { setting } });
}

function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/**
 * Parses `key1:architect,key2:reader` (the CIVGRAPH_API_KEYS format). Keys shorter than
 * 16 characters are refused: they are guessable.
 */
export function parseApiKeys(text: string): ReadonlyMap<string, Role> {
  const keys = new Map<string, Role>();
  for (const entry of text.split(',').map((e) => e.trim()).filter((e) => e !== '')) {
    const colon = entry.lastIndexOf(':');
    const key = colon === -1 ? '' : entry.slice(0, colon);
    const role = colon === -1 ? '' : entry.slice(colon + 1).toLowerCase();
    if (key === '' || !isRole(role)) {
      throw invalid('CIVGRAPH_API_KEYS', `API key entry ${keys.size + 1} must be key:role with role one of ${ROLES.join(', ')}`);
    }
    if (key.length < MIN_KEY_LENGTH) {
      throw invalid('CIVGRAPH_API_KEYS', `API key entry ${keys.size + 1} is shorter than ${MIN_KEY_LENGTH} characters`);
    }
    keys.set(key, role);
  }
  return keys;
}

export interface ApiConfigInput {
  readonly host?: string;
  readonly port?: number;
  readonly apiKeys?: string;
  readonly jwtSecret?: string;
  readonly allowAnonymousRead?: boolean;
  readonly maxDepth?: number;
  readonly maxCost?: number;
  readonly requestTimeoutMs?: number;
  readonly auditLogPath?: string;
  readonly refreshIntervalMs?: number;
}

function positiveInteger(setting: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalid(setting, `${setting} must be a whole number from ${min} to ${max}, got ${value}`);
  }
  return value;
}

/** Validates API settings once, with defaults, and freezes them. */
export function resolveApiConfig(input: ApiConfigInput): Readonly<ApiConfig> {
  if (input.jwtSecret !== undefined && Buffer.byteLength(input.jwtSecret) < MIN_SECRET_BYTES) {
    throw invalid('CIVGRAPH_JWT_SECRET', `the JWT secret must be at least ${MIN_SECRET_BYTES} bytes for HS256`);
  }
  return Object.freeze({
    host: input.host ?? API_DEFAULTS.host,
    port: positiveInteger('port', input.port ?? API_DEFAULTS.port, 0, 65_535),
    apiKeys: parseApiKeys(input.apiKeys ?? ''),
    ...(input.jwtSecret === undefined ? {} : { jwtSecret: input.jwtSecret }),
    allowAnonymousRead: input.allowAnonymousRead ?? false,
    maxDepth: positiveInteger('maxDepth', input.maxDepth ?? API_DEFAULTS.maxDepth, 1, 100),
    maxCost: positiveInteger('maxCost', input.maxCost ?? API_DEFAULTS.maxCost, 1, 10_000_000),
    requestTimeoutMs: positiveInteger('requestTimeoutMs', input.requestTimeoutMs ?? API_DEFAULTS.requestTimeoutMs, 1, 600_000),
    auditLogPath: input.auditLogPath ?? API_DEFAULTS.auditLogPath,
    refreshIntervalMs: positiveInteger('refreshIntervalMs', input.refreshIntervalMs ?? API_DEFAULTS.refreshIntervalMs, 0, 3_600_000),
  });
}
