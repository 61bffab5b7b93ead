import type { HarmGraph } from '../harm-graph/harm-graph.js';
import { FIFO, ORDERED, QUIET, SWEEP } from './kernel-state.js';
import { MessageKernel } from './message-kernel.js';
import { findRegion } from './find-region.js';

/** Fixed-point controls (DESIGN.md §5 "Cycles"). */
export interface FixedPointOptions {
  /** Stop re-evaluating a node's children when a message moved by at most this much (default 1e-6). */
  readonly tolerance?: number;
  /** Cap on worklist re-evaluations, as a multiple of the node count (default 100). */
  readonly maxIterations?: number;
}

/** How the last (re)computation went. */
export interface FixedPointReport {
  /** True when every worklist emptied before the cap. */
  readonly converged: boolean;
  /** Node evaluations performed (first pass + re-evaluations on cycles). */
  readonly evaluations: number;
  /** Nodes whose values were recomputed from scratch. */
  readonly regionSize: number;
}

/**
 * Runs the monotone fixed point of the propagation equations (README
 * "Propagation") on typed arrays in the kernel's own numbering (see
 * `KernelTopology`: components in topological order, leaves first inside a
 * component). Values start at 0 (below the least fixed point) and only rise,
 * so the iteration converges to the least fixed point; a message that moves
 * by more than `tolerance` re-queues its target.
 *
 * A full pass takes the components in topological order, so each sees final
 * inputs from the components before it: a single node is evaluated once, a
 * cycle by symmetric Gauss–Seidel sweeps over its own positions (leaves first,
 * then back, as in two-pass belief propagation) until no node of it is queued.
 * Incremental updates run a FIFO worklist from the changed nodes. Messages are
 * pushed: evaluating u reads its parent in-slots (contiguous), then writes the
 * message of each child arc into the child's in-slot; the only scattered
 * access per arc is that write, and the renumbering keeps it near.
 */
export class Propagator extends MessageKernel {
  protected readonly maxEvaluations: number;
  /** Whether the last `passComponent` converged. */
  protected lastConverged = true;
  /** Miss products of a component's pendant leaves before their anchors' messages (scratch). */
  readonly #leafMiss: Float64Array;

  constructor(graph: HarmGraph, options: FixedPointOptions = {}) {
    super(graph, options.tolerance ?? 1e-6);
    this.maxEvaluations = (options.maxIterations ?? 100) * Math.max(1, graph.nodeCount);
    const { componentStart, coreStart } = this.top;
    let leaves = 0;
    for (let c = 0; c + 1 < componentStart.length; c++) leaves = Math.max(leaves, (coreStart[c] as number) - (componentStart[c] as number));
    this.#leafMiss = new Float64Array(3 * leaves);
  }

  /**
   * Recomputes every node from scratch: components in topological order,
   * each by `#component`, so every component reads final inputs.
   */
  recomputeAll(): FixedPointReport {
    const n = this.top.nodeCount;
    this.loadAll();
    // Values need no reset: every node is evaluated before any read of it.
    this.h.fill(0);
    this.queued.fill(0);
    let evaluations = 0;
    let converged = true;
    for (let c = 0; c + 1 < this.top.componentStart.length; c++) {
      evaluations += this.passComponent(c, this.maxEvaluations - evaluations);
      converged &&= this.lastConverged;
    }
    this.unstage();
    return { converged, evaluations, regionSize: n };
  }

  /**
   * Component c of a full pass, its inputs (messages from earlier components)
   * final: evaluates it (`#single` or `#component`) and stages its values.
   * Returns its evaluations; `lastConverged` says whether its sweep converged
   * within `budget`. Its out-slot messages must be 0 before (as after the
   * full pass's reset): zero messages are not pushed.
   */
  protected passComponent(c: number, budget: number): number {
    const { componentStart, coreStart, coreOut } = this.top;
    const lo = componentStart[c] as number;
    const hi = componentStart[c + 1] as number;
    let evaluations = 1;
    this.lastConverged = true;
    if (hi - lo === 1 && coreOut[2 * lo] === coreOut[2 * lo + 1]) {
      // A node on no cycle (most components): what `#component` does for it, without its set-up.
      this.#single(lo);
    } else {
      const done = this.#component(lo, coreStart[c] as number, hi, budget);
      evaluations = done.evaluations;
      this.lastConverged = done.converged;
    }
    // The component's values are final: stored while in cache; the scattered writes overlap the next component.
    this.store(lo, hi);
    return evaluations;
  }

  /** A component of one node without a self-arc: its inputs are final, so one evaluation and its final messages. */
  #single(v: number): void {
    this.evaluate(v);
    if (this.value[3 * v + 2] !== 0) this.pushMessages(v, this.top.outOffsets[v] as number, this.top.outOffsets[v + 1] as number, true);
  }

  /**
   * One component, positions lo..hi with its core from `core`: (1) each
   * pendant leaf sends its message to its anchor (the cavity excludes the
   * anchor, so it is final already); (2) the core iterates by symmetric
   * Gauss–Seidel with only core-to-core messages, where a node that only
   * echoes back (`echoFree`) is not re-queued by that neighbour but marked
   * stale; (3) stale core nodes are evaluated once more, the core sends its
   * final messages to the leaves and to later components, and each leaf is
   * evaluated once more and sends its own. A single node is a core of one.
   */
  #component(lo: number, core: number, hi: number, budget: number): { evaluations: number; converged: boolean } {
    const { outOffsets, coreOut } = this.top;
    const value = this.value;
    this.mode = SWEEP;
    this.lo = core;
    this.hi = hi;
    // Values only rise in a full pass, so a node still at 0 (pD = 0 implies pC = pL = 0) sends only
    // zero messages, which the slots hold already: its pushes are skipped.
    const miss = this.#leafMiss;
    for (let v = lo; v < core; v++) {
      this.evaluate(v);
      const at = 3 * (v - lo);
      miss[at] = this.missC;
      miss[at + 1] = this.missL;
      miss[at + 2] = this.missD;
      // Quiet: the whole core is queued next anyway.
      if (value[3 * v + 2] !== 0) this.pushMessages(v, coreOut[2 * v] as number, coreOut[2 * v + 1] as number, true);
    }
    this.queued.fill(1, core, hi);
    const swept = this.#sweep(core, hi, Math.max(hi - core, budget - 2 * (core - lo)));
    this.mode = QUIET;
    let settled = 0;
    for (let u = core; u < hi; u++) {
      if (this.stale[u] === 1) {
        // Its core message (to the node that moved it) is unchanged; its value and other messages are not.
        this.stale[u] = 0;
        this.evaluate(u);
        settled++;
        if (value[3 * u + 2] !== 0) this.pushMessages(u, outOffsets[u] as number, outOffsets[u + 1] as number, true);
        continue;
      }
      if (value[3 * u + 2] === 0) continue;
      this.pushMessages(u, outOffsets[u] as number, coreOut[2 * u] as number, true);
      this.pushMessages(u, coreOut[2 * u + 1] as number, outOffsets[u + 1] as number, true);
    }
    for (let v = lo; v < core; v++) {
      this.evaluateLeaf(v, miss, 3 * (v - lo));
      if (value[3 * v + 2] === 0) continue;
      // The leaf's message to its anchor excludes the anchor's own message: it was final in (1).
      this.pushMessages(v, outOffsets[v] as number, coreOut[2 * v] as number, true);
      this.pushMessages(v, coreOut[2 * v + 1] as number, outOffsets[v + 1] as number, true);
    }
    return { evaluations: swept.evaluations + settled + 2 * (core - lo), converged: swept.converged };
  }

  /**
   * Symmetric Gauss–Seidel over the core positions lo..hi: alternate forward
   * and backward passes evaluating queued nodes (core-to-core messages only)
   * until none is queued or the budget is spent.
   */
  #sweep(lo: number, hi: number, budget: number): { evaluations: number; converged: boolean } {
    const queued = this.queued;
    const { coreOut } = this.top;
    this.size = hi - lo;
    let evaluations = 0;
    let forward = true;
    while (this.size > 0 && evaluations < budget) {
      for (let i = lo; i < hi; i++) {
        const v = forward ? i : hi - 1 - (i - lo);
        if (queued[v] === 0) continue;
        queued[v] = 0;
        this.size--;
        evaluations++;
        this.stale[v] = 0;
        this.evaluate(v);
        if (this.value[3 * v + 2] !== 0) this.pushMessages(v, coreOut[2 * v] as number, coreOut[2 * v + 1] as number, false);
      }
      forward = !forward;
    }
    const converged = this.size === 0;
    if (!converged) queued.fill(0, lo, hi);
    this.size = 0;
    return { evaluations, converged };
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
    this.begin(changed);
    for (let i = 0; i < changed.length; i++) this.fifoPush(this.top.positionOf[changed[i] as number] as number);
    const drained = this.#drain(this.maxEvaluations);
    this.finish();
    return { converged: drained.converged, evaluations: drained.evaluations, regionSize: 0 };
  }

  /**
   * After priors of `changed` nodes moved either way: resets the region a
   * change there can move by more than the tolerance (see `findRegion`) to 0,
   * recomputes it in the kernel's topological order, iterates its cycles, and
   * lets messages leaving the region re-queue the nodes they reach. Equals a
   * full recomputation up to the tolerance (tested).
   */
  recomputeRegion(changed: ArrayLike<number>): FixedPointReport {
    this.begin(changed);
    const seeds: number[] = [];
    for (let i = 0; i < changed.length; i++) seeds.push(this.top.positionOf[changed[i] as number] as number);
    const region = findRegion(this.top, this.tRow, this.tTable, this.h, this.mark, this.bound, seeds, this.tolerance / 100);
    const { outOffsets, outLinks } = this.top;
    for (const v of region) {
      this.value.fill(0, 3 * v, 3 * v + 3);
      for (let j = outOffsets[v] as number; j < (outOffsets[v + 1] as number); j++) {
        const s = outLinks[3 * j] as number;
        this.h.fill(0, 3 * s, 3 * s + 3);
      }
    }
    this.mode = ORDERED;
    for (const v of region) {
      this.passPosition = v;
      this.visit(v);
    }
    this.passPosition = -1;
    this.mode = FIFO;
    for (const v of region) this.mark[v] = 0;
    const drained = this.#drain(this.maxEvaluations);
    this.finish();
    return { converged: drained.converged, evaluations: region.length + drained.evaluations, regionSize: region.length };
  }

  /** Drains the FIFO worklist; past the budget it empties the queue without evaluating (not converged). */
  #drain(budget: number): { evaluations: number; converged: boolean } {
    let evaluations = 0;
    let converged = true;
    while (this.size > 0) {
      const v = this.ring[this.head] as number;
      this.head = (this.head + 1) % this.ring.length;
      this.size--;
      this.queued[v] = 0;
      if (evaluations >= budget) {
        converged = false;
        continue;
      }
      evaluations++;
      this.visit(v);
    }
    return { evaluations, converged };
  }
}
