/**
 * One write batch as one SQLite transaction (the port's atomic, idempotent
 * `write`). Order inside the batch: deletes, then node upserts, then edge
 * upserts, so edges may name nodes that appear later in the same batch, and a
 * batch may delete and re-create an id. Every row touched gets the new store
 * version; deleted ids get a tombstone with it, which feeds `changes()`.
 */
import { EngineError, edgeId } from '../../core/index.js';
import type { EdgeInput, NodeInput, WriteBatch, WriteResult } from '../port.js';
import { ENTITY_EDGE, ENTITY_NODE } from './schema.js';
import { encodeProps, requireName, type BatchPlace } from './props-codec.js';
import type { KindRegistry } from './kind-registry.js';
import type { NidCache } from './nid-cache.js';
import type { WriteStatements } from './write-statements.js';

/** What a committed batch teaches the endpoint cache. */
export interface BatchOutcome {
  readonly result: WriteResult;
  readonly deleted: ReadonlySet<string>;
  readonly resolved: ReadonlyMap<string, number>;
}

interface Changes {
  readonly changes: number;
  readonly lastInsertRowid: number | bigint;
}

/** Per-batch state: the version, node rowids seen so far, kind count deltas. */
class BatchContext {
  readonly nids = new Map<string, number>();
  readonly deleted = new Set<string>();
  readonly counts = [new Map<number, number>(), new Map<number, number>()] as const;
  nodesDeleted = 0;
  edgesDeleted = 0;

  constructor(
    readonly version: number,
    readonly stmts: WriteStatements,
    readonly kinds: KindRegistry,
    readonly cache: NidCache,
  ) {}

  count(entity: number, kid: number, delta: number): void {
    const map = this.counts[entity === ENTITY_NODE ? 0 : 1];
    map.set(kid, (map.get(kid) ?? 0) + delta);
  }

  /** Row id of a node: written in this batch, cached, or already in the store. */
  nidOf(id: string): number | undefined {
    const seen = this.nids.get(id);
    if (seen !== undefined) return seen;
    const cached = this.deleted.has(id) ? undefined : this.cache.get(id);
    if (cached !== undefined) return cached;
    const row = this.stmts.nodeById.get(id);
    if (row === undefined) return undefined;
    this.nids.set(id, row[0] as number);
    return row[0] as number;
  }
}

function deleteEdge(ctx: BatchContext, eid: number, id: string, kid: number): void {
  ctx.stmts.deleteEdge.run(eid);
  ctx.stmts.tombstone.run(ENTITY_EDGE, id, ctx.version);
  ctx.count(ENTITY_EDGE, kid, -1);
  ctx.edgesDeleted++;
}

function deleteNode(ctx: BatchContext, id: string): void {
  const row = ctx.stmts.nodeById.get(id);
  if (row === undefined) return;
  const nid = row[0] as number;
  for (const edge of ctx.stmts.incidentEdges.all(nid, nid)) {
    deleteEdge(ctx, edge[0] as number, edge[1] as string, edge[2] as number);
  }
  ctx.stmts.deleteNode.run(nid);
  ctx.deleted.add(id);
  ctx.stmts.tombstone.run(ENTITY_NODE, id, ctx.version);
  ctx.count(ENTITY_NODE, row[1] as number, -1);
  ctx.nodesDeleted++;
}

function upsertNode(ctx: BatchContext, node: NodeInput, index: number): void {
  const place: BatchPlace = { list: 'nodes', index };
  const id = requireName(node.id, place, 'id');
  const kid = ctx.kinds.intern(ENTITY_NODE, requireName(node.kind, place, 'kind'));
  const props = encodeProps(node.props, place);
  const inserted = ctx.stmts.insertNode.run(id, kid, props, ctx.version) as Changes;
  if (inserted.changes === 1) {
    ctx.nids.set(id, Number(inserted.lastInsertRowid));
    ctx.count(ENTITY_NODE, kid, 1);
    return;
  }
  const row = ctx.stmts.nodeById.get(id) as unknown[];
  const nid = row[0] as number;
  const oldKid = row[1] as number;
  ctx.stmts.updateNode.run(kid, props, ctx.version, nid);
  ctx.nids.set(id, nid);
  if (oldKid !== kid) {
    ctx.count(ENTITY_NODE, oldKid, -1);
    ctx.count(ENTITY_NODE, kid, 1);
  }
}

function endpoint(ctx: BatchContext, edge: string, id: string, end: 'from' | 'to'): number {
  const nid = ctx.nidOf(id);
  if (nid !== undefined) return nid;
  throw new EngineError(
    'CG_EDGE_ENDPOINT_MISSING',
    `Edge ${edge} names ${end} node ${id}, which exists neither in the store nor in the batch; the batch was not applied`,
    { details: { edgeId: edge, missing: id, endpoint: end } },
  );
}

function upsertEdge(ctx: BatchContext, edge: EdgeInput, index: number): void {
  const place: BatchPlace = { list: 'edges', index };
  const kind = requireName(edge.kind, place, 'kind');
  const from = requireName(edge.from, place, 'from');
  const to = requireName(edge.to, place, 'to');
  const id = edge.id === undefined ? edgeId(from, kind, to) : requireName(edge.id, place, 'id');
  const props = encodeProps(edge.props, place);
  const src = endpoint(ctx, id, from, 'from');
  const dst = endpoint(ctx, id, to, 'to');
  const kid = ctx.kinds.intern(ENTITY_EDGE, kind);
  const inserted = ctx.stmts.insertEdge.run(id, kid, src, dst, props, ctx.version) as Changes;
  if (inserted.changes === 1) {
    ctx.count(ENTITY_EDGE, kid, 1);
    return;
  }
  const row = ctx.stmts.edgeById.get(id) as unknown[];
  const oldKid = row[1] as number;
  ctx.stmts.updateEdge.run(kid, src, dst, props, ctx.version, row[0] as number);
  if (oldKid !== kid) {
    ctx.count(ENTITY_EDGE, oldKid, -1);
    ctx.count(ENTITY_EDGE, kid, 1);
  }
}

/**
 * Applies `batch`; the caller runs this inside one transaction and, once it
 * commits, hands `deleted` and `resolved` to the cache.
 */
export function applyBatch(stmts: WriteStatements, kinds: KindRegistry, cache: NidCache, batch: WriteBatch): BatchOutcome {
  const current = (stmts.readVersion.get() as unknown[])[0] as number;
  const ctx = new BatchContext(current + 1, stmts, kinds, cache);
  for (const id of batch.deleteEdges ?? []) {
    const row = stmts.edgeById.get(id);
    if (row !== undefined) deleteEdge(ctx, row[0] as number, id, row[1] as number);
  }
  for (const id of batch.deleteNodes ?? []) deleteNode(ctx, id);
  const nodes = batch.nodes ?? [];
  nodes.forEach((node, index) => upsertNode(ctx, node, index));
  const edges = batch.edges ?? [];
  edges.forEach((edge, index) => upsertEdge(ctx, edge, index));
  ctx.counts.forEach((map, entity) => {
    for (const [kid, delta] of map) if (delta !== 0) stmts.addCount.run(entity, kid, delta, delta);
  });
  stmts.setVersion.run(ctx.version);
  const result: WriteResult = {
    version: ctx.version,
    nodesWritten: nodes.length,
    edgesWritten: edges.length,
    nodesDeleted: ctx.nodesDeleted,
    edgesDeleted: ctx.edgesDeleted,
  };
  return { result, deleted: ctx.deleted, resolved: ctx.nids };
}
