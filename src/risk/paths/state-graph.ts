import { CARRIES_AVAILABILITY, CARRIES_COMPROMISE, CARRIES_VISIBILITY } from '../harm-graph/arc-rules.js';
import type { HarmGraph } from '../harm-graph/harm-graph.js';

/**
 * The layered graph paths are searched on: state s = 3·v + level, level 0 =
 * v compromised, 1 = v lost (unavailable), 2 = v degraded (not observable).
 * Harm only moves up the levels (a compromised controller can stop a pump,
 * a failed gateway cannot compromise a camera), so an arc u → v carrying
 * channel c leads from (u, ℓ) to (v, c) for every carried c ≥ ℓ. Two virtual
 * states close it: SOURCE → each source state, each target state → SINK.
 */
export interface StateGraph {
  readonly graph: HarmGraph;
  readonly source: number;
  readonly sink: number;
  /** 1 when node v is a target. */
  readonly targets: Uint8Array;
  readonly sourceStates: readonly number[];
}

const CHANNEL_BITS = [CARRIES_COMPROMISE, CARRIES_AVAILABILITY, CARRIES_VISIBILITY] as const;

/** Transmission of arc a on channel c (0 when not carried). */
export function arcTransmission(graph: HarmGraph, a: number, c: number): number {
  if (((graph.arcFlags[a] as number) & CHANNEL_BITS[c]!) === 0) return 0;
  return (c === 0 ? graph.tC[a] : c === 1 ? graph.tA[a] : graph.tV[a]) as number;
}

/** Hours for harm to cross arc a on channel c: edge delay, plus the target's buffer for availability. */
export function arcHours(graph: HarmGraph, a: number, c: number): number {
  return (graph.arcDelay[a] as number) + (c === 1 ? (graph.arcBuffer[a] as number) : 0);
}

const weightTables = new WeakMap<HarmGraph, Float64Array>();

/**
 * −log t of every arc and channel (index 3·arc + channel), NaN where the arc
 * does not carry the channel (t = 0). Harm graphs are never edited in place
 * (an edited graph is a copy), so the table is computed once per graph
 * object: Yen's spur searches relax the same arcs many times per query.
 */
export function arcWeights(graph: HarmGraph): Float64Array {
  let table = weightTables.get(graph);
  if (table === undefined) {
    table = new Float64Array(3 * graph.arcCount);
    for (let a = 0; a < graph.arcCount; a++) {
      for (let c = 0; c < 3; c++) {
        const t = arcTransmission(graph, a, c);
        table[3 * a + c] = t > 0 ? -Math.log(t) : NaN;
      }
    }
    weightTables.set(graph, table);
  }
  return table;
}

/**
 * Visits the successors of `state`: `visit(next, weight, arc)` with weight
 * −log t and arc -1 for virtual steps. Allocation-free.
 */
export function forEachSuccessor(
  sg: StateGraph,
  state: number,
  visit: (next: number, weight: number, arc: number) => void,
): void {
  if (state === sg.source) {
    for (const s of sg.sourceStates) visit(s, 0, -1);
    return;
  }
  if (state === sg.sink) return;
  const { graph } = sg;
  const u = Math.floor(state / 3);
  const level = state - 3 * u;
  if (sg.targets[u] === 1) visit(sg.sink, 0, -1);
  const { outOffsets, outArcs, arcTo } = graph;
  const weights = arcWeights(graph);
  for (let i = outOffsets[u] as number; i < (outOffsets[u + 1] as number); i++) {
    const a = outArcs[i] as number;
    const w = arcTo[a] as number;
    for (let c = level; c < 3; c++) {
      const weight = weights[3 * a + c] as number;
      // NaN: the arc does not carry channel c (t = 0).
      if (weight === weight) visit(3 * w + c, weight, a);
    }
  }
}
