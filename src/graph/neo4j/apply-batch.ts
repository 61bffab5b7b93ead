/**
 * One write batch as one Neo4j transaction of `UNWIND $rows` statements in
 * chunks of `batchSize` (the port's atomic, idempotent `write`). Order: bump the
 * version counter (`:CgMeta {id:'version'}`, which also serialises writers so
 * versions commit in order), delete edges, delete nodes with their edges, look
 * up which node ids exist, upsert nodes (./node-writes.ts: CREATE for new ids),
 * upsert edges (./edge-writes.ts: CREATE without lookup for an edge touching a
 * node this batch creates) — so edges may name nodes later in the batch. Every
 * deleted id gets a `:CgTombstone` with the batch version for the change feed.
 * Independent statements are sent together and awaited once (the driver
 * pipelines them on the transaction's connection; the server runs them in order).
 *
 * Endpoints are not looked up beforehand: an edge statement MATCHes both ends,
 * so a chunk that writes fewer rows than it sent has a missing endpoint; only
 * then does the batch find the first such edge and throw
 * CG_EDGE_ENDPOINT_MISSING, which rolls the whole transaction back.
 */
import neo4j, { type Integer } from 'neo4j-driver';
import { EngineError } from '../../core/index.js';
import type { WriteResult } from '../port.js';
import { chunks, type BatchPlan, type Tx } from './batch-plan.js';
import { writeEdges } from './edge-writes.js';
import { existingNodes, writeNodes } from './node-writes.js';
import { toJsNumber } from './props-codec.js';
import { META_LABEL, NODE_LABEL, TOMBSTONE_LABEL, typeAlternation } from './schema.js';

const BUMP_VERSION =
  `MERGE (m:${META_LABEL} {id: 'version'}) ON CREATE SET m.value = 0 ` +
  'SET m.value = m.value + 1 RETURN m.value AS version';

const tombstone = (entity: 'node' | 'edge', idVar: string): string =>
  `MERGE (t:${TOMBSTONE_LABEL} {key: '${entity}:' + ${idVar}}) ` +
  `SET t.entity = '${entity}', t.id = ${idVar}, t._version = $version`;

const DELETE_INCIDENT_EDGES =
  `UNWIND $ids AS id MATCH (:${NODE_LABEL} {id: id})-[r]-() WITH DISTINCT r WITH r, r.id AS eid DELETE r ` +
  `WITH DISTINCT eid WHERE eid IS NOT NULL ${tombstone('edge', 'eid')} RETURN count(*) AS n`;

const DELETE_NODES =
  `UNWIND $ids AS id MATCH (n:${NODE_LABEL} {id: id}) DETACH DELETE n WITH DISTINCT id ${tombstone('node', 'id')} RETURN count(*) AS n`;

const MISSING_NODES = `UNWIND $ids AS id OPTIONAL MATCH (n:${NODE_LABEL} {id: id}) WITH id, n WHERE n IS NULL RETURN collect(id) AS missing`;

const deleteEdgesQuery = (types: string): string =>
  `UNWIND $ids AS id MATCH ()-[r:${types} {id: id}]->() DELETE r WITH DISTINCT id ${tombstone('edge', 'id')} RETURN count(*) AS n`;

/** Drops an existing edge whose custom id now names another type or other endpoints. */
const moveEdgesQuery = (types: string): string =>
  `UNWIND $rows AS row MATCH (a)-[r:${types} {id: row.id}]->(b) ` +
  'WHERE type(r) <> row.type OR a.id <> row.from OR b.id <> row.to DELETE r';

export interface BatchContext {
  readonly batchSize: number;
  /** Every relationship type with schema in place (includes this batch's). */
  readonly types: ReadonlySet<string>;
  readonly labelsOf: (kind: string) => readonly string[];
}

async function count(tx: Tx, query: string, params: Record<string, unknown>): Promise<number> {
  const result = await tx.run(query, params);
  const first = result.records[0];
  return first === undefined ? 0 : toJsNumber(first.get('n'));
}

/** Bumps and returns the store version inside `tx`. */
export async function bumpVersion(tx: Tx): Promise<number> {
  const result = await tx.run(BUMP_VERSION);
  return toJsNumber(result.records[0]?.get('version'));
}

async function deleteAll(tx: Tx, plan: BatchPlan, ctx: BatchContext, version: Integer): Promise<[number, number]> {
  let edges = 0;
  let nodes = 0;
  if (ctx.types.size > 0) {
    const query = deleteEdgesQuery(typeAlternation(ctx.types));
    for (const ids of chunks(plan.deleteEdges, ctx.batchSize)) edges += await count(tx, query, { ids, version });
  }
  for (const ids of chunks(plan.deleteNodes, ctx.batchSize)) {
    edges += await count(tx, DELETE_INCIDENT_EDGES, { ids, version });
    nodes += await count(tx, DELETE_NODES, { ids, version });
  }
  return [nodes, edges];
}

/** The first edge in batch order with an endpoint absent from the store (this transaction's view). */
async function endpointError(tx: Tx, plan: BatchPlan, batchSize: number): Promise<EngineError> {
  const ids = [...new Set(plan.edgeOrder.flatMap((edge) => [edge.from, edge.to]))];
  const missing = new Set<string>();
  for (const part of chunks(ids, batchSize)) {
    const result = await tx.run(MISSING_NODES, { ids: part });
    for (const id of (result.records[0]?.get('missing') ?? []) as string[]) missing.add(id);
  }
  for (const edge of plan.edgeOrder) {
    for (const [end, id] of [['from', edge.from], ['to', edge.to]] as const) {
      if (!missing.has(id)) continue;
      return new EngineError(
        'CG_EDGE_ENDPOINT_MISSING',
        `Edge ${edge.id} names ${end} node ${id}, which exists neither in the store nor in the batch; the batch was not applied`,
        { details: { edgeId: edge.id, missing: id, endpoint: end } },
      );
    }
  }
  return new EngineError('CG_STORE_CONFLICT', 'An edge endpoint vanished during the batch (a concurrent delete); retry the batch', {
    details: {},
  });
}

/** Drops existing edges whose custom id now names another type or other endpoints. */
async function moveCustomEdges(tx: Tx, plan: BatchPlan, ctx: BatchContext): Promise<void> {
  if (plan.customIdEdges.length === 0 || ctx.types.size === 0) return;
  const query = moveEdgesQuery(typeAlternation(ctx.types));
  for (const rows of chunks(plan.customIdEdges, ctx.batchSize)) {
    await tx.run(query, { rows: rows.map(({ id, type, from, to }) => ({ id, type, from, to })) });
  }
}

/** Applies `plan` inside the managed write transaction `tx`. */
export async function applyBatch(tx: Tx, plan: BatchPlan, ctx: BatchContext): Promise<WriteResult> {
  const number = await bumpVersion(tx);
  const version = neo4j.int(number);
  const [nodesDeleted, edgesDeleted] = await deleteAll(tx, plan, ctx, version);
  const ids = plan.nodes.map((node) => node.id as string);
  const [existing] = await Promise.all([existingNodes(tx, ids, ctx.batchSize), moveCustomEdges(tx, plan, ctx)]);
  const createdNodes = new Set(ids.filter((id) => !existing.has(id)));
  await writeNodes(tx, plan.nodes, existing, { batchSize: ctx.batchSize, labelsOf: ctx.labelsOf, version });
  const customIds = new Set(plan.customIdEdges.map((edge) => edge.id));
  const complete = await writeEdges(tx, plan.edges, { batchSize: ctx.batchSize, version, createdNodes, customIds });
  if (!complete) throw await endpointError(tx, plan, ctx.batchSize);
  return { version: number, nodesWritten: plan.nodesWritten, edgesWritten: plan.edgesWritten, nodesDeleted, edgesDeleted };
}
