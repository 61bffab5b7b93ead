import { readFileSync } from 'node:fs';
import { type z } from 'zod';
import { EngineError } from '../core/index.js';
import { configSchema, type Config } from './schema.js';

type Json = Record<string, unknown>;

export interface ConfigSources {
  /** Parsed contents of a config file, if one was given. */
  readonly file?: { readonly path: string; readonly value: unknown };
  /** The process environment (passed in, never read at import time). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Values from command-line flags, already shaped like the config. */
  readonly overrides?: Json;
}

/** Environment variables the engine reads, and the config key each sets. */
export const ENV_KEYS: Readonly<Record<string, readonly string[]>> = {
  CIVGRAPH_STORE: ['store', 'kind'],
  CIVGRAPH_STORE_PATH: ['store', 'path'],
  CIVGRAPH_LOG_LEVEL: ['log', 'level'],
  NEO4J_URI: ['store', 'neo4j', 'uri'],
  NEO4J_USER: ['store', 'neo4j', 'user'],
  NEO4J_PASSWORD: ['store', 'neo4j', 'password'],
  NEO4J_DATABASE: ['store', 'neo4j', 'database'],
};

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function setPath(target: Json, path: readonly string[], value: unknown): void {
  let cursor = target;
  for (const key of path.slice(0, -1)) {
    const next = cursor[key];
    if (!isObject(next)) cursor[key] = {};
    cursor = cursor[key] as Json;
  }
  cursor[path[path.length - 1] as string] = value;
}

function merge(base: Json, top: Json): Json {
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(top)) {
    if (value === undefined) continue;
    const prior = out[key];
    out[key] = isObject(prior) && isObject(value) ? merge(prior, value) : value;
  }
  return out;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

function fromEnv(env: Readonly<Record<string, string | undefined>>): Json {
  const out: Json = {};
  for (const [name, path] of Object.entries(ENV_KEYS)) {
    const raw = env[name];
    if (raw !== undefined && raw !== '') setPath(out, path, raw);
  }
  return out;
}

function describeIssues(error: z.ZodError, origin: string): string {
  const problems = error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : '(top level)'}: ${issue.message}`);
  return `invalid ${origin}: ${problems.join('; ')}`;
}

/**
 * Builds the configuration from defaults < file < environment < flags,
 * validates it once (reporting every problem together), and freezes it.
 */
export function loadConfig(sources: ConfigSources = {}): Readonly<Config> {
  let layered: Json = {};
  if (sources.file) {
    if (!isObject(sources.file.value)) {
      throw new EngineError('CG_CONFIG_INVALID', `${sources.file.path}: the configuration must be a JSON object`);
    }
    layered = merge(layered, sources.file.value);
  }
  if (sources.env) layered = merge(layered, fromEnv(sources.env));
  if (sources.overrides) layered = merge(layered, sources.overrides);
  const parsed = configSchema.safeParse(layered);
  if (!parsed.success) {
    const origin = sources.file ? `configuration (${sources.file.path}, environment, flags)` : 'configuration';
    throw new EngineError('CG_CONFIG_INVALID', describeIssues(parsed.error, origin), {
      details: { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
    });
  }
  return deepFreeze(parsed.data);
}

/** Reads and parses a JSON config file, with a one-line error naming the file. */
export function readConfigFile(path: string): { path: string; value: unknown } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new EngineError('CG_CONFIG_UNREADABLE', `cannot read configuration file ${path}: ${(cause as Error).message}`, { cause });
  }
  try {
    return { path, value: JSON.parse(text) as unknown };
  } catch (cause) {
    throw new EngineError('CG_CONFIG_UNREADABLE', `configuration file ${path} is not valid JSON: ${(cause as Error).message}`, { cause });
  }
}
