/**
 * What an offline import leaves to the running server (issue 3 item 3): the
 * schema Neo4jStore creates at open (./schema.ts: the `:CgNode(id)`,
 * `:CgTombstone`, `:CgMeta` constraints and indexes, and per relationship type
 * — the ontology's and the imported ones — a unique `id` constraint and a
 * `_version` range index), built over the imported data, then awaited ONLINE
 * (`CALL db.awaitIndexes`), then the fix-ups (./fixup-line.ts) set with Cypher
 * through those indexes. The statements are the store's own, so a later
 * `openNeo4jStore` finds every object and creates nothing.
 *
 * A relationship id constraint that cannot be created over the data means the
 * input wrote one edge id twice: CG_IMPORT_DUPLICATE_ID (Neo4jError code
 * `Neo.DatabaseError.Schema.ConstraintCreationFailed`).
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import neo4j, { Neo4jError, type Driver } from 'neo4j-driver';
import { EngineError } from '../../../core/index.js';
import { mapNeo4jError, type StoreName } from '../neo4j-errors.js';
import { NODE_LABEL, baseSchemaStatements, ontologyRelationshipTypes, quote, relationshipSchemaStatements } from '../schema.js';
import { decodeFixup, type Fixup } from './fixup-line.js';
import type { ImportFiles } from './import-files.js';

export interface FinishImportOptions {
  readonly uri: string;
  readonly user?: string;
  /** Absent or null: no authentication. */
  readonly password?: string | null;
  readonly files: Pick<ImportFiles, 'fixups' | 'types'>;
  /** How long to wait for index population, default 3,600 s. */
  readonly indexTimeoutSeconds?: number;
}

export interface FinishImportResult {
  /** Milliseconds creating the schema and waiting for its population. */
  readonly schemaMs: number;
  readonly fixups: number;
}

const FIXUP_BATCH = 1000;
/** A constraint that cannot be built over the data (5.26 reports it as a DatabaseError). */
const CONSTRAINT_FAILED: ReadonlySet<string> = new Set(['Neo.DatabaseError.Schema.ConstraintCreationFailed', 'Neo.ClientError.Schema.ConstraintCreationFailed']);

async function oneByOne(driver: Driver, name: StoreName, statements: readonly string[]): Promise<void> {
  for (const statement of statements) {
    try {
      await driver.executeQuery(statement, {}, { database: name.database });
    } catch (error) {
      if (error instanceof Neo4jError && CONSTRAINT_FAILED.has(error.code)) {
        const reason = error.message.replace(/\s*\n\s*/g, ' ').trim();
        throw new EngineError('CG_IMPORT_DUPLICATE_ID', `The imported graph in ${name.description} holds an edge id twice: ${reason}`, {
          details: { statement },
          cause: error,
        });
      }
      throw mapNeo4jError(error, name, 'open');
    }
  }
}

/** The store's schema statements one by one, so a constraint that cannot be built is named. */
async function createSchema(driver: Driver, name: StoreName, types: readonly string[]): Promise<void> {
  const all = [...new Set([...ontologyRelationshipTypes(), ...types])].sort();
  await oneByOne(driver, name, [...baseSchemaStatements(), ...all.flatMap(relationshipSchemaStatements)]);
}

async function applyGroup(driver: Driver, name: StoreName, query: string, rows: Fixup[]): Promise<void> {
  try {
    await driver.executeQuery(query, { rows: rows.map((row) => ({ id: row.node ?? row.edge, p: row.p })) }, { database: name.database });
  } catch (error) {
    throw mapNeo4jError(error, name, 'write');
  }
}

const nodeFixups = `UNWIND $rows AS row MATCH (n:${NODE_LABEL} {id: row.id}) SET n += row.p`;
const edgeFixups = (type: string): string => `UNWIND $rows AS row MATCH ()-[r:${quote(type)} {id: row.id}]->() SET r += row.p`;

/** Sets the fix-ups in batches of {@link FIXUP_BATCH} per node / relationship type. */
async function applyFixups(driver: Driver, name: StoreName, file: string): Promise<number> {
  const pending = new Map<string, Fixup[]>();
  let count = 0;
  const flush = async (key: string): Promise<void> => {
    const rows = pending.get(key) ?? [];
    pending.delete(key);
    if (rows.length > 0) await applyGroup(driver, name, key === '' ? nodeFixups : edgeFixups(key), rows);
  };
  for await (const line of createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })) {
    if (line === '') continue;
    const fixup = decodeFixup(line);
    const key = fixup.node !== undefined ? '' : (fixup.type ?? '');
    const rows = pending.get(key) ?? [];
    rows.push(fixup);
    pending.set(key, rows);
    count += 1;
    if (rows.length >= FIXUP_BATCH) await flush(key);
  }
  for (const key of [...pending.keys()]) await flush(key);
  return count;
}

/** Creates the store's schema over the imported graph, waits until it is ONLINE, then sets the fix-ups. */
export async function finishImport(options: FinishImportOptions): Promise<FinishImportResult> {
  const name: StoreName = { uri: options.uri, database: 'neo4j', description: `neo4j store ${options.uri} (database neo4j)` };
  const auth = options.password === undefined || options.password === null ? undefined : neo4j.auth.basic(options.user ?? 'neo4j', options.password);
  const driver = neo4j.driver(options.uri, auth, { userAgent: 'civgraph-bulk-import' });
  try {
    const start = performance.now();
    await createSchema(driver, name, options.files.types);
    try {
      await driver.executeQuery('CALL db.awaitIndexes($seconds)', { seconds: neo4j.int(options.indexTimeoutSeconds ?? 3600) }, { database: name.database });
    } catch (error) {
      throw mapNeo4jError(error, name, 'open');
    }
    const schemaMs = performance.now() - start;
    const fixups = options.files.fixups === null ? 0 : await applyFixups(driver, name, options.files.fixups);
    return { schemaMs, fixups };
  } finally {
    await driver.close();
  }
}
