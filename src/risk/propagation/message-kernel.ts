import type { HarmGraph } from '../harm-graph/harm-graph.js';
import { allocateChannels, createScratch, groupFailure, type ChannelArrays, type EvaluationScratch } from './evaluate-node.js';
import { kernelLayout, type KernelTopology } from './kernel-layout.js';

/** Where a changed message queues its target (see `MessageKernel.enqueue`). */
export const SWEEP = 0;
export const FIFO = 1;
export const ORDERED = 2;
export const QUIET = 3;

/**
 * The state and the two hot loops of propagation in the kernel's own
 * numbering (`KernelTopology`): priors, values and per-arc messages as
 * interleaved channel triples, `evaluate` (noisy-OR over a node's parent
 * in-slots) and `pushMessages` (the non-backtracking message on each child
 * arc, written into the child's in-slot). `Propagator` adds the schedules.
 * Moves the projection-numbered priors in and probabilities out.
 */
export class MessageKernel {
  readonly graph: HarmGraph;
  /** Priors (input) and probabilities (output), in projection numbering. */
  readonly p: ChannelArrays;
  scratch: EvaluationScratch;
  protected readonly top: KernelTopology;
  protected readonly tOut: Float64Array;
  /** [3v] prior C, [3v+1] prior A, [3v+2] prior V, by position. */
  protected readonly prior: Float64Array;
  /** [3v] pC, [3v+1] pL, [3v+2] pD, by position. */
  protected readonly value: Float64Array;
  /** Messages by in-slot: [3s] hC, [3s+1] hL, [3s+2] hD. */
  protected readonly h: Float64Array;
  protected readonly queued: Uint8Array;
  /** 1 = an echo-free input moved since the node's last evaluation (full pass only). */
  protected readonly stale: Uint8Array;
  protected readonly ring: Uint32Array;
  protected readonly mark: Uint8Array;
  /** Influence bound per position while finding a region (scratch). */
  protected readonly bound: Float64Array;
  protected readonly touched: Uint8Array;
  protected readonly touchedList: Uint32Array;
  protected readonly memberL: Float64Array;
  protected readonly memberD: Float64Array;
  protected readonly tail: Float64Array;
  protected held: Uint8Array = new Uint8Array(0);
  protected cut: Uint8Array = new Uint8Array(0);
  protected readonly tolerance: number;
  protected mode = SWEEP;
  protected lo = 0;
  protected hi = 0;
  protected passPosition = -1;
  protected head = 0;
  protected size = 0;
  protected tracking = false;
  protected touchedCount = 0;
  protected groupC = 1;
  protected groupL = 1;
  protected groupD = 1;
  /** Miss products of the last `evaluate` (1 − value, unrounded). */
  protected missC = 1;
  protected missL = 1;
  protected missD = 1;

  constructor(graph: HarmGraph, tolerance: number) {
    const layout = kernelLayout(graph);
    const n = graph.nodeCount;
    this.graph = graph;
    this.p = allocateChannels(graph);
    this.scratch = createScratch();
    this.top = layout.topology;
    this.tOut = layout.outTransmission;
    this.prior = new Float64Array(3 * n);
    this.value = new Float64Array(3 * n);
    this.h = new Float64Array(3 * graph.arcCount);
    this.queued = new Uint8Array(n);
    this.stale = new Uint8Array(n);
    this.ring = new Uint32Array(Math.max(1, n));
    this.mark = new Uint8Array(n);
    this.bound = new Float64Array(n);
    this.touched = new Uint8Array(n);
    this.touchedList = new Uint32Array(n);
    const size = graph.maxGroupSize + 2;
    this.memberL = new Float64Array(size);
    this.memberD = new Float64Array(size);
    this.tail = new Float64Array(size);
    this.tolerance = tolerance;
  }
  /** The current message of harm arc `arc` on level 0 (compromise), 1 (loss) or 2 (degraded). */
  message(arc: number, level: number): number {
    return this.h[3 * (this.top.inSlotOf[arc] as number) + level] as number;
  }
  /** Evaluates position v and pushes the messages on its child arcs. */
  protected visit(v: number): void {
    if (this.tracking && this.touched[v] === 0) {
      this.touched[v] = 1;
      this.touchedList[this.touchedCount++] = v;
    }
    this.evaluate(v);
    this.pushMessages(v, this.top.outOffsets[v] as number, this.top.outOffsets[v + 1] as number, false);
  }

  /**
   * Noisy-OR of v's priors and parent messages (parent arcs in source-position
   * order); k-of-n member arcs through `groupFailure` on the
   * loss and degraded channels.
   */
  protected evaluate(v: number): void {
    const value = this.value;
    let missC = 1;
    let missL = 1;
    let missD = 1;
    if (this.held.length === 0 || this.held[v] === 0) {
      const prior = this.prior;
      missC = 1 - (prior[3 * v] as number);
      missL = missC * (1 - (prior[3 * v + 1] as number));
      missD = missL * (1 - (prior[3 * v + 2] as number));
      const h = this.h;
      const { inOffsets } = this.top;
      const end = inOffsets[v + 1] as number;
      if (this.top.groupRequired[v] === 0) {
        for (let s = inOffsets[v] as number; s < end; s++) {
          missC *= 1 - (h[3 * s] as number);
          missL *= 1 - (h[3 * s + 1] as number);
          missD *= 1 - (h[3 * s + 2] as number);
        }
      } else {
        this.groupMiss(v);
        missC *= this.groupC;
        missL *= this.groupL;
        missD *= this.groupD;
      }
    }
    value[3 * v] = 1 - missC;
    value[3 * v + 1] = 1 - missL;
    value[3 * v + 2] = 1 - missD;
    this.missC = missC;
    this.missL = missL;
    this.missD = missD;
  }

  /**
   * A pendant leaf's final value from its miss products before its anchor's
   * message (`miss`, at `at`): the anchor's in-slot is the last of the leaf's
   * row (its other parents lie in earlier components, at lower positions), so
   * this is the same product, in the same order, as a full `evaluate`.
   */
  protected evaluateLeaf(v: number, miss: Float64Array, at: number): void {
    const value = this.value;
    if (this.held.length !== 0 && this.held[v] === 1) {
      value.fill(0, 3 * v, 3 * v + 3);
      return;
    }
    const s = 3 * ((this.top.inOffsets[v + 1] as number) - 1);
    const h = this.h;
    value[3 * v] = 1 - (miss[at] as number) * (1 - (h[s] as number));
    value[3 * v + 1] = 1 - (miss[at + 1] as number) * (1 - (h[s + 1] as number));
    value[3 * v + 2] = 1 - (miss[at + 2] as number) * (1 - (h[s + 2] as number));
  }

  /**
   * Miss products of a RedundancyGroup's parents into #groupC/L/D: OR arcs by
   * noisy-OR, member arcs by the k-of-n tail (Poisson-binomial).
   */
  protected groupMiss(v: number): void {
    const h = this.h;
    const { inOffsets, inKofN } = this.top;
    let missC = 1;
    let missL = 1;
    let missD = 1;
    let members = 0;
    for (let s = inOffsets[v] as number; s < (inOffsets[v + 1] as number); s++) {
      if (inKofN[s] === 1) {
        this.memberL[members] = h[3 * s + 1] as number;
        this.memberD[members] = h[3 * s + 2] as number;
        members++;
        continue;
      }
      missC *= 1 - (h[3 * s] as number);
      missL *= 1 - (h[3 * s + 1] as number);
      missD *= 1 - (h[3 * s + 2] as number);
    }
    if (members > 0) {
      const k = this.top.groupRequired[v] as number;
      missL *= 1 - groupFailure(this.memberL, members, k, this.tail);
      missD *= 1 - groupFailure(this.memberD, members, k, this.tail);
    }
    this.groupC = missC;
    this.groupL = missL;
    this.groupD = missD;
  }

  /**
   * Recomputes the messages on v's out-slots from..end and queues a target whose
   * message moved by more than the tolerance; `quiet` only writes them (no
   * read of the old message, so the scattered write does not stall). A message is the arc's hit on
   * each nested channel given v's state without the target's own message
   * back (non-backtracking, README "Propagation"):
   *   hC = tC·cC(v),  hL = tA·cL(v) + (1 − tA)·hC,  hD = tV·cD(v) + (1 − tV)·hL
   */
  protected pushMessages(v: number, from: number, end: number, quiet: boolean): void {
    const { outLinks, echoFree } = this.top;
    const t = this.tOut;
    const h = this.h;
    const cut = this.cut;
    const tolerance = this.tolerance;
    const pc = this.value[3 * v] as number;
    const pl = this.value[3 * v + 1] as number;
    const pd = this.value[3 * v + 2] as number;
    // Miss probabilities of v; the cavity divides the twin's (1 − h) out of them (as `cavityMiss`, inlined).
    const mc = 1 - pc;
    const ml = 1 - pl;
    const md = 1 - pd;
    for (let j = from; j < end; j++) {
      const k = 3 * (outLinks[3 * j] as number);
      const twin = outLinks[3 * j + 2] as number;
      let c = pc;
      let l = pl;
      let d = pd;
      if (twin >= 0) {
        const t3 = 3 * twin;
        const hc = h[t3] as number;
        const hl = h[t3 + 1] as number;
        const hd = h[t3 + 2] as number;
        if (hc > 0) c = 1 - (1 - hc > 1e-12 ? Math.min(1, mc / (1 - hc)) : 1);
        if (hl > 0) l = 1 - (1 - hl > 1e-12 ? Math.min(1, ml / (1 - hl)) : 1);
        if (hd > 0) d = 1 - (1 - hd > 1e-12 ? Math.min(1, md / (1 - hd)) : 1);
      }
      const off = cut.length !== 0 && cut[j] === 1 ? 0 : 1;
      const nc = off * (t[3 * j] as number) * c;
      const ta = t[3 * j + 1] as number;
      const nl = off * (ta * l + (1 - ta) * nc);
      const tv = t[3 * j + 2] as number;
      const nd = off * (tv * d + (1 - tv) * nl);
      if (quiet) {
        h[k] = nc;
        h[k + 1] = nl;
        h[k + 2] = nd;
        continue;
      }
      const dc = nc - (h[k] as number);
      const dl = nl - (h[k + 1] as number);
      const dd = nd - (h[k + 2] as number);
      h[k] = nc;
      h[k + 1] = nl;
      h[k + 2] = nd;
      if (dc > tolerance || dc < -tolerance || dl > tolerance || dl < -tolerance || dd > tolerance || dd < -tolerance) {
        const w = outLinks[3 * j + 1] as number;
        // In a full pass's sweep an echo-free target only needs its final value: marked, settled at the end.
        if (this.mode === SWEEP && echoFree[j] === 1) this.stale[w] = 1;
        else this.enqueue(w);
      }
    }
  }

  protected enqueue(w: number): void {
    if (this.mode === SWEEP) {
      // Full pass: later components are evaluated anyway; only this component's nodes are queued.
      if (w >= this.lo && w < this.hi && this.queued[w] === 0) {
        this.queued[w] = 1;
        this.size++;
      }
    } else if (this.mode === FIFO || (this.mode === ORDERED && (w < this.passPosition || this.mark[w] === 0))) {
      // Ordered region pass: nodes later in the pass come anyway, unless outside the region.
      this.fifoPush(w);
    }
  }

  protected fifoPush(v: number): void {
    if (this.queued[v] === 1) return;
    this.queued[v] = 1;
    this.ring[(this.head + this.size) % this.ring.length] = v;
    this.size++;
  }

  /** Starts an incremental update: reads the changed nodes' priors and switches, tracks touched nodes. */
  protected begin(changed: ArrayLike<number>): void {
    this.syncSwitches();
    for (let i = 0; i < changed.length; i++) this.loadNode(changed[i] as number);
    this.mode = FIFO;
    this.head = 0;
    this.size = 0;
    this.tracking = true;
    this.touchedCount = 0;
  }

  /** Writes the touched nodes' probabilities back to `p` (projection numbering). */
  protected finish(): void {
    const { pC, pL, pD } = this.p;
    const { nodeAt } = this.top;
    const value = this.value;
    for (let i = 0; i < this.touchedCount; i++) {
      const v = this.touchedList[i] as number;
      const x = nodeAt[v] as number;
      pC[x] = value[3 * v] as number;
      pL[x] = value[3 * v + 1] as number;
      pD[x] = value[3 * v + 2] as number;
      this.touched[v] = 0;
    }
    this.tracking = false;
    this.touchedCount = 0;
  }

  /** Allocates the position-numbered what-if switches when the caller set external ones. */
  protected syncSwitches(): void {
    const n = this.top.nodeCount;
    if (this.scratch.protectedNodes.length !== 0 && this.held.length === 0) this.held = new Uint8Array(n);
    if (this.scratch.cutArcs.length !== 0 && this.cut.length === 0) this.cut = new Uint8Array(this.top.arcCount);
  }

  /** Reads prior and switches of projection node x (and the cut flags of its child arcs). */
  protected loadNode(x: number): void {
    const v = this.top.positionOf[x] as number;
    this.prior[3 * v] = this.p.priorC[x] as number;
    this.prior[3 * v + 1] = this.p.priorA[x] as number;
    this.prior[3 * v + 2] = this.p.priorV[x] as number;
    if (this.held.length !== 0) this.held[v] = this.scratch.protectedNodes[x] ?? 0;
    if (this.cut.length !== 0) {
      const { outOffsets, arcAtOut } = this.top;
      for (let j = outOffsets[v] as number; j < (outOffsets[v + 1] as number); j++) this.cut[j] = this.scratch.cutArcs[arcAtOut[j] as number] ?? 0;
    }
  }

  protected loadAll(): void {
    this.syncSwitches();
    const { priorC, priorA, priorV } = this.p;
    const { positionOf, nodeCount } = this.top;
    const prior = this.prior;
    // Sequential reads, scattered writes (one cache line per node): writes do not stall, reads would.
    for (let x = 0; x < nodeCount; x++) {
      const v = 3 * (positionOf[x] as number);
      prior[v] = priorC[x] as number;
      prior[v + 1] = priorA[x] as number;
      prior[v + 2] = priorV[x] as number;
    }
    if (this.held.length !== 0 || this.cut.length !== 0) for (let x = 0; x < nodeCount; x++) this.loadNode(x);
  }

  protected storeAll(): void {
    const { pC, pL, pD } = this.p;
    const { nodeAt, nodeCount } = this.top;
    const value = this.value;
    // Sequential reads, scattered writes, as in loadAll.
    for (let v = 0; v < nodeCount; v++) {
      const x = nodeAt[v] as number;
      pC[x] = value[3 * v] as number;
      pL[x] = value[3 * v + 1] as number;
      pD[x] = value[3 * v + 2] as number;
    }
  }
}
