import { invariant } from '../../core/index.js';
import type { ChangeSet, GraphStore } from '../port.js';
import { applyChangeSet, refreshFromSource, type ApplyResult, type RefreshResult } from './apply-changes.js';
import { lowerBound, type CsrView } from './csr.js';
import { EDGE_ALIVE } from './edge-table.js';
import type { NodeColumns } from './node-columns.js';
import { measureMemory, type ProjectionMemory } from './projection-memory.js';
import { compact, findEdge, type Overlay, type ProjectionState } from './projection-state.js';

/**
 * Called once per neighbour: the neighbour's node index, the global edge
 * index (for `edgeTransmission` etc.) and the edge kind code. Return `true`
 * to stop the iteration early.
 */
export type NeighbourVisitor = (neighbour: number, edge: number, kind: number) => boolean | void;

/**
 * Everything a hot loop needs, without method calls. Valid until the next
 * `applyChanges`/`refresh`/`compact`; fetch it again per request. Protocol per
 * node v and direction: slots `csr.offsets[v]..offsets[v+1]` when
 * `v < csrNodeCount`, skipping edges whose `edgeFlags[e] & 1` is 0, then the
 * overlay chain `e = overlay.outHead[v]; e !== -1; e = overlay.outNext[e - overlay.base]`
 * (same liveness check; neighbour `edgeTo[e]`, kind `edgeKind[e]`).
 */
export interface RawProjection {
  readonly out: CsrView;
  readonly in: CsrView;
  readonly csrNodeCount: number;
  readonly overlay: Readonly<Overlay>;
  readonly nodeKind: Uint16Array;
  readonly nodeAlive: Uint8Array;
  readonly edgeFrom: Uint32Array;
  readonly edgeTo: Uint32Array;
  readonly edgeKind: Uint8Array;
  /** Bit 0 = alive, bit 1 = custom id. */
  readonly edgeFlags: Uint8Array;
  /** Per-edge `transmission` override, NaN when the kind's default applies. */
  readonly edgeTransmission: Float32Array;
  /** Per-edge `delayHours` override, NaN when the kind's default applies. */
  readonly edgeDelay: Float32Array;
}

/**
 * The in-memory projection of the graph (DESIGN.md §4): dense node indexes,
 * kind codes, attribute columns and a kind-sorted CSR adjacency in both
 * directions, plus an overlay for edges added since the last compaction.
 * Risk, path, blast-radius, choke-point, cascade and policy operators run on
 * it; the store is never traversed per request.
 */
export class Projection {
  readonly #s: ProjectionState;

  /** Use `buildProjection` or `createProjectionBuilder`. */
  constructor(state: ProjectionState) {
    this.#s = state;
  }

  /** The store version this projection reflects (all changes ≤ it are applied). */
  get version(): number {
    return this.#s.version;
  }

  /** Bumps on every compaction, which renumbers edge indexes (node indexes never change). */
  get generation(): number {
    return this.#s.generation;
  }

  /** Upper bound of node indexes (dead slots included): loop `0..nodeCount`. */
  get nodeCount(): number {
    return this.#s.ids.length;
  }

  get liveNodeCount(): number {
    return this.#s.liveNodes;
  }

  /** Live edges. */
  get edgeCount(): number {
    return this.#s.edges.live;
  }

  /** Edges from the change feed waiting for an endpoint that has not arrived yet. */
  get pendingEdgeCount(): number {
    return this.#s.pending.size;
  }

  /** Upper bound of edge indexes (dead slots included). */
  get edgeSlotCount(): number {
    return this.#s.edges.count;
  }

  get nodeKinds(): readonly string[] {
    return this.#s.tables.nodeKinds;
  }

  get edgeKinds(): readonly string[] {
    return this.#s.tables.edgeKinds;
  }

  get domains(): readonly string[] {
    return this.#s.tables.domains;
  }

  get zones(): readonly string[] {
    return this.#s.tables.zones;
  }

  /** cg:site values; `columns.site[v]` is a position in this list (-1 absent). */
  get sites(): readonly string[] {
    return this.#s.tables.sites;
  }

  /** cg:element values; `columns.element[v]` is a position in this list (-1 absent). */
  get elements(): readonly string[] {
    return this.#s.tables.elements;
  }

  /** Node attribute columns (see NodeColumns); re-read after changes, arrays may grow. */
  get columns(): NodeColumns {
    return this.#s.columns.columns;
  }

  /** The index of a live node, or -1. */
  nodeIndex(id: string): number {
    const index = this.#s.idIndex.get(id);
    return index !== undefined && this.#s.nodeAlive[index] === 1 ? index : -1;
  }

  nodeId(node: number): string {
    return this.#s.ids[node] as string;
  }

  isAlive(node: number): boolean {
    return this.#s.nodeAlive[node] === 1;
  }

  nodeKind(node: number): string {
    return this.#s.tables.nodeKinds[this.#s.nodeKind[node] as number] as string;
  }

  nodeKindOf(node: number): number {
    return this.#s.nodeKind[node] as number;
  }

  /** Code of a node kind, -1 when unknown. */
  nodeKindCode(kind: string): number {
    return this.#s.tables.nodeKindCode(kind);
  }

  /** Code of an edge kind, -1 when unknown. */
  edgeKindCode(kind: string): number {
    return this.#s.tables.edgeKindCode(kind);
  }

  zoneCode(zone: string): number {
    return this.#s.tables.zoneCode(zone);
  }

  /** True when the node's kind is `label` or a subclass of it (NODE_KIND_ANCESTORS). */
  isA(node: number, label: string): boolean {
    return this.#s.tables.labelMask(label)[this.#s.nodeKind[node] as number] === 1;
  }

  /** `mask[nodeKindCode] === 1` for kinds under `label`, for hot loops. */
  labelMask(label: string): Uint8Array {
    return this.#s.tables.labelMask(label);
  }

  /** `mask[edgeKindCode] === 1` for the given kinds (e.g. an ontology edge set); unknown kinds are ignored. */
  edgeKindMask(kinds: readonly string[]): Uint8Array {
    const mask = new Uint8Array(256);
    for (const kind of kinds) {
      const code = this.#s.tables.edgeKindCode(kind);
      if (code !== -1) mask[code] = 1;
    }
    return mask;
  }

  /** Visits live out-neighbours of `node` over edges of kind code `edgeKind`. Returns true if stopped early. */
  forEachOut(node: number, edgeKind: number, visit: NeighbourVisitor): boolean {
    this.#checkNode(node);
    const o = this.#s.overlay;
    return this.#visitKind(this.#s.out, node, edgeKind, visit) || this.#visitChain(o.outHead, o.outNext, this.#s.edges.to, node, edgeKind, undefined, visit);
  }

  /** Visits live in-neighbours (sources) of `node` over edges of kind code `edgeKind`. */
  forEachIn(node: number, edgeKind: number, visit: NeighbourVisitor): boolean {
    this.#checkNode(node);
    const o = this.#s.overlay;
    return this.#visitKind(this.#s.in, node, edgeKind, visit) || this.#visitChain(o.inHead, o.inNext, this.#s.edges.from, node, edgeKind, undefined, visit);
  }

  /** Visits live out-neighbours over every edge kind whose `mask[kind]` is 1. */
  forEachOutMasked(node: number, mask: Uint8Array, visit: NeighbourVisitor): boolean {
    this.#checkNode(node);
    const o = this.#s.overlay;
    return this.#visitMask(this.#s.out, node, mask, visit) || this.#visitChain(o.outHead, o.outNext, this.#s.edges.to, node, -1, mask, visit);
  }

  /** Visits live in-neighbours over every edge kind whose `mask[kind]` is 1. */
  forEachInMasked(node: number, mask: Uint8Array, visit: NeighbourVisitor): boolean {
    this.#checkNode(node);
    const o = this.#s.overlay;
    return this.#visitMask(this.#s.in, node, mask, visit) || this.#visitChain(o.inHead, o.inNext, this.#s.edges.from, node, -1, mask, visit);
  }

  #checkNode(node: number): void {
    // Message built only on failure: iteration must not allocate.
    if (!(node >= 0 && node < this.#s.ids.length)) {
      invariant(false, `node index ${node} is out of range (nodeIndex returns -1 for unknown ids)`);
    }
  }

  #visitKind(csr: CsrView, node: number, kind: number, visit: NeighbourVisitor): boolean {
    if (node >= csr.offsets.length - 1) return false;
    const { offsets, targets, edges, kinds } = csr;
    const flags = this.#s.edges.flags;
    const end = offsets[node + 1] as number;
    for (let i = lowerBound(kinds, offsets[node] as number, end, kind); i < end && kinds[i] === kind; i++) {
      const e = edges[i] as number;
      if ((flags[e] as number) & EDGE_ALIVE && visit(targets[i] as number, e, kind) === true) return true;
    }
    return false;
  }

  #visitMask(csr: CsrView, node: number, mask: Uint8Array, visit: NeighbourVisitor): boolean {
    if (node >= csr.offsets.length - 1) return false;
    const { offsets, targets, edges, kinds } = csr;
    const flags = this.#s.edges.flags;
    const end = offsets[node + 1] as number;
    for (let i = offsets[node] as number; i < end; i++) {
      const kind = kinds[i] as number;
      const e = edges[i] as number;
      if (mask[kind] === 1 && (flags[e] as number) & EDGE_ALIVE && visit(targets[i] as number, e, kind) === true) return true;
    }
    return false;
  }

  #visitChain(
    head: Int32Array,
    next: Int32Array,
    ends: Uint32Array,
    node: number,
    kind: number,
    mask: Uint8Array | undefined,
    visit: NeighbourVisitor,
  ): boolean {
    const { kind: kinds, flags } = this.#s.edges;
    const base = this.#s.overlay.base;
    for (let e = head[node] as number; e !== -1; e = next[e - base] as number) {
      const k = kinds[e] as number;
      const wanted = mask === undefined ? k === kind : mask[k] === 1;
      if (wanted && (flags[e] as number) & EDGE_ALIVE && visit(ends[e] as number, e, k) === true) return true;
    }
    return false;
  }

  /** Live out-edges of one kind. */
  outDegree(node: number, edgeKind: number): number {
    let degree = 0;
    this.forEachOut(node, edgeKind, () => void degree++);
    return degree;
  }

  /** Live in-edges of one kind. */
  inDegree(node: number, edgeKind: number): number {
    let degree = 0;
    this.forEachIn(node, edgeKind, () => void degree++);
    return degree;
  }

  /** The index of a live edge by store id, or -1. */
  edgeIndex(id: string): number {
    return findEdge(this.#s, id);
  }

  /** The store id of an edge (custom ids kept, default ids rebuilt as `${from}|${kind}|${to}`). */
  edgeId(edge: number): string {
    const custom = this.#s.edges.customIdOf.get(edge);
    if (custom !== undefined) return custom;
    return `${this.nodeId(this.edgeFrom(edge))}|${this.edgeKinds[this.edgeKindOf(edge)]}|${this.nodeId(this.edgeTo(edge))}`;
  }

  isEdgeAlive(edge: number): boolean {
    return this.#s.edges.isAlive(edge);
  }

  edgeFrom(edge: number): number {
    return this.#s.edges.from[edge] as number;
  }

  edgeTo(edge: number): number {
    return this.#s.edges.to[edge] as number;
  }

  edgeKindOf(edge: number): number {
    return this.#s.edges.kind[edge] as number;
  }

  /** The edge's `transmission` override, NaN when its kind's default (EDGE_KIND_INFO) applies. */
  edgeTransmission(edge: number): number {
    return this.#s.edges.transmission[edge] as number;
  }

  /** The edge's `delayHours` override, NaN when its kind's default applies. */
  edgeDelay(edge: number): number {
    return this.#s.edges.delay[edge] as number;
  }

  /** Raw arrays for hot loops; see RawProjection for the iteration protocol. */
  raw(): RawProjection {
    const s = this.#s;
    const e = s.edges;
    return {
      out: s.out,
      in: s.in,
      csrNodeCount: s.out.offsets.length - 1,
      overlay: s.overlay,
      nodeKind: s.nodeKind,
      nodeAlive: s.nodeAlive,
      edgeFrom: e.from,
      edgeTo: e.to,
      edgeKind: e.kind,
      edgeFlags: e.flags,
      edgeTransmission: e.transmission,
      edgeDelay: e.delay,
    };
  }

  /** Applies one page of the change feed (GraphStore.changes); visible to iteration at once. */
  applyChanges(changeSet: ChangeSet): ApplyResult {
    return applyChangeSet(this.#s, changeSet);
  }

  /** Pulls and applies every change newer than `version` from the store. */
  refresh(store: Pick<GraphStore, 'changes'>, options: { readonly pageSize?: number } = {}): Promise<RefreshResult> {
    return refreshFromSource(this.#s, store, options.pageSize ?? 10_000);
  }

  /** Folds the overlay and dead edges into fresh CSR arrays now (renumbers edges, bumps generation). */
  compact(): void {
    compact(this.#s);
  }

  /** Bytes of the adjacency: both CSR directions plus edge endpoints (see README). */
  topologyBytes(): number {
    return measureMemory(this.#s).topologyBytes;
  }

  /** A breakdown of what the projection holds, in bytes. */
  memory(): ProjectionMemory {
    return measureMemory(this.#s);
  }
}
