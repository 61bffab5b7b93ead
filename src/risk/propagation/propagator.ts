import type { HarmGraph } from '../harm-graph/harm-graph.js';
import { allocateChannels, createScratch, evaluateNode, updateMessages, type ChannelArrays, type EvaluationScratch } from './evaluate-node.js';

/** Fixed-point controls (DESIGN.md §5 "Cycles"). */
export interface FixedPointOptions {
  /** Stop re-evaluating a node's children when a message moved by at most this much (default 1e-6). */
  readonly tolerance?: number;
  /** Cap on worklist re-evaluations, as a multiple of the node count (default 100). */
  readonly maxIterations?: number;
}

/** How the last (re)computation went. */
export interface FixedPointReport {
  /** True when the worklist emptied before the cap. */
  readonly converged: boolean;
  /** Node evaluations performed (first pass + re-evaluations on cycles). */
  readonly evaluations: number;
  /** Nodes whose values were recomputed from scratch. */
  readonly regionSize: number;
}

/**
 * Runs the monotone fixed point of the propagation equations on typed arrays.
 * Values start at 0 (below the least fixed point) and only rise, so the
 * iteration converges to the least fixed point; a node whose value moves by
 * more than `tolerance` re-queues its children. Nodes are first evaluated in
 * the graph's topological order, so acyclic parts are final in one pass and
 * only cycles use the FIFO worklist.
 */
export class Propagator {
  readonly graph: HarmGraph;
  readonly p: ChannelArrays;
  scratch: EvaluationScratch;
  readonly #queue: Uint32Array;
  readonly #queued: Uint8Array;
  readonly #mark: Uint8Array;
  readonly #tolerance: number;
  readonly #maxEvaluations: number;
  #head = 0;
  #size = 0;
  /** During an ordered pass: only children ranked before this are queued (later ones come anyway). */
  #passRank = -1;
  #sweeping = false;
  /** Influence bound per node while finding a region (scratch). */
  readonly #bound: Float64Array;
  readonly #onChanged = (w: number): void => {
    // Children later in an ordered pass come anyway, unless they lie outside the region being recomputed.
    if (this.#passRank < 0 || (this.graph.rank[w] as number) < this.#passRank || this.#mark[w] === 0) this.#push(w);
  };

  constructor(graph: HarmGraph, options: FixedPointOptions = {}) {
    const n = graph.nodeCount;
    this.graph = graph;
    this.p = allocateChannels(graph);
    this.scratch = createScratch(graph);
    this.#queue = new Uint32Array(Math.max(1, n));
    this.#queued = new Uint8Array(n);
    this.#mark = new Uint8Array(n);
    this.#bound = new Float64Array(n);
    this.#tolerance = options.tolerance ?? 1e-6;
    this.#maxEvaluations = (options.maxIterations ?? 100) * Math.max(1, n);
  }

  #push(v: number): void {
    if (this.#queued[v] === 1) return;
    this.#queued[v] = 1;
    if (!this.#sweeping) this.#queue[(this.#head + this.#size) % this.#queue.length] = v;
    this.#size++;
  }

  /**
   * Symmetric Gauss–Seidel: alternate forward and backward sweeps over the
   * topological order, evaluating queued nodes, until none is queued. On the
   * tree-like parts of cycles (a gateway and the devices behind it) messages
   * travel up in one sweep and down in the next, as in two-pass belief
   * propagation, where a FIFO worklist would need one round per hop.
   */
  #sweep(): { evaluations: number; converged: boolean } {
    const { order, nodeCount } = this.graph;
    let evaluations = 0;
    let forward = true;
    this.#sweeping = true;
    while (this.#size > 0 && evaluations < this.#maxEvaluations) {
      for (let i = 0; i < nodeCount; i++) {
        const v = order[forward ? i : nodeCount - 1 - i] as number;
        if (this.#queued[v] === 0) continue;
        this.#queued[v] = 0;
        this.#size--;
        evaluations++;
        this.#visit(v);
      }
      forward = !forward;
    }
    this.#sweeping = false;
    const converged = this.#size === 0;
    if (!converged) {
      this.#queued.fill(0);
      this.#size = 0;
    }
    return { evaluations, converged };
  }

  /** Evaluates v and refreshes the messages on its child arcs. */
  #visit(v: number): void {
    evaluateNode(this.graph, this.p, this.scratch, v);
    updateMessages(this.graph, this.p, this.scratch, v, this.#tolerance, this.#onChanged);
  }

  /** Evaluates `nodes` in the given (topological) order, queueing back-arc children. */
  #orderedPass(nodes: ArrayLike<number>): void {
    const { rank } = this.graph;
    for (let i = 0; i < nodes.length; i++) {
      const v = nodes[i] as number;
      this.#passRank = rank[v] as number;
      this.#visit(v);
    }
    this.#passRank = -1;
  }

  /** Drains the worklist; returns evaluations done and whether it emptied. */
  #drain(budget: number): { evaluations: number; converged: boolean } {
    let evaluations = 0;
    while (this.#size > 0) {
      if (evaluations >= budget) {
        while (this.#size > 0) this.#pop();
        return { evaluations, converged: false };
      }
      const v = this.#pop();
      evaluations++;
      this.#visit(v);
    }
    return { evaluations, converged: true };
  }

  #pop(): number {
    const v = this.#queue[this.#head] as number;
    this.#head = (this.#head + 1) % this.#queue.length;
    this.#size--;
    this.#queued[v] = 0;
    return v;
  }

  /** Recomputes every node from scratch. */
  recomputeAll(): FixedPointReport {
    const { nodeCount } = this.graph;
    for (const array of [this.p.pC, this.p.pL, this.p.pD, this.p.h]) array.fill(0);
    this.#queued.fill(1);
    this.#size = nodeCount;
    const swept = this.#sweep();
    return { converged: swept.converged, evaluations: swept.evaluations, regionSize: nodeCount };
  }

  /**
   * After priors of `changed` nodes moved: continues the iteration from the
   * current values, touching only nodes whose messages move by more than the
   * tolerance. After rises the current values are below the new least fixed
   * point, so this is the monotone iteration again. After falls it iterates
   * from above; it reaches the same fixed point wherever every cycle has a
   * transmission below 1 (the message map is then a contraction), which the
   * ontology's defaults guarantee; `recomputeRegion` is the exact fallback.
   */
  settle(changed: ArrayLike<number>): FixedPointReport {
    for (let i = 0; i < changed.length; i++) this.#push(changed[i] as number);
    const drained = this.#drain(this.#maxEvaluations);
    return { converged: drained.converged, evaluations: drained.evaluations, regionSize: 0 };
  }

  /**
   * After priors of `changed` nodes moved either way: resets the region a
   * change there can move by more than the tolerance (see #reachable) to 0,
   * recomputes it in topological order, iterates its cycles, and lets
   * messages leaving the region re-queue the nodes they reach. Equals a full
   * recomputation up to the tolerance (tested).
   */
  recomputeRegion(changed: ArrayLike<number>): FixedPointReport {
    const region = this.#reachable(changed);
    const { rank, order } = this.graph;
    if (region.length * 8 > this.graph.nodeCount) {
      region.length = 0;
      for (let i = 0; i < order.length; i++) if (this.#mark[order[i] as number] === 1) region.push(order[i] as number);
    } else {
      region.sort((a, b) => (rank[a] as number) - (rank[b] as number));
    }
    const { outOffsets, outArcs } = this.graph;
    for (const v of region) {
      this.p.pC[v] = 0;
      this.p.pL[v] = 0;
      this.p.pD[v] = 0;
      for (let i = outOffsets[v] as number; i < (outOffsets[v + 1] as number); i++) {
        const b = outArcs[i] as number;
        this.p.h.fill(0, 4 * b, 4 * b + 3);
      }
    }
    this.#orderedPass(region);
    for (const v of region) this.#mark[v] = 0;
    const drained = this.#drain(this.#maxEvaluations);
    return { converged: drained.converged, evaluations: region.length + drained.evaluations, regionSize: region.length };
  }

  /**
   * The region a change at `seeds` can move by more than the tolerance:
   * nodes reachable along arcs while the influence bound stays above
   * tolerance / 100. A message is a product of (1 − h) terms, so a change δ
   * at u moves the message on arc u → w by at most δ·t/(1 − h_twin) (the
   * cavity divides out the twin's message); bounds multiply along paths and
   * the best one is kept (label-correcting). Leaves the region marked.
   */
  #reachable(seeds: ArrayLike<number>): number[] {
    const region: number[] = [];
    const { outOffsets, outArcs, arcTo, arcTwin, tC, tA, tV } = this.graph;
    const { h } = this.p;
    const bound = this.#bound;
    const floor = this.#tolerance / 100;
    const queue: number[] = [];
    for (let i = 0; i < seeds.length; i++) {
      const s = seeds[i] as number;
      if (this.#mark[s] === 0) {
        this.#mark[s] = 1;
        region.push(s);
      }
      bound[s] = 1;
      queue.push(s);
    }
    for (let head = 0; head < queue.length; head++) {
      const u = queue[head] as number;
      for (let i = outOffsets[u] as number; i < (outOffsets[u + 1] as number); i++) {
        const a = outArcs[i] as number;
        const w = arcTo[a] as number;
        const twin = arcTwin[a] as number;
        const divisor = twin === -1 ? 1 : Math.max(1e-12, 1 - (h[4 * twin + 2] as number));
        const b = Math.min(1, ((bound[u] as number) * Math.max(tC[a] as number, tA[a] as number, tV[a] as number)) / divisor);
        if (b <= floor || b <= (bound[w] as number)) continue;
        bound[w] = b;
        queue.push(w);
        if (this.#mark[w] === 0) {
          this.#mark[w] = 1;
          region.push(w);
        }
      }
    }
    for (const v of region) bound[v] = 0;
    return region;
  }
}
