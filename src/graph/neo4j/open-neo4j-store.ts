/**
 * Opens the Neo4j store: creates the driver, checks in one auto-commit
 * statement (not retried, so a dead server fails at once) that the server
 * answers, accepts the credentials and hosts the database, then puts the schema
 * in place (./schema.ts). Every failure is mapped by `Neo4jError.code` in
 * ./neo4j-errors.ts: CG_STORE_AUTH_FAILED, CG_STORE_UNAVAILABLE (naming the
 * URI), CG_STORE_DATABASE_NOT_FOUND (naming the database).
 */
import neo4j, { type Driver } from 'neo4j-driver';
import { EngineError, type Logger } from '../../core/index.js';
import { Neo4jConnection } from './connection.js';
import { mapNeo4jError, type StoreName } from './neo4j-errors.js';
import { Neo4jStore } from './neo4j-store.js';
import { META_LABEL, baseSchemaStatements, ontologyRelationshipTypes } from './schema.js';

export interface Neo4jStoreOptions {
  /** Bolt URI, e.g. `bolt://127.0.0.1:7687` or `neo4j://host:7687` (routing, for clusters). */
  readonly uri: string;
  /** User name; default `neo4j`. Ignored when `password` is absent. */
  readonly user?: string;
  /** Password; absent or null = no authentication (a server with auth off). */
  readonly password?: string | null;
  /** Database every statement names; default `neo4j`. */
  readonly database?: string;
  /** Rows per `UNWIND` statement inside a write (default 5,000). */
  readonly batchSize?: number;
  /** Node labels of a kind: the kind and its ontology superclasses (src/ontology `labelsOf`). */
  readonly labelsOf: (kind: string) => readonly string[];
  readonly logger?: Logger;
  /** How long managed transactions retry transient failures (driver `maxTransactionRetryTime`); default 30,000 ms. */
  readonly retryTimeMs?: number;
  /** TCP connect timeout (driver `connectionTimeout`); default 10,000 ms. */
  readonly connectionTimeoutMs?: number;
}

/** Constraint-backed indexes share their constraint's name, so indexes list every schema object. */
const SCHEMA_NAMES = 'SHOW INDEXES YIELD name RETURN name';
const CG_TYPES =
  "SHOW CONSTRAINTS YIELD name, labelsOrTypes, entityType WHERE entityType = 'RELATIONSHIP' AND name STARTS WITH 'cg_rel_id_' " +
  'RETURN labelsOrTypes[0] AS type';

function badOption(name: string, why: string, value: unknown): EngineError {
  return new EngineError('CG_ARGUMENT_INVALID', `Neo4j store option ${name} ${why}`, { details: { option: name, value } });
}

function checkOptions(options: Neo4jStoreOptions): { database: string; batchSize: number } {
  if (typeof options.uri !== 'string' || options.uri.trim() === '') throw badOption('uri', 'must be a Bolt URI', options.uri);
  const database = options.database ?? 'neo4j';
  if (database === '') throw badOption('database', 'must not be empty', database);
  const batchSize = options.batchSize ?? 5000;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw badOption('batchSize', 'must be an integer >= 1', batchSize);
  return { database, batchSize };
}

function createDriver(options: Neo4jStoreOptions, name: StoreName): Driver {
  const auth = options.password === undefined || options.password === null ? undefined : neo4j.auth.basic(options.user ?? 'neo4j', options.password);
  try {
    return neo4j.driver(options.uri, auth, {
      maxTransactionRetryTime: options.retryTimeMs ?? 30_000,
      connectionTimeout: options.connectionTimeoutMs ?? 10_000,
      userAgent: 'civgraph',
    });
  } catch (error) {
    throw mapNeo4jError(error, name, 'open');
  }
}

/** Auth, reachability and the database in one statement that the driver does not retry. */
async function verify(driver: Driver, name: StoreName): Promise<void> {
  const session = driver.session({ database: name.database, defaultAccessMode: neo4j.session.WRITE });
  try {
    await session.run('RETURN 1');
  } catch (error) {
    throw mapNeo4jError(error, name, 'open');
  } finally {
    await session.close().catch(() => undefined);
  }
}

async function prepareSchema(conn: Neo4jConnection): Promise<void> {
  for (const row of await conn.query(SCHEMA_NAMES, {}, 'open')) conn.schemaNames.add(String(row.name));
  await conn.runSchema(baseSchemaStatements());
  await conn.query(`MERGE (m:${META_LABEL} {id: 'version'}) ON CREATE SET m.value = 0`, {}, 'write');
  const existing = (await conn.query(CG_TYPES, {}, 'open')).map((row) => String(row.type));
  await conn.ensureTypes([...ontologyRelationshipTypes(), ...existing]);
}

/**
 * Opens a Neo4j GraphStore. Resolves once the server has answered, accepted
 * the credentials and shown the database, and the schema is in place.
 */
export async function openNeo4jStore(options: Neo4jStoreOptions): Promise<Neo4jStore> {
  const { database, batchSize } = checkOptions(options);
  const name: StoreName = { uri: options.uri, database, description: `neo4j store ${options.uri} (database ${database})` };
  const driver = createDriver(options, name);
  const conn = new Neo4jConnection(driver, name, options.logger);
  try {
    await verify(driver, name);
    await prepareSchema(conn);
  } catch (error) {
    await conn.close().catch(() => undefined);
    throw error instanceof EngineError ? error : mapNeo4jError(error, name, 'open');
  }
  options.logger?.info({ uri: options.uri, database }, 'neo4j store opened');
  return new Neo4jStore(conn, options.labelsOf, batchSize);
}
