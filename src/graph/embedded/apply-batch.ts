/**
 * One write batch as one SQLite transaction (the port's atomic, idempotent
 * `write`). Order inside the batch: deletes, then node upserts, then edge
 * upserts, so edges may name nodes that appear later in the same batch, and a
 * batch may delete and re-create an id. Every row touched gets the new store
 * version; deleted ids get a tombstone with it, which feeds `changes()`.
 *
 * Upserts go in chunks of CHUNK_ROWS rows (`chunked-insert.ts`): one
 * multi-row INSERT when every row of the chunk is new, row by row otherwise.
 */
import { EngineError, edgeId } from '../../core/index.js';
import type { EdgeInput, NodeInput, WriteBatch, WriteResult } from '../port.js';
import { ENTITY_EDGE, ENTITY_NODE } from './schema.js';
import { encodeProps, requireName } from './props-codec.js';
import type { KindRegistry } from './kind-registry.js';
import type { NidCache } from './nid-cache.js';
import { CHUNK_ROWS, ChunkRows, insertEdgeChunk, insertNodeChunk } from './chunked-insert.js';
import type { WriteStatements } from './write-statements.js';

/** What a committed batch teaches the endpoint cache. */
export interface BatchOutcome {
  readonly result: WriteResult;
  readonly deleted: ReadonlySet<string>;
  /**
   * Edge endpoints this batch had to look up in the store (written by an earlier batch): the hubs
   * later batches name again. Nodes the batch wrote itself are not taught: most are never an
   * endpoint again (a live loop's events), and one that is costs one lookup the first time.
   */
  readonly resolved: ReadonlyMap<string, number>;
}

interface Changes {
  readonly changes: number;
  readonly lastInsertRowid: number | bigint;
}

/** Per-batch state: the version, node rowids seen so far, kind count deltas. */
export class BatchContext {
  readonly nids = new Map<string, number>();
  /** The rowids `nidOf` read from the store (the endpoint cache learns these). */
  readonly fetched = new Map<string, number>();
  readonly deleted = new Set<string>();
  readonly counts = [new Map<number, number>(), new Map<number, number>()] as const;
  readonly rows = new ChunkRows();
  /** Chunks left to write row by row after a chunk that was not all new (a re-ingest is updates throughout). */
  rowByRow = 0;
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
    this.fetched.set(id, row[0] as number);
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

/** Validates node `index` of the batch into chunk row `slot` (id, kind id, encoded props). */
export function readNode(ctx: BatchContext, node: NodeInput, index: number, slot: number): void {
  const rows = ctx.rows;
  rows.ids[slot] = requireName(node.id, 'nodes', index, 'id');
  rows.kids[slot] = ctx.kinds.intern(ENTITY_NODE, requireName(node.kind, 'nodes', index, 'kind'));
  rows.props[slot] = encodeProps(node.props, 'nodes', index);
}

/** Upserts the node in chunk row `slot` on its own: insert, or update in place when the id exists. */
export function writeNode(ctx: BatchContext, slot: number): void {
  const { ids, kids, props } = ctx.rows;
  const id = ids[slot] as string;
  const kid = kids[slot] as number;
  const inserted = ctx.stmts.insertNode.run(id, kid, props[slot] ?? null, ctx.version) as Changes;
  if (inserted.changes === 1) {
    ctx.nids.set(id, Number(inserted.lastInsertRowid));
    ctx.count(ENTITY_NODE, kid, 1);
    return;
  }
  const row = ctx.stmts.nodeById.get(id) as unknown[];
  const nid = row[0] as number;
  const oldKid = row[1] as number;
  ctx.stmts.updateNode.run(kid, props[slot] ?? null, ctx.version, nid);
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

/** Validates edge `index` of the batch and resolves its endpoints into chunk row `slot`. */
export function readEdge(ctx: BatchContext, edge: EdgeInput, index: number, slot: number): void {
  const rows = ctx.rows;
  const kind = requireName(edge.kind, 'edges', index, 'kind');
  const from = requireName(edge.from, 'edges', index, 'from');
  const to = requireName(edge.to, 'edges', index, 'to');
  const id = edge.id === undefined ? edgeId(from, kind, to) : requireName(edge.id, 'edges', index, 'id');
  rows.props[slot] = encodeProps(edge.props, 'edges', index);
  rows.srcs[slot] = endpoint(ctx, id, from, 'from');
  rows.dsts[slot] = endpoint(ctx, id, to, 'to');
  rows.kids[slot] = ctx.kinds.intern(ENTITY_EDGE, kind);
  rows.ids[slot] = id;
}

/** Upserts the edge in chunk row `slot` on its own. */
export function writeEdge(ctx: BatchContext, slot: number): void {
  const { ids, kids, props, srcs, dsts } = ctx.rows;
  const id = ids[slot] as string;
  const kid = kids[slot] as number;
  const src = srcs[slot] as number;
  const dst = dsts[slot] as number;
  const inserted = ctx.stmts.insertEdge.run(id, kid, src, dst, props[slot] ?? null, ctx.version) as Changes;
  if (inserted.changes === 1) {
    ctx.count(ENTITY_EDGE, kid, 1);
    return;
  }
  const row = ctx.stmts.edgeById.get(id) as unknown[];
  const oldKid = row[1] as number;
  ctx.stmts.updateEdge.run(kid, src, dst, props[slot] ?? null, ctx.version, row[0] as number);
  if (oldKid !== kid) {
    ctx.count(ENTITY_EDGE, oldKid, -1);
    ctx.count(ENTITY_EDGE, kid, 1);
  }
}

/** After a chunk that was not all new, the next RETRY_AFTER chunks skip the attempt. */
const RETRY_AFTER = 8;

function tryChunk(ctx: BatchContext, insert: (ctx: BatchContext) => boolean): boolean {
  if (ctx.rowByRow > 0) {
    ctx.rowByRow--;
    return false;
  }
  if (insert(ctx)) return true;
  ctx.rowByRow = RETRY_AFTER;
  return false;
}

/** Upserts `nodes` (then `edges`) chunk by chunk; a chunk that is not all new goes row by row. */
function upsertAll(ctx: BatchContext, nodes: readonly NodeInput[], edges: readonly EdgeInput[]): void {
  for (let start = 0; start < nodes.length; start += CHUNK_ROWS) {
    const size = Math.min(CHUNK_ROWS, nodes.length - start);
    for (let slot = 0; slot < size; slot++) readNode(ctx, nodes[start + slot] as NodeInput, start + slot, slot);
    if (size === CHUNK_ROWS && tryChunk(ctx, insertNodeChunk)) continue;
    for (let slot = 0; slot < size; slot++) writeNode(ctx, slot);
  }
  for (let start = 0; start < edges.length; start += CHUNK_ROWS) {
    const size = Math.min(CHUNK_ROWS, edges.length - start);
    for (let slot = 0; slot < size; slot++) readEdge(ctx, edges[start + slot] as EdgeInput, start + slot, slot);
    if (size === CHUNK_ROWS && tryChunk(ctx, insertEdgeChunk)) continue;
    for (let slot = 0; slot < size; slot++) writeEdge(ctx, slot);
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
  const edges = batch.edges ?? [];
  upsertAll(ctx, nodes, edges);
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
  return { result, deleted: ctx.deleted, resolved: ctx.fetched };
}
