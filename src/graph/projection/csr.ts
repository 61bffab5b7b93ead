import type { EdgeTable } from './edge-table.js';
import { EDGE_ALIVE } from './edge-table.js';

/**
 * One direction of the compressed sparse row adjacency. The neighbours of node
 * v occupy slots `offsets[v] .. offsets[v+1]`, sorted by edge kind code, so the
 * slots of one kind are a contiguous sub-range (found by binary search).
 * Nodes interned after the last compaction (index ≥ offsets.length - 1) have
 * no slots here; their edges live in the overlay.
 */
export interface CsrView {
  /** n+1 slot offsets; n is the node count at the last compaction. */
  readonly offsets: Uint32Array;
  /** The neighbour's node index per slot (target when out, source when in). */
  readonly targets: Uint32Array;
  /** The global edge index per slot (for per-edge attributes and liveness). */
  readonly edges: Uint32Array;
  /** The edge kind code per slot. */
  readonly kinds: Uint8Array;
}

export interface CompactedEdges {
  readonly table: EdgeTable;
  readonly out: CsrView;
  readonly in: CsrView;
}

/** Live edges ordered by kind (stable), by counting sort: O(m + kinds). */
function orderByKind(table: EdgeTable, kindCount: number): Uint32Array {
  const { kind, flags, count } = table;
  const starts = new Uint32Array(kindCount + 1);
  for (let e = 0; e < count; e++) if ((flags[e] as number) & EDGE_ALIVE) starts[(kind[e] as number) + 1]!++;
  for (let k = 0; k < kindCount; k++) starts[k + 1]! += starts[k] as number;
  const order = new Uint32Array(starts[kindCount] as number);
  for (let e = 0; e < count; e++) {
    if ((flags[e] as number) & EDGE_ALIVE) order[starts[kind[e] as number]!++] = e;
  }
  return order;
}

/** Stable counting sort of `byKind` by `keys[e]`: segments per node, kind-sorted within. */
function groupByNode(keys: Uint32Array, byKind: Uint32Array, nodeCount: number) {
  const offsets = new Uint32Array(nodeCount + 1);
  for (let i = 0; i < byKind.length; i++) offsets[(keys[byKind[i] as number] as number) + 1]!++;
  for (let v = 0; v < nodeCount; v++) offsets[v + 1]! += offsets[v] as number;
  const cursor = offsets.slice(0, nodeCount);
  const order = new Uint32Array(byKind.length);
  for (let i = 0; i < byKind.length; i++) {
    const e = byKind[i] as number;
    order[cursor[keys[e] as number]!++] = e;
  }
  return { offsets, order };
}

/**
 * Drops dead edges, renumbers the rest in (from, kind) order and builds both
 * CSR directions: O(n + m) time, two counting sorts per direction. The forward
 * view shares the table's `to` and `kind` arrays (slot i is edge i).
 */
export function compactEdges(table: EdgeTable, nodeCount: number, kindCount: number, slack: number): CompactedEdges {
  const forward = groupByNode(table.from, orderByKind(table, kindCount), nodeCount);
  const next = table.permuted(forward.order, slack);
  const m = next.count;
  const identity = new Uint32Array(m);
  for (let i = 0; i < m; i++) identity[i] = i;
  const out: CsrView = {
    offsets: forward.offsets,
    targets: next.to.subarray(0, m),
    edges: identity,
    kinds: next.kind.subarray(0, m),
  };
  const reverse = groupByNode(next.to, orderByKind(next, kindCount), nodeCount);
  const sources = new Uint32Array(m);
  const kinds = new Uint8Array(m);
  for (let i = 0; i < m; i++) {
    const e = reverse.order[i] as number;
    sources[i] = next.from[e] as number;
    kinds[i] = next.kind[e] as number;
  }
  return { table: next, out, in: { offsets: reverse.offsets, targets: sources, edges: reverse.order, kinds } };
}

/** First slot in [lo, hi) whose kind is ≥ `kind` (kinds are sorted there). */
export function lowerBound(kinds: Uint8Array, lo: number, hi: number, kind: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((kinds[mid] as number) < kind) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Bytes of one CSR direction. Shared arrays are counted where they are used. */
export function csrBytes(view: CsrView): number {
  return view.offsets.byteLength + view.targets.byteLength + view.edges.byteLength + view.kinds.byteLength;
}
