import { invariant } from '../../core/index.js';
import { ARC_K_OF_N } from '../harm-graph/arc-rules.js';
import type { HarmGraph } from '../harm-graph/harm-graph.js';
import { partitionLeaves } from '../harm-graph/leaf-partition.js';
import { strongComponents } from '../harm-graph/strong-components.js';

/**
 * The propagation kernel's private numbering of the harm graph, for memory
 * locality (README "Speed"). Nodes are renumbered into "positions": strongly
 * connected components in topological order, leaves first inside a
 * component (see `strongComponents`), so the first full pass walks node
 * arrays front to back and a node's neighbours sit near it. Every array here
 * is indexed by position, by in-slot (parent arcs in target-position order)
 * or by out-slot (child arcs in source-position order), so both loops of an
 * evaluation read memory sequentially and only the message write lands
 * elsewhere. External numbering (projection node index, harm arc index) is
 * kept through `nodeAt` / `positionOf` and `arcAtOut` / `inSlotOf`.
 */
export interface KernelTopology {
  readonly nodeCount: number;
  readonly arcCount: number;
  /** Projection node at each position, and back. */
  readonly nodeAt: Uint32Array;
  readonly positionOf: Uint32Array;
  /** Component c spans positions `componentStart[c] .. componentStart[c+1]`. */
  readonly componentStart: Uint32Array;
  /** Its pendant leaves come first, its core from `coreStart[c]` (see `partitionLeaves`). */
  readonly coreStart: Uint32Array;
  /** Out-slots of u whose target is in the core of u's component: `coreOut[2u] .. coreOut[2u+1]`. */
  readonly coreOut: Uint32Array;
  /**
   * 1 on out-slot u → w when w is a core node whose only core out-arc is the
   * twin w → u: u's message changes w's value but none of w's core messages
   * (the cavity leaves u out), so a full pass settles w once at the end.
   */
  readonly echoFree: Uint8Array;
  /** In-slots of position v: `inOffsets[v] .. inOffsets[v+1]` (its parent arcs, by source position). */
  readonly inOffsets: Uint32Array;
  /** Harm arc of each in-slot, and the in-slot of each harm arc. */
  readonly inSlotOf: Uint32Array;
  /** 1 when the in-slot is a k-of-n member arc. */
  readonly inKofN: Uint8Array;
  /** k of the RedundancyGroup at each position; 0 for other nodes. */
  readonly groupRequired: Int32Array;
  readonly maxGroupSize: number;
  /** Out-slots of position u: `outOffsets[u] .. outOffsets[u+1]` (its child arcs, by target position). */
  readonly outOffsets: Uint32Array;
  /**
   * Per out-slot j, three int32: [3j] the in-slot the message is written to,
   * [3j+1] the target position, [3j+2] the in-slot of the twin arc (in u's own
   * row; -1 when none or a k-of-n member arc, whose message cannot be divided out).
   */
  readonly outLinks: Int32Array;
  /** Harm arc of each out-slot. */
  readonly arcAtOut: Uint32Array;
  /** Out-slot of each harm arc. */
  readonly outSlotOf: Uint32Array;
}

/** Doubles per row of `KernelLayout.transmissions`: tC, tA, 1 − tA, tV, 1 − tV. */
export const TRANSMISSION_STRIDE = 5;

/**
 * Topology plus the per-graph transmissions. A harm graph has few distinct
 * (tC, tA, tV) triples (one per edge kind and target susceptibility: 15 on
 * the 1M-device city), so out-slot j holds a row index `transmissionOf[j]`
 * into the small table `transmissions` (rows of `TRANSMISSION_STRIDE`, with
 * the complements 1 − tA and 1 − tV precomputed: the same doubles the
 * message formula would compute). The values are the graph's own, bit for
 * bit; the kernel streams 4 bytes per arc instead of 24 (README "Speed").
 */
export interface KernelLayout {
  readonly topology: KernelTopology;
  readonly transmissionOf: Uint32Array;
  readonly transmissions: Float64Array;
}

/**
 * Parent rows by target position, each sorted by source position: filled by
 * walking the sources in position order (a CSR transpose, O(n + m)), so a
 * run of consecutive sources writes a target's row front to back.
 */
function inRows(graph: HarmGraph, nodeAt: Uint32Array, positionOf: Uint32Array) {
  const n = graph.nodeCount;
  const m = graph.arcCount;
  const inOffsets = new Uint32Array(n + 1);
  const groupRequired = new Int32Array(n);
  for (let v = 0; v < n; v++) {
    const x = nodeAt[v] as number;
    groupRequired[v] = graph.groupRequired[x] as number;
    inOffsets[v + 1] = (inOffsets[v] as number) + (graph.inOffsets[x + 1] as number) - (graph.inOffsets[x] as number);
  }
  const cursor = inOffsets.slice(0, n);
  const inSlotOf = new Uint32Array(m);
  const arcAtIn = new Uint32Array(m);
  const inKofN = new Uint8Array(m);
  for (let u = 0; u < n; u++) {
    const x = nodeAt[u] as number;
    for (let i = graph.outOffsets[x] as number; i < (graph.outOffsets[x + 1] as number); i++) {
      const b = graph.outArcs[i] as number;
      const s = cursor[positionOf[graph.arcTo[b] as number] as number]!++;
      inSlotOf[b] = s;
      arcAtIn[s] = b;
      inKofN[s] = (graph.arcFlags[b] as number) & ARC_K_OF_N ? 1 : 0;
    }
  }
  return { inOffsets, inSlotOf, arcAtIn, inKofN, groupRequired };
}

/** Child rows by source position, each sorted by target position (the transpose of the parent rows). */
function outRows(graph: HarmGraph, nodeAt: Uint32Array, positionOf: Uint32Array, rows: ReturnType<typeof inRows>) {
  const n = graph.nodeCount;
  const m = graph.arcCount;
  const outOffsets = new Uint32Array(n + 1);
  for (let u = 0; u < n; u++) {
    const x = nodeAt[u] as number;
    outOffsets[u + 1] = (outOffsets[u] as number) + (graph.outOffsets[x + 1] as number) - (graph.outOffsets[x] as number);
  }
  const cursor = outOffsets.slice(0, n);
  const outLinks = new Int32Array(3 * m);
  const arcAtOut = new Uint32Array(m);
  const outSlotOf = new Uint32Array(m);
  const { inOffsets, inSlotOf, arcAtIn } = rows;
  for (let v = 0; v < n; v++) {
    for (let s = inOffsets[v] as number; s < (inOffsets[v + 1] as number); s++) {
      const b = arcAtIn[s] as number;
      const j = cursor[positionOf[graph.arcFrom[b] as number] as number]!++;
      const twin = graph.arcTwin[b] as number;
      outLinks[3 * j] = s;
      outLinks[3 * j + 1] = v;
      outLinks[3 * j + 2] = twin !== -1 && ((graph.arcFlags[twin] as number) & ARC_K_OF_N) === 0 ? (inSlotOf[twin] as number) : -1;
      arcAtOut[j] = b;
      outSlotOf[b] = j;
    }
  }
  return { outOffsets, outLinks, arcAtOut, outSlotOf };
}

/**
 * `MessageKernel.evaluateLeaf` relies on a pendant leaf's anchor arc being the
 * last in-slot of its row (its other parents lie in earlier components): checked once here.
 */
function checkLeafRows(componentStart: Uint32Array, coreStart: Uint32Array, inOffsets: Uint32Array, coreOut: Uint32Array, outLinks: Int32Array): void {
  for (let c = 0; c + 1 < componentStart.length; c++) {
    for (let v = componentStart[c] as number; v < (coreStart[c] as number); v++) {
      const j = coreOut[2 * v] as number;
      const anchorSlot = outLinks[3 * j + 2] as number;
      invariant((coreOut[2 * v + 1] as number) - j === 1 && anchorSlot === (inOffsets[v + 1] as number) - 1, `pendant leaf at position ${v} is not laid out with its anchor last`);
    }
  }
}

/** See `KernelTopology.echoFree`. */
function echoFreeSlots(n: number, coreOut: Uint32Array, outLinks: Int32Array): Uint8Array {
  const m = outLinks.length / 3;
  const outOfIn = new Uint32Array(m);
  for (let j = 0; j < m; j++) outOfIn[outLinks[3 * j] as number] = j;
  const echoFree = new Uint8Array(m);
  for (let w = 0; w < n; w++) {
    const j = coreOut[2 * w] as number;
    if ((coreOut[2 * w + 1] as number) - j !== 1) continue;
    const twin = outLinks[3 * j + 2] as number;
    if (twin !== -1) echoFree[outOfIn[twin] as number] = 1;
  }
  return echoFree;
}

/** Per node the run of its out-slots (sorted by target) that lands in its component's core. */
function coreOutSlots(componentStart: Uint32Array, coreStart: Uint32Array, outOffsets: Uint32Array, outLinks: Int32Array): Uint32Array {
  const coreOut = new Uint32Array(2 * (outOffsets.length - 1));
  for (let c = 0; c + 1 < componentStart.length; c++) {
    const core = coreStart[c] as number;
    const hi = componentStart[c + 1] as number;
    for (let u = componentStart[c] as number; u < hi; u++) {
      let j = outOffsets[u] as number;
      const end = outOffsets[u + 1] as number;
      while (j < end && (outLinks[3 * j + 1] as number) < core) j++;
      coreOut[2 * u] = j;
      while (j < end && (outLinks[3 * j + 1] as number) < hi) j++;
      coreOut[2 * u + 1] = j;
    }
  }
  return coreOut;
}

function buildTopology(graph: HarmGraph): KernelTopology {
  const n = graph.nodeCount;
  const { order: nodeAt, start: componentStart, coreStart } = partitionLeaves(graph, strongComponents(n, graph.outOffsets, graph.outArcs, graph.arcTo));
  const positionOf = new Uint32Array(n);
  for (let v = 0; v < n; v++) positionOf[nodeAt[v] as number] = v;
  const rows = inRows(graph, nodeAt, positionOf);
  const out = outRows(graph, nodeAt, positionOf, rows);
  const coreOut = coreOutSlots(componentStart, coreStart, out.outOffsets, out.outLinks);
  checkLeafRows(componentStart, coreStart, rows.inOffsets, coreOut, out.outLinks);
  return {
    nodeCount: n,
    arcCount: graph.arcCount,
    nodeAt,
    positionOf,
    componentStart,
    coreStart,
    coreOut,
    echoFree: echoFreeSlots(n, coreOut, out.outLinks),
    inOffsets: rows.inOffsets,
    inSlotOf: rows.inSlotOf,
    inKofN: rows.inKofN,
    groupRequired: rows.groupRequired,
    maxGroupSize: graph.maxGroupSize,
    outOffsets: out.outOffsets,
    outLinks: out.outLinks,
    arcAtOut: out.arcAtOut,
    outSlotOf: out.outSlotOf,
  };
}

// Keyed by the parent-row array: copies of a harm graph with other transmissions (the response
// planner's cut arcs) share its topology arrays, so they share the renumbering too.
const topologies = new WeakMap<Uint32Array, KernelTopology>();
const layouts = new WeakMap<HarmGraph, KernelLayout>();

/**
 * The kernel layout of a harm graph, built once per graph (O(n + m)) and
 * cached; graphs that share `inOffsets` share the renumbering and only
 * gather their own transmissions.
 */
export function kernelLayout(graph: HarmGraph): KernelLayout {
  const known = layouts.get(graph);
  if (known !== undefined) return known;
  let topology = topologies.get(graph.inOffsets);
  if (topology === undefined || topology.arcCount !== graph.arcCount || topology.nodeCount !== graph.nodeCount) {
    topology = buildTopology(graph);
    topologies.set(graph.inOffsets, topology);
  }
  const layout = { topology, ...transmissionTable(graph, topology.arcAtOut) };
  layouts.set(graph, layout);
  return layout;
}

/**
 * Deduplicates the graph's transmission triples into a table, indexed per
 * out-slot (see `KernelLayout`). Rows compare by exact double equality, signed
 * zeros included; rows are found by an open-addressing hash of the triple's bits.
 */
function transmissionTable(graph: HarmGraph, arcAtOut: Uint32Array): { transmissionOf: Uint32Array; transmissions: Float64Array } {
  const m = graph.arcCount;
  const { tC, tA, tV } = graph;
  // Rows by harm arc first (sequential reads; consecutive arcs mostly repeat a row), then by out-slot.
  const rowOfArc = new Uint32Array(m);
  const rows = new RowIndex();
  let last = -1;
  for (let b = 0; b < m; b++) {
    const c = tC[b] as number;
    const a = tA[b] as number;
    const v = tV[b] as number;
    if (last === -1 || !(same(c, tC[b - 1] as number) && same(a, tA[b - 1] as number) && same(v, tV[b - 1] as number))) last = rows.row(c, a, v);
    rowOfArc[b] = last;
  }
  const transmissionOf = new Uint32Array(m);
  for (let j = 0; j < m; j++) transmissionOf[j] = rowOfArc[arcAtOut[j] as number] as number;
  return { transmissionOf, transmissions: Float64Array.from(rows.table) };
}

/** Exact equality of doubles, −0 apart from 0. */
function same(a: number, b: number): boolean {
  return a === b && (a !== 0 || 1 / a === 1 / b);
}

/** Distinct transmission triples and their rows (see `transmissionTable`). */
class RowIndex {
  readonly table: number[] = [];
  #slots = new Int32Array(64).fill(-1);
  readonly #bits = new Float64Array(3);
  readonly #words = new Uint32Array(this.#bits.buffer);

  /** The row of (tC, tA, tV), appended when new. */
  row(tC: number, tA: number, tV: number): number {
    const mask = this.#slots.length - 1;
    for (let i = this.#hash(tC, tA, tV) & mask; ; i = (i + 1) & mask) {
      const row = this.#slots[i] as number;
      if (row === -1) break;
      const r = TRANSMISSION_STRIDE * row;
      if (same(this.table[r] as number, tC) && same(this.table[r + 1] as number, tA) && same(this.table[r + 3] as number, tV)) return row;
    }
    const row = this.table.length / TRANSMISSION_STRIDE;
    this.table.push(tC, tA, 1 - tA, tV, 1 - tV);
    if (2 * (row + 1) > this.#slots.length) this.#grow();
    else this.#insert(row);
    return row;
  }

  #hash(tC: number, tA: number, tV: number): number {
    this.#bits[0] = tC;
    this.#bits[1] = tA;
    this.#bits[2] = tV;
    let h = 0x811c9dc5;
    for (let i = 0; i < 6; i++) h = Math.imul(h ^ (this.#words[i] as number), 0x01000193);
    return (h ^ (h >>> 15)) >>> 0;
  }

  #insert(row: number): void {
    const r = TRANSMISSION_STRIDE * row;
    const mask = this.#slots.length - 1;
    let i = this.#hash(this.table[r] as number, this.table[r + 1] as number, this.table[r + 3] as number) & mask;
    while (this.#slots[i] !== -1) i = (i + 1) & mask;
    this.#slots[i] = row;
  }

  #grow(): void {
    this.#slots = new Int32Array(2 * this.#slots.length).fill(-1);
    for (let row = 0; row < this.table.length / TRANSMISSION_STRIDE; row++) this.#insert(row);
  }
}

/** Bytes held by a kernel layout: its topology (index arrays) and its transmissions, for the memory figures. */
export function kernelLayoutBytes(graph: HarmGraph): { readonly topology: number; readonly transmissions: number } {
  const layout = kernelLayout(graph);
  const topology = Object.values(layout.topology).reduce((sum: number, value) => sum + (ArrayBuffer.isView(value) ? value.byteLength : 0), 0);
  return { topology, transmissions: layout.transmissionOf.byteLength + layout.transmissions.byteLength };
}
