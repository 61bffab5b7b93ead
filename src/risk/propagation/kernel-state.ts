import type { HarmGraph } from '../harm-graph/harm-graph.js';
import { allocateChannels, createScratch, type ChannelArrays, type EvaluationScratch } from './evaluate-node.js';
import { kernelLayout, type KernelTopology } from './kernel-layout.js';

/** Where a changed message queues its target (see `MessageKernel.enqueue`). */
export const SWEEP = 0;
export const FIFO = 1;
export const ORDERED = 2;
export const QUIET = 3;

/**
 * The state of propagation in the kernel's own numbering (`KernelTopology`):
 * priors, values and per-arc messages as interleaved channel triples, the
 * worklist, and the moves of priors in and probabilities out of projection
 * numbering. `MessageKernel` adds the hot loops, `Propagator` the schedules.
 */
export class KernelState {
  readonly graph: HarmGraph;
  /** Priors (input) and probabilities (output), in projection numbering. */
  readonly p: ChannelArrays;
  scratch: EvaluationScratch;
  protected readonly top: KernelTopology;
  /** Transmission row of each out-slot, and the rows (see `KernelLayout`); a what-if propagator swaps in its own copies. */
  protected tRow: Uint32Array;
  protected tTable: Float64Array;
  /** [3v] prior C, [3v+1] prior A, [3v+2] prior V, by position. */
  protected readonly prior: Float64Array;
  /** [3v] pC, [3v+1] pL, [3v+2] pD, by position. */
  protected readonly value: Float64Array;
  /** Messages by in-slot: [3s] hC, [3s+1] hL, [3s+2] hD. */
  protected readonly h: Float64Array;
  /** Probabilities in projection numbering, channel triples (full pass output before `unstage`). */
  protected readonly staged: Float64Array;
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
    this.tRow = layout.transmissionOf;
    this.tTable = layout.transmissions;
    this.prior = new Float64Array(3 * n);
    this.value = new Float64Array(3 * n);
    this.h = new Float64Array(3 * graph.arcCount);
    this.staged = new Float64Array(3 * n);
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

  /** Stages the probabilities of positions lo..hi in projection numbering (`unstage` copies them to `p`). */
  protected store(lo: number, hi: number): void {
    const nodeAt = this.top.nodeAt;
    const value = this.value;
    const staged = this.staged;
    // One scattered write per node (its channel triple shares a cache line) instead of one into each of pC, pL, pD.
    for (let v = lo; v < hi; v++) {
      const x = 3 * (nodeAt[v] as number);
      staged[x] = value[3 * v] as number;
      staged[x + 1] = value[3 * v + 1] as number;
      staged[x + 2] = value[3 * v + 2] as number;
    }
  }

  /** Copies the staged probabilities to `p` (sequential). */
  protected unstage(): void {
    const { pC, pL, pD } = this.p;
    const staged = this.staged;
    for (let x = 0; x < pC.length; x++) {
      pC[x] = staged[3 * x] as number;
      pL[x] = staged[3 * x + 1] as number;
      pD[x] = staged[3 * x + 2] as number;
    }
  }
}
