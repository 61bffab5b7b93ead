import { StateDijkstra, type StatePath } from './dijkstra.js';
import type { StateGraph } from './state-graph.js';

const keyOf = (path: StatePath): string => `${path.states.join(',')}|${path.arcs.join(',')}`;

function samePrefix(a: StatePath, b: StatePath, length: number): boolean {
  if (b.states.length <= length) return false;
  for (let i = 0; i <= length; i++) {
    if (a.states[i] !== b.states[i]) return false;
    if (i < length && a.arcs[i] !== b.arcs[i]) return false;
  }
  return true;
}

/** True when a path passes the same asset twice (at two channel levels). */
function revisitsNode(path: StatePath): boolean {
  const nodes = new Set<number>();
  for (let i = 1; i < path.states.length - 1; i++) {
    const node = Math.floor((path.states[i] as number) / 3);
    if (nodes.has(node)) return true;
    nodes.add(node);
  }
  return false;
}

/** Cost of the first `length` steps of a path (sum of −log t up to state `length`). */
function prefixCost(path: StatePath, length: number, weight: (arc: number, from: number, to: number) => number): number {
  let cost = 0;
  for (let i = 0; i < length; i++) cost += weight(path.arcs[i] as number, path.states[i] as number, path.states[i + 1] as number);
  return cost;
}

/** Reusable per harm graph: the Dijkstra arrays and the blocked-state mask (all reset after use). */
export interface YenScratch {
  readonly dijkstra: StateDijkstra;
  readonly blockedStates: Uint8Array;
}

export function createYenScratch(sg: StateGraph): YenScratch {
  return { dijkstra: new StateDijkstra(sg), blockedStates: new Uint8Array(sg.sink + 1) };
}

/**
 * Result of Yen's search: paths by increasing cost (several may share a
 * route, see `routeOf`) and whether more exist.
 */
export interface YenResult {
  readonly paths: readonly StatePath[];
  /** True when `k` paths were found and candidates for more remained. */
  readonly more: boolean;
}

/**
 * Yen's k shortest loopless paths (Yen 1971) from the state graph's source to
 * its sink, Dijkstra inside. For each found path and each spur state, steps
 * used by earlier paths with the same root are blocked, as are the root's
 * states, and the spur route joins the candidate pool; the cheapest
 * candidate becomes the next path. Stops once `k` distinct routes
 * (`routeOf`, default the whole state path) are found.
 */
export function yenKShortest(
  sg: StateGraph,
  k: number,
  maxCost: number,
  weight: (arc: number, from: number, to: number) => number,
  routeOf: (path: StatePath) => string = keyOf,
  scratch: YenScratch = createYenScratch(sg),
): YenResult {
  const dijkstra = scratch.dijkstra.use(sg);
  const blockedStates = scratch.blockedStates;
  const first = dijkstra.search(sg.source, blockedStates, [], maxCost);
  if (first === undefined) return { paths: [], more: false };
  const found: StatePath[] = [first];
  const seen = new Set([keyOf(first)]);
  const routes = new Set([routeOf(first)]);
  const candidates: StatePath[] = [];
  while (routes.size < k) {
    const last = found[found.length - 1] as StatePath;
    for (let i = 0; i < last.states.length - 1; i++) {
      const spur = last.states[i] as number;
      const blockedSteps: number[] = [];
      for (const path of found) {
        if (samePrefix(last, path, i)) blockedSteps.push(path.states[i] as number, path.arcs[i] as number, path.states[i + 1] as number);
      }
      for (let j = 0; j < i; j++) blockedStates[last.states[j] as number] = 1;
      const rootCost = prefixCost(last, i, weight);
      const spurPath = dijkstra.search(spur, blockedStates, blockedSteps, maxCost - rootCost);
      for (let j = 0; j < i; j++) blockedStates[last.states[j] as number] = 0;
      if (spurPath === undefined) continue;
      const candidate: StatePath = {
        states: [...last.states.slice(0, i), ...spurPath.states],
        arcs: [...last.arcs.slice(0, i), ...spurPath.arcs],
        cost: rootCost + spurPath.cost,
      };
      const key = keyOf(candidate);
      if (!seen.has(key) && !revisitsNode(candidate)) {
        seen.add(key);
        candidates.push(candidate);
      }
    }
    if (candidates.length === 0) break;
    candidates.sort((a, b) => a.cost - b.cost || keyOf(a).localeCompare(keyOf(b)));
    const next = candidates.shift() as StatePath;
    found.push(next);
    routes.add(routeOf(next));
  }
  return { paths: found, more: candidates.length > 0 };
}
