import { cavity, groupFailure } from './evaluate-node.js';
import { TRANSMISSION_STRIDE } from './kernel-layout.js';
import { FIFO, KernelState, ORDERED, SWEEP } from './kernel-state.js';

/**
 * The two hot loops of propagation in the kernel's own numbering
 * (`KernelTopology`), over the state of `KernelState`: `evaluate` (noisy-OR
 * over a node's parent in-slots) and `pushMessages` (the non-backtracking
 * message on each child arc, written into the child's in-slot). `Propagator`
 * adds the schedules.
 */
export class MessageKernel extends KernelState {
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
   * Without cut arcs (every full pass and update outside choke-point what-ifs)
   * it runs one of two specialised loops; `pushGeneral` is the same
   * arithmetic with the cut switch (a factor 1 or 0), tested bit-equal.
   */
  protected pushMessages(v: number, from: number, end: number, quiet: boolean): void {
    if (from >= end) return;
    if (this.cut.length !== 0) this.pushGeneral(v, from, end, quiet);
    else if (quiet) this.pushQuiet(v, from, end);
    else this.pushChecked(v, from, end);
  }

  /** `pushMessages` without cut arcs, writes only. */
  protected pushQuiet(v: number, from: number, end: number): void {
    const { outLinks } = this.top;
    const row = this.tRow;
    const t = this.tTable;
    const h = this.h;
    const pc = this.value[3 * v] as number;
    const pl = this.value[3 * v + 1] as number;
    const pd = this.value[3 * v + 2] as number;
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
        c = cavity(pc, mc, h[3 * twin] as number);
        l = cavity(pl, ml, h[3 * twin + 1] as number);
        d = cavity(pd, md, h[3 * twin + 2] as number);
      }
      const r = TRANSMISSION_STRIDE * (row[j] as number);
      const nc = (t[r] as number) * c;
      const nl = (t[r + 1] as number) * l + (t[r + 2] as number) * nc;
      h[k] = nc;
      h[k + 1] = nl;
      h[k + 2] = (t[r + 3] as number) * d + (t[r + 4] as number) * nl;
    }
  }

  /** `pushMessages` without cut arcs, queueing targets whose message moved. */
  protected pushChecked(v: number, from: number, end: number): void {
    const { outLinks } = this.top;
    const row = this.tRow;
    const t = this.tTable;
    const h = this.h;
    const tolerance = this.tolerance;
    const pc = this.value[3 * v] as number;
    const pl = this.value[3 * v + 1] as number;
    const pd = this.value[3 * v + 2] as number;
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
        c = cavity(pc, mc, h[3 * twin] as number);
        l = cavity(pl, ml, h[3 * twin + 1] as number);
        d = cavity(pd, md, h[3 * twin + 2] as number);
      }
      const r = TRANSMISSION_STRIDE * (row[j] as number);
      const nc = (t[r] as number) * c;
      const nl = (t[r + 1] as number) * l + (t[r + 2] as number) * nc;
      const nd = (t[r + 3] as number) * d + (t[r + 4] as number) * nl;
      const dc = nc - (h[k] as number);
      const dl = nl - (h[k + 1] as number);
      const dd = nd - (h[k + 2] as number);
      h[k] = nc;
      h[k + 1] = nl;
      h[k + 2] = nd;
      if (dc > tolerance || dc < -tolerance || dl > tolerance || dl < -tolerance || dd > tolerance || dd < -tolerance) this.moved(j);
    }
  }

  /** The message on out-slot j moved: queue its target, or in a full pass's sweep mark an echo-free one stale. */
  protected moved(j: number): void {
    const w = this.top.outLinks[3 * j + 1] as number;
    // In a full pass's sweep an echo-free target only needs its final value: marked, settled at the end.
    if (this.mode === SWEEP && this.top.echoFree[j] === 1) this.stale[w] = 1;
    else this.enqueue(w);
  }

  /** `pushMessages` with the cut switch of each out-slot (choke-point what-ifs). */
  protected pushGeneral(v: number, from: number, end: number, quiet: boolean): void {
    const { outLinks } = this.top;
    const row = this.tRow;
    const t = this.tTable;
    const h = this.h;
    const cut = this.cut;
    const tolerance = this.tolerance;
    const pc = this.value[3 * v] as number;
    const pl = this.value[3 * v + 1] as number;
    const pd = this.value[3 * v + 2] as number;
    for (let j = from; j < end; j++) {
      const k = 3 * (outLinks[3 * j] as number);
      const twin = outLinks[3 * j + 2] as number;
      const c = twin >= 0 ? cavity(pc, 1 - pc, h[3 * twin] as number) : pc;
      const l = twin >= 0 ? cavity(pl, 1 - pl, h[3 * twin + 1] as number) : pl;
      const d = twin >= 0 ? cavity(pd, 1 - pd, h[3 * twin + 2] as number) : pd;
      const off = cut[j] === 1 ? 0 : 1;
      const r = TRANSMISSION_STRIDE * (row[j] as number);
      const nc = off * (t[r] as number) * c;
      const nl = off * ((t[r + 1] as number) * l + (t[r + 2] as number) * nc);
      const nd = off * ((t[r + 3] as number) * d + (t[r + 4] as number) * nl);
      const dc = nc - (h[k] as number);
      const dl = nl - (h[k + 1] as number);
      const dd = nd - (h[k + 2] as number);
      h[k] = nc;
      h[k + 1] = nl;
      h[k + 2] = nd;
      if (quiet) continue;
      if (dc > tolerance || dc < -tolerance || dl > tolerance || dl < -tolerance || dd > tolerance || dd < -tolerance) this.moved(j);
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

}
