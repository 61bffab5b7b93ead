/**
 * The change feed behind `changes(since)`. It is compacted: each live row
 * carries the version of its last write (indexed), each deleted id a tombstone
 * with the version of its deletion, so the feed holds the latest change per id
 * — exactly what a consumer needs to bring a copy (the projection) up to date,
 * in O(changes) rather than O(history).
 *
 * Order: by version; within a version tombstones, then nodes, then edges (the
 * order a batch applies them). A batch is never split across two answers, so a
 * consumer never sees half a batch: an answer stops before the batch that would
 * pass `limit`, unless that batch is the first, in which case it is returned
 * whole (the one case where an answer exceeds `limit`).
 */
import { EngineError } from '../../core/index.js';
import type { Change, ChangeSet } from '../port.js';
import { ENTITY_EDGE } from './schema.js';
import { EDGE_COLUMNS, EDGE_FROM, NODE_COLUMNS, type RecordReader, type Row } from './record-reader.js';

interface Head {
  readonly version: number;
  readonly rank: number;
  readonly change: () => Change;
}

/** The three change sources, in within-version order; `versionAt` is the version column. */
const SOURCES = [
  {
    after: 'SELECT version, entity, id FROM tombstones WHERE version > ? ORDER BY version, entity DESC LIMIT ?',
    at: 'SELECT version, entity, id FROM tombstones WHERE version = ? ORDER BY entity DESC LIMIT ?',
    versionAt: 0,
  },
  {
    after: `SELECT ${NODE_COLUMNS} FROM nodes n WHERE n.version > ? ORDER BY n.version, n.nid LIMIT ?`,
    at: `SELECT ${NODE_COLUMNS} FROM nodes n WHERE n.version = ? ORDER BY n.nid LIMIT ?`,
    versionAt: 4,
  },
  {
    after: `SELECT ${EDGE_COLUMNS} FROM ${EDGE_FROM} WHERE e.version > ? ORDER BY e.version, e.eid LIMIT ?`,
    at: `SELECT ${EDGE_COLUMNS} FROM ${EDGE_FROM} WHERE e.version = ? ORDER BY e.eid LIMIT ?`,
    versionAt: 6,
  },
] as const;

/** Builds the change of a row, by source rank (decoded lazily: only kept rows pay). */
const CHANGE_OF: readonly ((reader: RecordReader, row: Row, version: number) => Change)[] = [
  (_reader, row, version) => ({
    version,
    op: 'delete',
    entity: row[1] === ENTITY_EDGE ? 'edge' : 'node',
    id: row[2] as string,
  }),
  (reader, row, version) => ({ version, op: 'upsert', entity: 'node', record: reader.node(row) }),
  (reader, row, version) => ({ version, op: 'upsert', entity: 'edge', record: reader.edge(row) }),
];

function read(reader: RecordReader, pick: 'after' | 'at', version: number, limit: number): Head[] {
  const heads = SOURCES.flatMap((source, rank) =>
    reader
      .prepare(source[pick])
      .all(version, limit)
      .map((row): Head => {
        const at = row[source.versionAt] as number;
        const make = CHANGE_OF[rank] as (typeof CHANGE_OF)[number];
        return { version: at, rank, change: () => make(reader, row, at) };
      }),
  );
  return heads.sort((a, b) => a.version - b.version || a.rank - b.rank);
}

/** Validates the feed's arguments. */
export function feedLimit(since: number, limit: number): number {
  if (!Number.isInteger(since) || since < 0 || !Number.isInteger(limit) || limit < 1) {
    throw new EngineError('CG_ARGUMENT_INVALID', `changes(${since}, ${limit}) needs an integer since >= 0 and limit >= 1`, {
      details: { since, limit },
    });
  }
  return limit;
}

/**
 * Tombstones at or below `prunedThrough` are gone (`pruneChanges`): a reader
 * at a version in (0, prunedThrough) may have missed deletes, so it is told to
 * rebuild (CG_FEED_PRUNED) rather than handed a feed that silently lacks them.
 * A reader at 0 holds nothing a lost tombstone could refer to.
 */
export function checkNotPruned(since: number, prunedThrough: number): void {
  if (since === 0 || since >= prunedThrough) return;
  throw new EngineError(
    'CG_FEED_PRUNED',
    `changes(${since}): deletes up to version ${prunedThrough} were pruned from the change feed; rebuild the copy from an export`,
    { details: { since, prunedThrough } },
  );
}

/** Runs inside a read transaction so the answer is one consistent snapshot. */
export function readChanges(reader: RecordReader, storeVersion: number, since: number, limit: number): ChangeSet {
  const heads = read(reader, 'after', since, limit + 1);
  if (heads.length <= limit) {
    return { changes: heads.map((head) => head.change()), version: storeVersion, hasMore: false };
  }
  const cut = (heads[limit] as Head).version;
  const first = (heads[0] as Head).version;
  if (first < cut) {
    const kept = heads.filter((head) => head.version < cut);
    const version = (kept[kept.length - 1] as Head).version;
    return { changes: kept.map((head) => head.change()), version, hasMore: true };
  }
  const whole = read(reader, 'at', first, -1);
  return { changes: whole.map((head) => head.change()), version: first, hasMore: first < storeVersion };
}
