import type { HarmGraph } from '../harm-graph/harm-graph.js';
import { MinHeap } from '../paths/min-heap.js';
import { arcHours, arcTransmission } from '../paths/state-graph.js';

/** Per node: probability of its most probable path from the sources and the hours along it. */
export interface Arrival {
  /** Probability of the most probable path (0 when unreachable). */
  readonly pathProbability: Float64Array;
  /** Hours along that path (delays plus buffers), NaN when unreachable. */
  readonly hours: Float64Array;
}

/**
 * One Dijkstra over the layered state graph (see paths/state-graph.ts) from
 * every source state: for each node the most probable way harm reaches it
 * (at any channel level) and the time it takes along that way. Feeds
 * "time to impact" in blast radius (DESIGN.md §5 "Impact").
 */
export function mostProbableArrival(graph: HarmGraph, sourceStates: readonly number[], minProbability: number): Arrival {
  const n = graph.nodeCount;
  const cost = new Float64Array(3 * n).fill(Infinity);
  const hours = new Float64Array(3 * n);
  const maxCost = -Math.log(Math.max(minProbability, 1e-300));
  const heap = new MinHeap();
  for (const s of sourceStates) {
    cost[s] = 0;
    heap.push(0, s);
  }
  const { outOffsets, outArcs, arcTo } = graph;
  while (heap.size > 0) {
    const s = heap.pop();
    const d = heap.lastCost;
    if (d > (cost[s] as number)) continue;
    const u = Math.floor(s / 3);
    for (let i = outOffsets[u] as number; i < (outOffsets[u + 1] as number); i++) {
      const a = outArcs[i] as number;
      const w = arcTo[a] as number;
      for (let c = s - 3 * u; c < 3; c++) {
        const t = arcTransmission(graph, a, c);
        if (t <= 0) continue;
        const nd = d - Math.log(t);
        const next = 3 * w + c;
        if (nd > maxCost || nd >= (cost[next] as number)) continue;
        cost[next] = nd;
        hours[next] = (hours[s] as number) + arcHours(graph, a, c);
        heap.push(nd, next);
      }
    }
  }
  const pathProbability = new Float64Array(n);
  const nodeHours = new Float64Array(n).fill(NaN);
  for (let v = 0; v < n; v++) {
    let best = 3 * v;
    for (let c = 1; c < 3; c++) if ((cost[3 * v + c] as number) < (cost[best] as number)) best = 3 * v + c;
    if (cost[best] === Infinity) continue;
    pathProbability[v] = Math.exp(-(cost[best] as number));
    nodeHours[v] = hours[best] as number;
  }
  return { pathProbability, hours: nodeHours };
}
