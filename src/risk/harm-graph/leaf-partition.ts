import { ARC_K_OF_N } from './arc-rules.js';
import type { HarmGraph } from './harm-graph.js';
import type { StrongComponents } from './strong-components.js';

/** Strong components with each one split into pendant leaves (first) and its core. */
export interface LeafPartition extends StrongComponents {
  /** Component c's core spans positions `coreStart[c] .. start[c+1]`; its leaves `start[c] .. coreStart[c]`. */
  readonly coreStart: Uint32Array;
}

/**
 * The one node a pendant leaf hangs on, or -1. A node x of a cycle is a
 * pendant leaf when its only arcs inside its component are one twin pair
 * x → P, P → x (a device and its gateway over networkedVia), neither a
 * k-of-n member arc, and x is no RedundancyGroup. Its message to P is then
 * the cavity without P's message, so it depends only on earlier components
 * (belief propagation on a tree edge): the component's core can settle with
 * the leaf's message fixed, and the leaf is evaluated once more at the end.
 */
function anchorOf(graph: HarmGraph, component: Uint32Array, x: number): number {
  if ((graph.groupRequired[x] as number) !== 0) return -1;
  const c = component[x] as number;
  let out = -1;
  for (let i = graph.outOffsets[x] as number; i < (graph.outOffsets[x + 1] as number); i++) {
    const a = graph.outArcs[i] as number;
    if (component[graph.arcTo[a] as number] !== c) continue;
    if (out !== -1) return -1;
    out = a;
  }
  let into = -1;
  for (let a = graph.inOffsets[x] as number; a < (graph.inOffsets[x + 1] as number); a++) {
    if (component[graph.arcFrom[a] as number] !== c) continue;
    if (into !== -1) return -1;
    into = a;
  }
  if (out === -1 || into === -1 || graph.arcTwin[out] !== into) return -1;
  if (((graph.arcFlags[out] as number) | (graph.arcFlags[into] as number)) & ARC_K_OF_N) return -1;
  return graph.arcTo[out] as number;
}

/**
 * Reorders each component of `components` into its pendant leaves, then its
 * core, both keeping their relative order. In a two-node component both
 * nodes qualify; the later one stays as the core. O(n + m).
 */
export function partitionLeaves(graph: HarmGraph, components: StrongComponents): LeafPartition {
  const n = graph.nodeCount;
  const { order, start } = components;
  const count = start.length - 1;
  const component = new Uint32Array(n);
  for (let c = 0; c < count; c++) for (let i = start[c] as number; i < (start[c + 1] as number); i++) component[order[i] as number] = c;
  const anchor = new Int32Array(n).fill(-1);
  for (let c = 0; c < count; c++) {
    if ((start[c + 1] as number) - (start[c] as number) < 2) continue;
    for (let i = start[c] as number; i < (start[c + 1] as number); i++) anchor[order[i] as number] = anchorOf(graph, component, order[i] as number);
  }
  const next = new Uint32Array(n);
  const coreStart = new Uint32Array(count);
  for (let c = 0; c < count; c++) {
    const lo = start[c] as number;
    const hi = start[c + 1] as number;
    let write = lo;
    for (let i = lo; i < hi; i++) {
      const x = order[i] as number;
      const p = anchor[x] as number;
      // Of a mutual pair (a two-node component), the later node is the core.
      if (p !== -1 && !(anchor[p] === x && i > (order.indexOf(p, lo) as number))) next[write++] = x;
      else anchor[x] = -1;
    }
    coreStart[c] = write;
    for (let i = lo; i < hi; i++) if (anchor[order[i] as number] === -1) next[write++] = order[i] as number;
  }
  return { order: next, start, coreStart };
}
