import type { Random } from '../../core/index.js';
import { ARC_K_OF_N } from '../harm-graph/arc-rules.js';
import type { HarmGraph } from '../harm-graph/harm-graph.js';
import { MinHeap } from '../paths/min-heap.js';
import { arcHours, arcTransmission } from '../paths/state-graph.js';

/** Initial events of one cascade run: node indexes failing or held by an attacker at time 0. */
export interface CascadeStart {
  readonly failed: readonly number[];
  readonly attacked: readonly number[];
}

/** When each node entered each nested level (Infinity = never within the horizon). */
export interface CascadeTimes {
  /** Hours until compromise, per node. */
  readonly compromised: Float64Array;
  /** Hours until loss of function (availability), per node. */
  readonly lost: Float64Array;
  /** Hours until loss of visibility, per node. */
  readonly degraded: Float64Array;
}

/**
 * One discrete-event run of the world model (README "World model") over
 * time: each arc channel transmits or not by a seeded draw (made once, on
 * first use), harm arrives after the edge delay plus, for availability, the
 * target's buffer (backupHours, storageHours); a k-of-n group is lost when
 * its (n − k + 1)-th member loss arrives. Events run in time order, so each
 * node keeps its earliest time per level; events past `horizonHours` stop.
 */
export function runCascade(graph: HarmGraph, start: CascadeStart, horizonHours: number, random: Random): CascadeTimes {
  const n = graph.nodeCount;
  const times = [new Float64Array(n).fill(Infinity), new Float64Array(n).fill(Infinity), new Float64Array(n).fill(Infinity)] as const;
  const draws = new Int8Array(graph.arcCount * 3).fill(-1);
  const groupLost = [new Uint32Array(n), new Uint32Array(n)];
  const members = new Uint32Array(n);
  for (let a = 0; a < graph.arcCount; a++) if ((graph.arcFlags[a] as number) & ARC_K_OF_N) members[graph.arcTo[a] as number]!++;
  const heap = new MinHeap();
  for (const v of start.attacked) heap.push(0, 3 * v);
  for (const v of start.failed) heap.push(0, 3 * v + 1);
  while (heap.size > 0) {
    const state = heap.pop();
    const t = heap.lastCost;
    if (t > horizonHours) break;
    const v = Math.floor(state / 3);
    const level = state - 3 * v;
    if (t >= (times[level as 0 | 1 | 2][v] as number)) continue;
    // Nested levels: compromised ⇒ lost ⇒ degraded. Fire arcs only for levels reached now.
    for (let c = level; c < 3; c++) {
      if (t >= (times[c as 0 | 1 | 2][v] as number)) continue;
      times[c as 0 | 1 | 2][v] = t;
      fireArcs(graph, v, c, t, { draws, random, heap, groupLost, members });
    }
  }
  return { compromised: times[0], lost: times[1], degraded: times[2] };
}

interface FireContext {
  readonly draws: Int8Array;
  readonly random: Random;
  readonly heap: MinHeap;
  readonly groupLost: readonly Uint32Array[];
  readonly members: Uint32Array;
}

/** Schedules what v reaching level c at time t does to its children over arcs carrying channel c. */
function fireArcs(graph: HarmGraph, v: number, c: number, t: number, ctx: FireContext): void {
  const { outOffsets, outArcs, arcTo, arcFlags, groupRequired } = graph;
  for (let i = outOffsets[v] as number; i < (outOffsets[v + 1] as number); i++) {
    const a = outArcs[i] as number;
    const p = arcTransmission(graph, a, c);
    if (p <= 0) continue;
    const slot = 3 * a + c;
    if (ctx.draws[slot] === -1) ctx.draws[slot] = p >= 1 || ctx.random.next() < p ? 1 : 0;
    if (ctx.draws[slot] === 0) continue;
    const w = arcTo[a] as number;
    const arrival = t + arcHours(graph, a, c);
    if (((arcFlags[a] as number) & ARC_K_OF_N) === 0) {
      ctx.heap.push(arrival, 3 * w + c);
      continue;
    }
    if (c === 0) continue;
    // A member loss on level c (1 or 2) counts toward the group's (n − k + 1)-th loss.
    const lost = ctx.groupLost[c - 1] as Uint32Array;
    lost[w]!++;
    if ((ctx.members[w] as number) - (lost[w] as number) < (groupRequired[w] as number)) ctx.heap.push(arrival, 3 * w + c);
  }
}
