import { MinHeap } from './min-heap.js';
import { forEachSuccessor, type StateGraph } from './state-graph.js';

/** A route through the state graph: states and the arcs between them (-1 = virtual). */
export interface StatePath {
  readonly states: readonly number[];
  readonly arcs: readonly number[];
  readonly cost: number;
}

/**
 * Steps (state → state over an arc) a search must not take, as flat
 * (from, arc, to) triples: Yen blocks at most one step per path found, so a
 * linear scan beats building a string key per relaxed arc.
 */
export type BlockedSteps = readonly number[];

function isBlocked(steps: BlockedSteps, from: number, arc: number, to: number): boolean {
  for (let i = 0; i < steps.length; i += 3) if (steps[i] === from && steps[i + 1] === arc && steps[i + 2] === to) return true;
  return false;
}

/**
 * Dijkstra over the state graph from one state to the sink, with −log t
 * weights (so the cheapest route is the most probable one). Blocked states
 * and blocked steps (`BlockedSteps`) serve Yen's spur searches;
 * routes costing more than `maxCost` are not explored. Scratch arrays are
 * reused between calls and reset through a touched list.
 */
export class StateDijkstra {
  readonly #dist: Float64Array;
  readonly #prevState: Int32Array;
  readonly #prevArc: Int32Array;
  readonly #touched: number[] = [];

  /** The state graph of the current query; set with `use` before searching. */
  sg: StateGraph;

  /** Scratch for state graphs of up to `sg.sink + 1` states; reusable across queries on the same harm graph. */
  constructor(sg: StateGraph) {
    this.sg = sg;
    const size = sg.sink + 1;
    this.#dist = new Float64Array(size).fill(Infinity);
    this.#prevState = new Int32Array(size).fill(-1);
    this.#prevArc = new Int32Array(size).fill(-1);
  }

  use(sg: StateGraph): this {
    this.sg = sg;
    return this;
  }

  search(start: number, blockedStates: Uint8Array, blockedSteps: BlockedSteps, maxCost: number): StatePath | undefined {
    const dist = this.#dist;
    const heap = new MinHeap();
    this.#set(start, 0, -1, -1);
    heap.push(0, start);
    let found = false;
    while (heap.size > 0) {
      const state = heap.pop();
      const d = heap.lastCost;
      if (d > (dist[state] as number)) continue;
      if (state === this.sg.sink) {
        found = true;
        break;
      }
      forEachSuccessor(this.sg, state, (next, weight, arc) => {
        if (blockedStates[next] === 1) return;
        const nd = d + weight;
        if (nd > maxCost || nd >= (dist[next] as number)) return;
        if (blockedSteps.length > 0 && isBlocked(blockedSteps, state, arc, next)) return;
        this.#set(next, nd, state, arc);
        heap.push(nd, next);
      });
    }
    const path = found ? this.#trace(start) : undefined;
    this.#reset();
    return path;
  }

  #set(state: number, d: number, prev: number, arc: number): void {
    if (this.#dist[state] === Infinity) this.#touched.push(state);
    this.#dist[state] = d;
    this.#prevState[state] = prev;
    this.#prevArc[state] = arc;
  }

  #trace(start: number): StatePath {
    const states: number[] = [];
    const arcs: number[] = [];
    for (let s = this.sg.sink; s !== start; s = this.#prevState[s] as number) {
      states.push(s);
      arcs.push(this.#prevArc[s] as number);
    }
    states.push(start);
    return { states: states.reverse(), arcs: arcs.reverse(), cost: this.#dist[this.sg.sink] as number };
  }

  #reset(): void {
    for (const s of this.#touched) {
      this.#dist[s] = Infinity;
      this.#prevState[s] = -1;
      this.#prevArc[s] = -1;
    }
    this.#touched.length = 0;
  }
}
