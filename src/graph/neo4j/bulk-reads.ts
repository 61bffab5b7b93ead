/**
 * Whole-graph reads and the batched clear: streaming export for the projection
 * (keyset pages by node id, one short query per batch, no transaction held open
 * between yields), per-kind counts, and `clear()` as a sequence of bounded
 * batches so a big graph never needs one huge transaction.
 */
import neo4j, { type ManagedTransaction } from 'neo4j-driver';
import type { EdgeRecord, NodeRecord, StoreStats } from '../port.js';
import { bumpVersion } from './apply-batch.js';
import { VERSION_QUERY } from './change-feed.js';
import type { Neo4jConnection } from './connection.js';
import { toJsNumber } from './props-codec.js';
import { EDGE_RETURN, NODE_RETURN, type EdgeRow, type RecordReader } from './record-reader.js';
import { NODE_LABEL, TOMBSTONE_LABEL, typeAlternation } from './schema.js';

const NODE_PAGE = `MATCH (n:${NODE_LABEL}) WHERE n.id > $after RETURN ${NODE_RETURN} ORDER BY n.id LIMIT $size`;
const NODE_IDS = `MATCH (a:${NODE_LABEL}) WHERE a.id > $after RETURN a.id AS id ORDER BY a.id LIMIT $size`;

const batchOf = (options: { readonly batchSize?: number }): number => Math.max(1, Math.floor(options.batchSize ?? 10_000));

/** Every node in id order, `batchSize` at a time. */
export async function* exportNodes(conn: Neo4jConnection, reader: RecordReader, batchSize: number): AsyncGenerator<readonly NodeRecord[]> {
  const size = batchOf({ batchSize });
  let after = '';
  for (;;) {
    const rows = await conn.query(NODE_PAGE, { after, size: neo4j.int(size) });
    const batch = rows.map((row) => reader.node(row.n as Record<string, unknown>));
    const last = batch[batch.length - 1];
    if (last === undefined) return;
    after = last.id;
    yield batch;
    if (batch.length < size) return;
  }
}

/**
 * Every edge once, by its start node: windows of `batchSize` start nodes in id
 * order, their outgoing edges buffered and yielded `batchSize` at a time.
 */
export async function* exportEdges(conn: Neo4jConnection, reader: RecordReader, batchSize: number): AsyncGenerator<readonly EdgeRecord[]> {
  const size = batchOf({ batchSize });
  let buffer: EdgeRecord[] = [];
  let after = '';
  for (;;) {
    const ids = (await conn.query(NODE_IDS, { after, size: neo4j.int(size) })).map((row) => String(row.id));
    if (ids.length > 0 && conn.types.size > 0) {
      const query =
        `UNWIND $ids AS id MATCH (a:${NODE_LABEL} {id: id})-[r:${typeAlternation(conn.types)}]->(b:${NODE_LABEL}) ` +
        `RETURN ${EDGE_RETURN} ORDER BY a.id, r.id`;
      for (const row of await conn.query(query, { ids })) buffer.push(reader.edge(row as unknown as EdgeRow));
    }
    while (buffer.length >= size || (ids.length < size && buffer.length > 0)) {
      yield buffer.slice(0, size);
      buffer = buffer.slice(size);
    }
    if (ids.length < size) return;
    after = ids[ids.length - 1] as string;
  }
}

async function counts(tx: ManagedTransaction, query: string): Promise<[Record<string, number>, number]> {
  const byKind: Record<string, number> = {};
  let total = 0;
  for (const record of (await tx.run(query)).records) {
    const n = toJsNumber(record.get('c'));
    byKind[String(record.get('kind'))] = n;
    total += n;
  }
  return [byKind, total];
}

/** Node and edge counts per kind and the version, in one read transaction. */
export async function readStats(conn: Neo4jConnection): Promise<StoreStats> {
  const types = [...conn.types];
  return conn.transaction('read', async (tx) => {
    const [nodeKinds, nodes] = await counts(tx, `MATCH (n:${NODE_LABEL}) RETURN n.kind AS kind, count(*) AS c`);
    const [edgeKinds, edges] =
      types.length === 0 ? [{}, 0] : await counts(tx, `MATCH ()-[r:${typeAlternation(types)}]->() RETURN r.kind AS kind, count(*) AS c`);
    const version = toJsNumber((await tx.run(VERSION_QUERY)).records[0]?.get('version'));
    return { nodes, edges, nodeKinds, edgeKinds, version };
  });
}

const CLEAR_EDGES = (types: string): string =>
  `MATCH (:${NODE_LABEL})-[r:${types}]->(:${NODE_LABEL}) WITH r LIMIT $size WITH r, r.id AS id DELETE r ` +
  `MERGE (t:${TOMBSTONE_LABEL} {key: 'edge:' + id}) SET t.entity = 'edge', t.id = id, t._version = $version RETURN count(*) AS n`;

const CLEAR_NODES =
  `MATCH (n:${NODE_LABEL}) WITH n LIMIT $size WITH n, n.id AS id DETACH DELETE n ` +
  `MERGE (t:${TOMBSTONE_LABEL} {key: 'node:' + id}) SET t.entity = 'node', t.id = id, t._version = $version RETURN count(*) AS n`;

/**
 * Deletes every node and edge in batches of `size`, each its own transaction
 * and store version with a tombstone per removed id, so followers of the
 * change feed see whole batches; edges go first so node batches stay small.
 */
export async function clearAll(conn: Neo4jConnection, size: number): Promise<void> {
  const types = [...conn.types];
  let edgesLeft = types.length > 0;
  for (;;) {
    const removed = await conn.transaction('write', async (tx) => {
      const version = neo4j.int(await bumpVersion(tx));
      const params = { size: neo4j.int(size), version };
      if (edgesLeft) {
        const n = toJsNumber((await tx.run(CLEAR_EDGES(typeAlternation(types)), params)).records[0]?.get('n'));
        if (n > 0) return n;
      }
      edgesLeft = false;
      return toJsNumber((await tx.run(CLEAR_NODES, params)).records[0]?.get('n'));
    });
    if (removed === 0) return;
  }
}
