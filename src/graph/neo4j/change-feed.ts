/**
 * The change feed behind `changes(since)`, with the embedded store's semantics
 * (src/graph/embedded/change-feed.ts): compacted to the latest change per id
 * (live nodes and relationships carry `_version`, deleted ids a `:CgTombstone`),
 * ordered by version and within a version tombstones (edges, then nodes), then
 * nodes, then edges; a batch is never split between answers — an answer stops
 * before the batch that would pass `limit`, unless that batch is the first,
 * which then comes whole.
 *
 * Neo4j reads are read-committed, not snapshots, so every query is bounded by
 * the store version read first (`top`): batches up to `top` are committed
 * (writers hold the version counter's lock until commit), and a row rewritten
 * meanwhile moves above `top` and is reported by a later call.
 */
import neo4j, { type ManagedTransaction } from 'neo4j-driver';
import { EngineError } from '../../core/index.js';
import type { Change, ChangeSet } from '../port.js';
import { toJsNumber } from './props-codec.js';
import { EDGE_RETURN, NODE_RETURN, type EdgeRow, type RecordReader } from './record-reader.js';
import { META_LABEL, NODE_LABEL, TOMBSTONE_LABEL, typeAlternation } from './schema.js';

type Pick = 'after' | 'at';

interface Head {
  readonly version: number;
  readonly rank: number;
  readonly change: () => Change;
}

const WINDOW: Readonly<Record<Pick, (field: string) => string>> = {
  after: (field) => `${field} > $since AND ${field} <= $top`,
  at: (field) => `${field} = $at`,
};

const tail = (pick: Pick): string => (pick === 'after' ? ' LIMIT $limit' : '');

function tombstoneQuery(pick: Pick): string {
  return (
    `MATCH (t:${TOMBSTONE_LABEL}) WHERE ${WINDOW[pick]('t._version')} ` +
    `RETURN t._version AS v, t.entity AS entity, t.id AS id ORDER BY v, entity, id${tail(pick)}`
  );
}

function nodeQuery(pick: Pick): string {
  return `MATCH (n:${NODE_LABEL}) WHERE ${WINDOW[pick]('n._version')} RETURN ${NODE_RETURN}, n._version AS v ORDER BY v, n.id${tail(pick)}`;
}

function edgeQuery(pick: Pick, types: string): string {
  return (
    `MATCH (a)-[r:${types}]->(b) WHERE ${WINDOW[pick]('r._version')} ` +
    `RETURN ${EDGE_RETURN}, r._version AS v ORDER BY v, r.id${tail(pick)}`
  );
}

/** The store version (0 before the first write). */
export const VERSION_QUERY = `OPTIONAL MATCH (m:${META_LABEL} {id: 'version'}) RETURN coalesce(m.value, 0) AS version`;

/** Validates the feed's arguments. */
export function feedLimit(since: number, limit: number): number {
  if (!Number.isInteger(since) || since < 0 || !Number.isInteger(limit) || limit < 1) {
    throw new EngineError('CG_ARGUMENT_INVALID', `changes(${since}, ${limit}) needs an integer since >= 0 and limit >= 1`, {
      details: { since, limit },
    });
  }
  return limit;
}

async function read(
  tx: ManagedTransaction,
  reader: RecordReader,
  types: ReadonlySet<string>,
  pick: Pick,
  params: Record<string, unknown>,
): Promise<Head[]> {
  const heads: Head[] = [];
  const tombstones = await tx.run(tombstoneQuery(pick), params);
  for (const record of tombstones.records) {
    const version = toJsNumber(record.get('v'));
    const entity = record.get('entity') === 'edge' ? 'edge' : 'node';
    const id = String(record.get('id'));
    heads.push({ version, rank: 0, change: () => ({ version, op: 'delete', entity, id }) });
  }
  const nodes = await tx.run(nodeQuery(pick), params);
  for (const record of nodes.records) {
    const version = toJsNumber(record.get('v'));
    const stored = record.get('n') as Record<string, unknown>;
    heads.push({ version, rank: 1, change: () => ({ version, op: 'upsert', entity: 'node', record: reader.node(stored) }) });
  }
  if (types.size > 0) {
    const edges = await tx.run(edgeQuery(pick, typeAlternation(types)), params);
    for (const record of edges.records) {
      const version = toJsNumber(record.get('v'));
      const row = record.toObject() as unknown as EdgeRow;
      heads.push({ version, rank: 2, change: () => ({ version, op: 'upsert', entity: 'edge', record: reader.edge(row) }) });
    }
  }
  return heads.sort((a, b) => a.version - b.version || a.rank - b.rank);
}

/** Reads the changes after `since` inside one read transaction. */
export async function readChanges(
  tx: ManagedTransaction,
  reader: RecordReader,
  types: ReadonlySet<string>,
  since: number,
  limit: number,
): Promise<ChangeSet> {
  const top = toJsNumber((await tx.run(VERSION_QUERY)).records[0]?.get('version'));
  if (top <= since) return { changes: [], version: top, hasMore: false };
  const params = { since: neo4j.int(since), top: neo4j.int(top), limit: neo4j.int(limit + 1) };
  const heads = await read(tx, reader, types, 'after', params);
  if (heads.length <= limit) return { changes: heads.map((head) => head.change()), version: top, hasMore: false };
  const cut = (heads[limit] as Head).version;
  const first = (heads[0] as Head).version;
  if (first < cut) {
    const kept = heads.filter((head) => head.version < cut);
    const version = (kept[kept.length - 1] as Head).version;
    return { changes: kept.map((head) => head.change()), version, hasMore: true };
  }
  const whole = await read(tx, reader, types, 'at', { at: neo4j.int(first) });
  return { changes: whole.map((head) => head.change()), version: first, hasMore: first < top };
}
