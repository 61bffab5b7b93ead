import { EngineError } from '../../core/index.js';
import type { Props } from '../port.js';
import { compactEdges, lowerBound, type CsrView } from './csr.js';
import { EDGE_ALIVE, EdgeTable } from './edge-table.js';
import { growArray, nextCapacity } from './growable.js';
import { KindTables, type ProjectionVocabulary } from './kind-tables.js';
import { NodeColumnStore } from './node-columns.js';

/** Tuning for incremental upkeep. */
export interface ProjectionOptions {
  /** Defaults to the ontology's generated vocabulary. */
  readonly vocabulary?: ProjectionVocabulary;
  /** Compact when overlay + dead edges exceed this share of live edges (default 0.05). */
  readonly compactionRatio?: number;
  /** ... and exceed this many edges (default 4,096). */
  readonly compactionMinimum?: number;
}

/** Edges appended since the last compaction, chained per node by global edge index. */
export interface Overlay {
  /** First edge index of the chain leaving / entering each node, -1 when none. */
  outHead: Int32Array;
  inHead: Int32Array;
  /** Next edge in the chain, indexed by (edge index - base), -1 at the end. */
  outNext: Int32Array;
  inNext: Int32Array;
  /** Edges with index ≥ base are overlay edges. */
  base: number;
}

/** Mutable innards of a projection; only this folder touches them. */
export interface ProjectionState {
  readonly tables: KindTables;
  readonly ids: string[];
  readonly idIndex: Map<string, number>;
  liveNodes: number;
  nodeKind: Uint16Array;
  nodeAlive: Uint8Array;
  readonly columns: NodeColumnStore;
  edges: EdgeTable;
  out: CsrView;
  in: CsrView;
  overlay: Overlay;
  deadSinceCompaction: number;
  /** Edges from the feed waiting for an endpoint, by edge id. */
  readonly pending: Map<string, EdgeLike>;
  version: number;
  generation: number;
  readonly compactionRatio: number;
  readonly compactionMinimum: number;
}

export interface NodeLike {
  readonly id: string;
  readonly kind: string;
  readonly props?: Props;
}

export interface EdgeLike {
  readonly id?: string;
  readonly kind: string;
  readonly from: string;
  readonly to: string;
  readonly props?: Props;
}

const NO_PROPS: Props = Object.freeze({});

const EMPTY_CSR: CsrView = {
  offsets: new Uint32Array(1),
  targets: new Uint32Array(0),
  edges: new Uint32Array(0),
  kinds: new Uint8Array(0),
};

function emptyOverlay(nodeCapacity: number, base: number): Overlay {
  return {
    outHead: new Int32Array(nodeCapacity).fill(-1),
    inHead: new Int32Array(nodeCapacity).fill(-1),
    outNext: new Int32Array(0),
    inNext: new Int32Array(0),
    base,
  };
}

export function createState(
  vocabulary: ProjectionVocabulary,
  options: ProjectionOptions,
  nodeCapacity: number,
  edgeCapacity: number,
): ProjectionState {
  const capacity = Math.max(16, nodeCapacity);
  return {
    tables: new KindTables(vocabulary),
    ids: [],
    idIndex: new Map(),
    liveNodes: 0,
    nodeKind: new Uint16Array(capacity),
    nodeAlive: new Uint8Array(capacity),
    columns: new NodeColumnStore(capacity),
    edges: new EdgeTable(edgeCapacity),
    out: EMPTY_CSR,
    in: EMPTY_CSR,
    overlay: emptyOverlay(capacity, 0),
    deadSinceCompaction: 0,
    pending: new Map(),
    version: 0,
    generation: 0,
    compactionRatio: options.compactionRatio ?? 0.05,
    compactionMinimum: options.compactionMinimum ?? 4096,
  };
}

function growNodes(s: ProjectionState, needed: number): void {
  if (needed <= s.nodeKind.length) return;
  const capacity = nextCapacity(s.nodeKind.length, needed);
  s.nodeKind = growArray(s.nodeKind, capacity, 0);
  s.nodeAlive = growArray(s.nodeAlive, capacity, 0);
  s.columns.grow(capacity);
  s.overlay.outHead = growArray(s.overlay.outHead, capacity, -1);
  s.overlay.inHead = growArray(s.overlay.inHead, capacity, -1);
}

/** Interns or revives the node and replaces its kind and attribute columns. */
export function upsertNode(s: ProjectionState, node: NodeLike): number {
  let index = s.idIndex.get(node.id);
  if (index === undefined) {
    index = s.ids.length;
    growNodes(s, index + 1);
    s.ids.push(node.id);
    s.idIndex.set(node.id, index);
  }
  if (s.nodeAlive[index] === 0) {
    s.nodeAlive[index] = 1;
    s.liveNodes++;
  }
  s.nodeKind[index] = s.tables.internNodeKind(node.kind);
  s.columns.set(index, node.props ?? NO_PROPS, s.tables);
  return index;
}

/** Kills the node and every edge touching it (a store deletes them too). The index slot stays reserved for the id. */
export function deleteNode(s: ProjectionState, id: string): boolean {
  const index = s.idIndex.get(id);
  if (index === undefined || s.nodeAlive[index] === 0) return false;
  s.nodeAlive[index] = 0;
  s.liveNodes--;
  s.columns.clear(index);
  killChain(s, s.out, s.overlay.outHead[index] as number, s.overlay.outNext, index);
  killChain(s, s.in, s.overlay.inHead[index] as number, s.overlay.inNext, index);
  return true;
}

function killChain(s: ProjectionState, csr: CsrView, head: number, next: Int32Array, node: number): void {
  if (node < csr.offsets.length - 1) {
    const end = csr.offsets[node + 1] as number;
    for (let i = csr.offsets[node] as number; i < end; i++) killEdge(s, csr.edges[i] as number);
  }
  for (let e = head; e !== -1; e = next[e - s.overlay.base] as number) killEdge(s, e);
}

export function killEdge(s: ProjectionState, edge: number): void {
  if (s.edges.kill(edge)) s.deadSinceCompaction++;
}

/** True when `id` is the default `${from}|${kind}|${to}` (core/ids.ts edgeId), without building it. */
export function isDefaultEdgeId(id: string, from: string, kind: string, to: string): boolean {
  return (
    id.length === from.length + kind.length + to.length + 2 &&
    id.startsWith(from) &&
    id.charCodeAt(from.length) === 124 &&
    id.startsWith(kind, from.length + 1) &&
    id.charCodeAt(from.length + kind.length + 1) === 124 &&
    id.endsWith(to)
  );
}

/** The live edge with this id, or -1. Custom ids come from the map; default ids are parsed. */
export function findEdge(s: ProjectionState, id: string): number {
  const custom = s.edges.customIds.get(id);
  if (custom !== undefined) return custom;
  for (let i = id.indexOf('|'); i !== -1; i = id.indexOf('|', i + 1)) {
    const j = id.indexOf('|', i + 1);
    if (j === -1) break;
    const kind = s.tables.edgeKindCode(id.slice(i + 1, j));
    const from = kind === -1 ? undefined : s.idIndex.get(id.slice(0, i));
    const to = from === undefined ? undefined : s.idIndex.get(id.slice(j + 1));
    if (from === undefined || to === undefined) continue;
    const found = findDefaultEdge(s, from, kind, to);
    if (found !== -1) return found;
  }
  return -1;
}

function findDefaultEdge(s: ProjectionState, from: number, kind: number, to: number): number {
  const { flags } = s.edges;
  const wanted = (e: number): boolean => (flags[e] as number) === EDGE_ALIVE && s.edges.to[e] === to;
  if (from < s.out.offsets.length - 1) {
    const { offsets, kinds, edges } = s.out;
    const end = offsets[from + 1] as number;
    for (let i = lowerBound(kinds, offsets[from] as number, end, kind); i < end && kinds[i] === kind; i++) {
      if (wanted(edges[i] as number)) return edges[i] as number;
    }
  }
  for (let e = s.overlay.outHead[from] as number; e !== -1; e = s.overlay.outNext[e - s.overlay.base] as number) {
    if (s.edges.kind[e] === kind && wanted(e)) return e;
  }
  return -1;
}

/**
 * Adds or updates an edge. Returns the edge index, or -1 when an endpoint is
 * not a live node. `link` chains a new edge into the overlay (incremental
 * upkeep); the builder leaves it unchained and compacts at the end.
 */
export function upsertEdge(s: ProjectionState, edge: EdgeLike, link: boolean): number {
  const from = s.idIndex.get(edge.from);
  const to = s.idIndex.get(edge.to);
  if (from === undefined || to === undefined || s.nodeAlive[from] === 0 || s.nodeAlive[to] === 0) return -1;
  const kind = s.tables.internEdgeKind(edge.kind);
  const existing = link ? findEdge(s, edge.id ?? `${edge.from}|${edge.kind}|${edge.to}`) : -1;
  const props = edge.props ?? NO_PROPS;
  if (existing !== -1 && s.edges.from[existing] === from && s.edges.to[existing] === to && s.edges.kind[existing] === kind) {
    s.edges.setOverrides(existing, props['transmission'], props['delayHours']);
    return existing;
  }
  if (existing !== -1) killEdge(s, existing);
  const id = edge.id;
  const custom = id === undefined || isDefaultEdgeId(id, edge.from, edge.kind, edge.to) ? undefined : id;
  const index = appendEdge(s, from, to, kind, props, custom);
  if (link) linkOverlay(s, index, from, to);
  return index;
}

/** Appends a live edge between node indexes (no lookup, no overlay link) and returns its index. */
export function appendEdge(s: ProjectionState, from: number, to: number, kind: number, props?: Props, customId?: string): number {
  const index = s.edges.append(from, to, kind, customId);
  if (props !== undefined) s.edges.setOverrides(index, props['transmission'], props['delayHours']);
  if (s.overlay.base > 0 && s.out.targets.buffer !== s.edges.to.buffer) rebindForwardViews(s);
  return index;
}

/** The forward view shares the edge table's `to`/`kind`; re-point it after the table grew. */
function rebindForwardViews(s: ProjectionState): void {
  const base = s.overlay.base;
  s.out = { ...s.out, targets: s.edges.to.subarray(0, base), kinds: s.edges.kind.subarray(0, base) };
}

function linkOverlay(s: ProjectionState, edge: number, from: number, to: number): void {
  const o = s.overlay;
  const slot = edge - o.base;
  if (slot >= o.outNext.length) {
    const capacity = nextCapacity(o.outNext.length, slot + 1);
    o.outNext = growArray(o.outNext, capacity, -1);
    o.inNext = growArray(o.inNext, capacity, -1);
  }
  o.outNext[slot] = o.outHead[from] as number;
  o.outHead[from] = edge;
  o.inNext[slot] = o.inHead[to] as number;
  o.inHead[to] = edge;
}

export function deleteEdge(s: ProjectionState, id: string): boolean {
  const edge = findEdge(s, id);
  if (edge === -1) return false;
  killEdge(s, edge);
  return true;
}

/** Overlay and dead edges waiting for compaction. */
export function pendingEdges(s: ProjectionState): number {
  return s.edges.count - s.overlay.base + s.deadSinceCompaction;
}

export function needsCompaction(s: ProjectionState): boolean {
  const pending = pendingEdges(s);
  return pending > s.compactionMinimum && pending > s.edges.live * s.compactionRatio;
}

/** Rebuilds both CSR directions from the live edges; node indexes stay, edge indexes are renumbered. */
export function compact(s: ProjectionState): void {
  const slack = Math.max(1024, s.edges.live >>> 4);
  const result = compactEdges(s.edges, s.ids.length, s.tables.edgeKinds.length, slack);
  s.edges = result.table;
  s.out = result.out;
  s.in = result.in;
  s.overlay = emptyOverlay(s.nodeKind.length, result.table.count);
  s.deadSinceCompaction = 0;
  s.generation++;
}

/** Raised when a change cannot be applied because the projection missed an earlier one. */
export function staleError(message: string, details: Record<string, unknown>): EngineError {
  return new EngineError('CG_PROJECTION_STALE', `${message}; rebuild the projection from the store`, { details });
}

