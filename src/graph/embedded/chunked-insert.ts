/**
 * Multi-row INSERTs for the write path. A bulk load or a first ingest writes
 * mostly new rows; one INSERT of CHUNK_ROWS rows costs SQLite one statement
 * and the JS side one call and one result object instead of CHUNK_ROWS.
 * A chunk goes this way only when every row is new: each id is looked up first
 * (one index probe, which also brings the page the insert will touch into the
 * cache) and must not repeat within the chunk; otherwise the chunk is written
 * row by row (`writeNode` / `writeEdge` in apply-batch.ts), so rows, counts
 * and versions are exactly those of the row-by-row path. The statement is
 * `INSERT OR IGNORE` with no savepoint: a multi-row statement that can abort
 * makes SQLite keep a statement journal (a copy of every page it touches),
 * which cost more than the chunk saved on a 1M-device load; checked rows can
 * neither conflict nor be NULL, and the row count is asserted. The rowids of
 * the chunk are consecutive: a rowid table without AUTOINCREMENT gives each
 * new row `max(rowid) + 1` (sqlite.org/autoinc.html); the first is checked.
 */
import type { Database, Statement } from 'better-sqlite3';
import { invariant } from '../../core/index.js';
import { ENTITY_EDGE, ENTITY_NODE } from './schema.js';
import type { BatchContext } from './apply-batch.js';

/** Rows per multi-row INSERT: 64 × 6 parameters stays far below SQLite's 32,766 limit. */
export const CHUNK_ROWS = 64;

const NODE_COLUMNS = 4;
const EDGE_COLUMNS = 6;

interface RunResult {
  readonly changes: number;
  readonly lastInsertRowid: number | bigint;
}

/** The validated rows of the current chunk, as parallel arrays reused across chunks and batches. */
export class ChunkRows {
  readonly ids: string[] = new Array<string>(CHUNK_ROWS).fill('');
  readonly kids: number[] = new Array<number>(CHUNK_ROWS).fill(0);
  readonly props: (string | null)[] = new Array<string | null>(CHUNK_ROWS).fill(null);
  readonly srcs: number[] = new Array<number>(CHUNK_ROWS).fill(0);
  readonly dsts: number[] = new Array<number>(CHUNK_ROWS).fill(0);
  /** The bound parameters of one multi-row INSERT. */
  readonly nodeArgs: (string | number | null)[] = new Array<string | number | null>(CHUNK_ROWS * NODE_COLUMNS).fill(null);
  readonly edgeArgs: (string | number | null)[] = new Array<string | number | null>(CHUNK_ROWS * EDGE_COLUMNS).fill(null);
  /** The ids seen so far while checking a chunk. */
  readonly distinct = new Set<string>();
}

export interface ChunkStatements {
  readonly insertNodes: Statement<unknown[], unknown>;
  readonly insertEdges: Statement<unknown[], unknown>;
  readonly nidOfId: Statement<[string], unknown[]>;
  readonly edgeIdExists: Statement<[string], unknown[]>;
}

function values(columns: number): string {
  const row = `(${new Array<string>(columns).fill('?').join(', ')})`;
  return new Array<string>(CHUNK_ROWS).fill(row).join(', ');
}

export function prepareChunkStatements(db: Database): ChunkStatements {
  return {
    insertNodes: db.prepare(`INSERT OR IGNORE INTO nodes(id, kid, props, version) VALUES ${values(NODE_COLUMNS)}`),
    insertEdges: db.prepare(`INSERT OR IGNORE INTO edges(id, kid, src, dst, props, version) VALUES ${values(EDGE_COLUMNS)}`),
    nidOfId: (db.prepare('SELECT nid FROM nodes WHERE id = ?') as Statement<[string], unknown[]>).raw(true),
    edgeIdExists: (db.prepare('SELECT 1 FROM edges WHERE id = ?') as Statement<[string], unknown[]>).raw(true),
  };
}

/** True when the chunk's ids are distinct and none is in the store (`exists` probes one id). */
function allNew(rows: ChunkRows, exists: (id: string) => boolean): boolean {
  const distinct = rows.distinct;
  distinct.clear();
  for (let slot = 0; slot < CHUNK_ROWS; slot++) {
    const id = rows.ids[slot] as string;
    if (distinct.has(id) || exists(id)) return false;
    distinct.add(id);
  }
  return true;
}

/** Runs the multi-row INSERT of a checked chunk; every row goes in. */
function runChecked(insert: Statement<unknown[], unknown>, args: unknown[]): RunResult {
  const result = insert.run(args) as RunResult;
  invariant(result.changes === CHUNK_ROWS, 'a checked multi-row INSERT skipped a row');
  return result;
}

/** Inserts the chunk's CHUNK_ROWS nodes in one statement; false (nothing written) unless all are new and distinct. */
export function insertNodeChunk(ctx: BatchContext): boolean {
  const { ids, kids, props, nodeArgs } = ctx.rows;
  const chunk = ctx.stmts.chunk;
  if (!allNew(ctx.rows, (id) => ctx.nids.has(id) || chunk.nidOfId.get(id) !== undefined)) return false;
  for (let slot = 0, at = 0; slot < CHUNK_ROWS; slot++, at += NODE_COLUMNS) {
    nodeArgs[at] = ids[slot] as string;
    nodeArgs[at + 1] = kids[slot] as number;
    nodeArgs[at + 2] = props[slot] ?? null;
    nodeArgs[at + 3] = ctx.version;
  }
  const result = runChecked(chunk.insertNodes, nodeArgs);
  const first = Number(result.lastInsertRowid) - CHUNK_ROWS + 1;
  const check = chunk.nidOfId.get(ids[0] as string);
  invariant(check !== undefined && check[0] === first, 'multi-row INSERT gave non-consecutive rowids');
  for (let slot = 0; slot < CHUNK_ROWS; slot++) {
    ctx.nids.set(ids[slot] as string, first + slot);
    ctx.count(ENTITY_NODE, kids[slot] as number, 1);
  }
  return true;
}

/** Inserts the chunk's CHUNK_ROWS edges in one statement; false (nothing written) unless all are new and distinct. */
export function insertEdgeChunk(ctx: BatchContext): boolean {
  const { ids, kids, props, srcs, dsts, edgeArgs } = ctx.rows;
  const chunk = ctx.stmts.chunk;
  if (!allNew(ctx.rows, (id) => chunk.edgeIdExists.get(id) !== undefined)) return false;
  for (let slot = 0, at = 0; slot < CHUNK_ROWS; slot++, at += EDGE_COLUMNS) {
    edgeArgs[at] = ids[slot] as string;
    edgeArgs[at + 1] = kids[slot] as number;
    edgeArgs[at + 2] = srcs[slot] as number;
    edgeArgs[at + 3] = dsts[slot] as number;
    edgeArgs[at + 4] = props[slot] ?? null;
    edgeArgs[at + 5] = ctx.version;
  }
  runChecked(chunk.insertEdges, edgeArgs);
  for (let slot = 0; slot < CHUNK_ROWS; slot++) ctx.count(ENTITY_EDGE, kids[slot] as number, 1);
  return true;
}
