/**
 * One write batch as one Neo4j transaction of `UNWIND $rows` statements in
 * chunks of `batchSize` (the port's atomic, idempotent `write`). Order: bump the
 * version counter (`:CgMeta {id:'version'}`, which also serialises writers so
 * versions commit in order), delete edges, delete nodes with their edges, upsert
 * nodes, upsert edges — so edges may name nodes later in the batch. Every
 * deleted id gets a `:CgTombstone` with the batch version for the change feed.
 * Labels and relationship types are dynamic (`$(...)`, Cypher in Neo4j 5.26),
 * so a batch is a handful of statements with cached plans, whatever its kinds.
 *
 * Endpoints are not looked up beforehand: an edge statement MATCHes both ends,
 * so a chunk that writes fewer rows than it sent has a missing endpoint; only
 * then does the batch find the first such edge and throw
 * CG_EDGE_ENDPOINT_MISSING, which rolls the whole transaction back.
 */
import neo4j, { type Integer, type ManagedTransaction } from 'neo4j-driver';
import { EngineError } from '../../core/index.js';
import type { WriteResult } from '../port.js';
import { chunks, type BatchPlan, type EdgeRow } from './batch-plan.js';
import { toJsNumber } from './props-codec.js';
import { META_LABEL, NODE_LABEL, TOMBSTONE_LABEL, quote, typeAlternation } from './schema.js';

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

/** Labels are dynamic (`$(row.labels)`, Neo4j 5.26), so one cached plan serves every kind. */
const UPSERT_NODES =
  `UNWIND $rows AS row MERGE (n:${NODE_LABEL} {id: row.p.id}) ` +
  `FOREACH (_ IN CASE WHEN n.kind <> row.p.kind THEN [1] ELSE [] END | REMOVE n:$([l IN labels(n) WHERE l <> '${NODE_LABEL}'])) ` +
  'SET n = row.p, n._version = $version, n:$(row.labels)';

/**
 * Edges are upserted in two steps instead of `MERGE (a)-[r]->(b)`: which ids
 * exist is a seek on the type's `id` constraint (one statement per type, with an
 * index hint), existing ones are updated in place and new ones CREATEd. A
 * relationship MERGE, or a seek over several types at once, leaves the choice
 * of plan to statistics, and a plan cached while the graph was small scans
 * every relationship per row.
 */
const existingEdgesQuery = (type: string): string =>
  `UNWIND $ids AS id MATCH ()-[r:${quote(type)} {id: id}]->() USING INDEX r:${quote(type)}(id) RETURN collect(r.id) AS found`;

const updateEdgesQuery = (type: string): string =>
  `UNWIND $rows AS row MATCH ()-[r:${quote(type)} {id: row.id}]->() USING INDEX r:${quote(type)}(id) ` +
  'SET r = row.p, r._version = $version';

const CREATE_EDGES =
  `UNWIND $rows AS row MATCH (a:${NODE_LABEL} {id: row.from}) MATCH (b:${NODE_LABEL} {id: row.to}) ` +
  'CREATE (a)-[r:$(row.type)]->(b) SET r = row.p, r._version = $version RETURN count(*) AS n';

export interface BatchContext {
  readonly batchSize: number;
  /** Every relationship type with schema in place (includes this batch's). */
  readonly types: ReadonlySet<string>;
  readonly labelsOf: (kind: string) => readonly string[];
}

type Tx = Pick<ManagedTransaction, 'run'>;

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

/** Splits rows into those whose id exists (same type) and new ones. */
async function splitExisting(tx: Tx, rows: readonly EdgeRow[]): Promise<[EdgeRow[], EdgeRow[]]> {
  const found = new Set<string>();
  for (const type of new Set(rows.map((row) => row.type))) {
    const ids = rows.filter((row) => row.type === type).map((row) => row.id);
    const result = await tx.run(existingEdgesQuery(type), { ids });
    for (const id of (result.records[0]?.get('found') ?? []) as string[]) found.add(id);
  }
  return [rows.filter((row) => found.has(row.id)), rows.filter((row) => !found.has(row.id))];
}

async function upsertEdges(tx: Tx, plan: BatchPlan, ctx: BatchContext, version: Integer): Promise<void> {
  if (plan.edges.length === 0) return;
  if (plan.customIdEdges.length > 0) {
    const query = moveEdgesQuery(typeAlternation(ctx.types));
    for (const rows of chunks(plan.customIdEdges, ctx.batchSize)) {
      await tx.run(query, { rows: rows.map(({ id, type, from, to }) => ({ id, type, from, to })) });
    }
  }
  for (const rows of chunks<EdgeRow>(plan.edges, ctx.batchSize)) {
    const [updates, creates] = await splitExisting(tx, rows);
    for (const type of new Set(updates.map((row) => row.type))) {
      await tx.run(updateEdgesQuery(type), { rows: updates.filter((row) => row.type === type), version });
    }
    if (creates.length === 0) continue;
    const written = await count(tx, CREATE_EDGES, { rows: creates, version });
    if (written < creates.length) throw await endpointError(tx, plan, ctx.batchSize);
  }
}

/** Applies `plan` inside the managed write transaction `tx`. */
export async function applyBatch(tx: Tx, plan: BatchPlan, ctx: BatchContext): Promise<WriteResult> {
  const number = await bumpVersion(tx);
  const version = neo4j.int(number);
  const [nodesDeleted, edgesDeleted] = await deleteAll(tx, plan, ctx, version);
  const nodes = plan.nodes.map((p) => ({ p, labels: ctx.labelsOf(p.kind as string) }));
  for (const rows of chunks(nodes, ctx.batchSize)) await tx.run(UPSERT_NODES, { rows, version });
  await upsertEdges(tx, plan, ctx, version);
  return { version: number, nodesWritten: plan.nodesWritten, edgesWritten: plan.edgesWritten, nodesDeleted, edgesDeleted };
}
