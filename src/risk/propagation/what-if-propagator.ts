import { invariant } from '../../core/index.js';
import type { Projection } from '../../graph/projection/index.js';
import type { HarmGraph } from '../harm-graph/harm-graph.js';
import type { ChannelArrays } from './evaluate-node.js';
import { kernelLayout, TRANSMISSION_STRIDE } from './kernel-layout.js';
import { riskMapOf, type RiskMap } from './propagate-risk.js';
import { addPrior, DEFAULT_EXPOSURE, fillPriors, resolveEvidence, type Evidence, type ResolvedEvidence } from './priors.js';
import { Propagator, type FixedPointOptions, type FixedPointReport } from './propagator.js';

/**
 * The edited transmissions of one harm arc in a what-if (a response action
 * that cuts or weakens the arc, DESIGN.md §5 "Impact"): the values the arc
 * would have in an edited copy of the harm graph (`HarmGraph.tC`, `tA`, `tV`).
 */
export interface ArcTransmission {
  /** Harm arc index of the base graph. */
  readonly arc: number;
  readonly tC: number;
  readonly tA: number;
  readonly tV: number;
}

/**
 * A full pass without overrides that what-ifs start from
 * (`WhatIfPropagator.reference`, `recomputeFrom`): the messages, priors and
 * probabilities it ended with, and per component its evaluations and
 * whether it converged (3m + 12n doubles: the priors and probabilities are kept twice, in
 * projection numbering for its risk map and as the kernel holds them, so a what-if loads them by
 * whole-array copies). One per incident model; it belongs to the propagator that made it.
 */
export interface WhatIfReference {
  readonly owner: WhatIfPropagator;
  /** Messages by in-slot at the end of the pass. */
  readonly h: Float64Array;
  readonly evaluations: Uint32Array;
  readonly converged: Uint8Array;
  /** Copies of its priors and probabilities (projection numbering) and its report: the incident's risk map. */
  readonly p: ChannelArrays;
  readonly report: FixedPointReport;
  /** Its priors by position and its probabilities staged (interleaved triples): what a what-if loads and stages again, copied whole. */
  readonly prior: Float64Array;
  readonly staged: Float64Array;
  /**
   * Set by `whatIfReference`: the nodes its evidence named and the exposure γ it used. Every other
   * node's priors are exposure-only, so a what-if's priors differ from these only on its own
   * evidence nodes and these (`propagateWhatIf` then copies the reference's priors and fills those).
   */
  readonly evidenceNodes?: Uint32Array;
  readonly exposure?: number;
}

/** Override rows the table holds before it grows (doubling, so growth is rare and amortised). */
const INITIAL_OVERRIDES = 64;

/**
 * A propagator on a base harm graph whose arcs can take other transmissions
 * per call (issue 9, decision latency): a response candidate edits a few arcs,
 * and scoring it on an edited copy of the graph would cost a new graph object,
 * a new transmission table (`kernelLayout`) and new kernel buffers per
 * candidate. This one keeps the base graph's kernel layout and its own buffers:
 * `transmit` points the edited arcs' out-slots at rows appended after the base
 * table (the same doubles `transmissionTable` would store: tC, tA, 1 − tA,
 * tV, 1 − tV) and restores the previous call's slots. A full pass
 * (`recomputeAll`) then runs the same schedule, in the same order, on the same
 * doubles as a fresh propagator on the edited copy, so its results are bit for
 * bit the same (tested against that copy). Not re-entrant: results live in the
 * propagator's buffers until the next call.
 */
export class WhatIfPropagator extends Propagator {
  /** The base graph's transmission row per out-slot, and how many rows its table has. */
  readonly #baseRow: Uint32Array;
  readonly #baseRows: number;
  /** Out-slots pointed at override rows by the last `transmit`. */
  #edited = new Uint32Array(INITIAL_OVERRIDES);
  #editedCount = 0;
  /** Component of each position, and the source position of each out-slot. */
  readonly #componentOf: Uint32Array;
  readonly #sourceOf: Uint32Array;
  /** 1 = component c must be evaluated in this pass (see `recomputeFrom`). */
  readonly #dirty: Uint8Array;
  #reevaluated = 0;

  constructor(graph: HarmGraph, options: FixedPointOptions = {}) {
    super(graph, options);
    const layout = kernelLayout(graph);
    this.#baseRow = layout.transmissionOf;
    this.#baseRows = layout.transmissions.length / TRANSMISSION_STRIDE;
    this.tRow = layout.transmissionOf.slice();
    this.tTable = new Float64Array(layout.transmissions.length + INITIAL_OVERRIDES * TRANSMISSION_STRIDE);
    this.tTable.set(layout.transmissions);
    const { componentStart, outOffsets, nodeCount, arcCount } = this.top;
    const components = componentStart.length - 1;
    this.#componentOf = new Uint32Array(nodeCount);
    for (let c = 0; c < components; c++) this.#componentOf.fill(c, componentStart[c] as number, componentStart[c + 1] as number);
    this.#sourceOf = new Uint32Array(arcCount);
    for (let u = 0; u < nodeCount; u++) this.#sourceOf.fill(u, outOffsets[u] as number, outOffsets[u + 1] as number);
    this.#dirty = new Uint8Array(components);
  }

  /** Components the last pass evaluated (all of them in a full or reference pass): the saving of `recomputeFrom`. */
  get reevaluated(): number {
    return this.#reevaluated;
  }

  /**
   * Runs a full pass on the current priors with no override (base
   * transmissions) and keeps what `recomputeFrom` needs (O(n + m) doubles).
   */
  reference(): WhatIfReference {
    this.transmit([]);
    const components = this.#dirty.length;
    const evaluations = new Uint32Array(components);
    const converged = new Uint8Array(components);
    this.loadAll();
    this.#dirty.fill(1);
    this.h.fill(0);
    this.queued.fill(0);
    const report = this.#pass(undefined, evaluations, converged);
    this.unstage();
    return this.#kept(evaluations, converged, report);
  }

  /**
   * The full pass (`recomputeAll`) on the current priors and overrides,
   * evaluating only the components whose inputs differ from `ref`'s, bit for
   * bit the same result. A component of the full pass is a deterministic
   * function of its priors, its out-slots' transmissions, the messages into it
   * from earlier components and its evaluation budget; its own messages start
   * at 0. So, in topological order, a component is re-evaluated (its out-slot
   * messages zeroed first) when one of its priors differs from the
   * reference's, when it is the source of an overridden arc, when a message
   * from an earlier re-evaluated component differs bitwise from the
   * reference's, or when its budget could bind (the reference's did not
   * converge, or the budget left is not above its evaluations plus two per
   * node); any other component would repeat the reference's evaluations, so
   * its messages, staged values, evaluations and convergence are taken from
   * `ref`. Tested against `recomputeAll` on edited copies of the graph.
   */
  recomputeFrom(ref: WhatIfReference, changed?: ArrayLike<number>): FixedPointReport {
    this.#prepare(ref, changed);
    const report = this.#pass(ref, undefined, undefined);
    this.unstage();
    return report;
  }

  /**
   * The reference pass (`reference`) for the current priors, computed from an
   * earlier reference of this propagator as `recomputeFrom` computes a
   * what-if: a component whose inputs equal `previous`'s repeats its
   * evaluations, so its messages, staged values, evaluations and convergence
   * are `previous`'s. Bit for bit the reference a full pass gives (tested);
   * the live loop's next decision usually differs from the last by a device
   * or two of evidence, so most components are not evaluated again.
   */
  referenceFrom(previous: WhatIfReference): WhatIfReference {
    this.transmit([]);
    this.#prepare(previous);
    const evaluations = previous.evaluations.slice();
    const converged = previous.converged.slice();
    const report = this.#pass(previous, evaluations, converged);
    this.unstage();
    return this.#kept(evaluations, converged, report);
  }

  /** The reference of the pass just run: copies of its messages and probabilities. */
  #kept(evaluations: Uint32Array, converged: Uint8Array, report: FixedPointReport): WhatIfReference {
    const { priorC, priorA, priorV, pC, pL, pD } = this.p;
    const p = { priorC: priorC.slice(), priorA: priorA.slice(), priorV: priorV.slice(), pC: pC.slice(), pL: pL.slice(), pD: pD.slice() };
    return { owner: this, h: this.h.slice(), evaluations, converged, p, report, prior: this.prior.slice(), staged: this.staged.slice() };
  }

  /**
   * Loads the current priors and `ref`'s messages and outputs, and marks dirty
   * the components whose priors differ from `ref`'s or that are the source of
   * an overridden arc (see `recomputeFrom`). Whole-array copies and one
   * sequential comparison of the position-numbered priors: a what-if differs
   * from its reference on a few nodes, and this runs once per candidate.
   */
  #prepare(ref: WhatIfReference, changed?: ArrayLike<number>): void {
    invariant(ref.owner === this, 'a what-if reference is only valid on the propagator that made it');
    this.h.set(ref.h);
    this.staged.set(ref.staged);
    this.queued.fill(0);
    const dirty = this.#dirty;
    dirty.fill(0);
    // Priors compare by value: ±0 give the same products, and priors are never NaN.
    const prior = this.prior;
    const before = ref.prior;
    const componentOf = this.#componentOf;
    this.syncSwitches();
    if (changed === undefined || this.held.length !== 0 || this.cut.length !== 0) {
      this.loadAll();
      for (let i = 0; i < prior.length; i++) if (prior[i] !== before[i]) dirty[componentOf[(i / 3) | 0] as number] = 1;
    } else {
      // Only `changed` may differ from the reference's priors: its loaded priors, patched.
      prior.set(before);
      const positionOf = this.top.positionOf;
      for (let i = 0; i < changed.length; i++) {
        const x = changed[i] as number;
        this.loadNode(x);
        const v = positionOf[x] as number;
        if (prior[3 * v] !== before[3 * v] || prior[3 * v + 1] !== before[3 * v + 1] || prior[3 * v + 2] !== before[3 * v + 2]) dirty[componentOf[v] as number] = 1;
      }
    }
    for (let i = 0; i < this.#editedCount; i++) dirty[componentOf[this.#sourceOf[this.#edited[i] as number] as number] as number] = 1;
  }

  /**
   * Components in topological order: dirty ones evaluated (`passComponent`),
   * the others taken from `ref` (see `recomputeFrom`); records per-component
   * evaluations and convergence when asked.
   */
  #pass(ref: WhatIfReference | undefined, evaluationsOf: Uint32Array | undefined, convergedOf: Uint8Array | undefined): FixedPointReport {
    const { componentStart, outOffsets, outLinks } = this.top;
    const dirty = this.#dirty;
    const h = this.h;
    let evaluations = 0;
    let converged = true;
    this.#reevaluated = 0;
    for (let c = 0; c < dirty.length; c++) {
      const lo = componentStart[c] as number;
      const hi = componentStart[c + 1] as number;
      const budget = this.maxEvaluations - evaluations;
      if (ref !== undefined && dirty[c] === 0 && ref.converged[c] === 1 && budget > (ref.evaluations[c] as number) + 2 * (hi - lo)) {
        evaluations += ref.evaluations[c] as number;
        continue;
      }
      // Messages live in the targets' in-slots: zero those of this component's out-slots (a reference pass starts from 0).
      if (ref !== undefined) {
        for (let j = outOffsets[lo] as number; j < (outOffsets[hi] as number); j++) {
          const k = 3 * (outLinks[3 * j] as number);
          h[k] = 0;
          h[k + 1] = 0;
          h[k + 2] = 0;
        }
      }
      const done = this.passComponent(c, budget);
      this.#reevaluated++;
      evaluations += done;
      converged &&= this.lastConverged;
      if (evaluationsOf !== undefined && convergedOf !== undefined) {
        evaluationsOf[c] = done;
        convergedOf[c] = this.lastConverged ? 1 : 0;
      }
      if (ref === undefined) continue;
      for (let j = outOffsets[lo] as number; j < (outOffsets[hi] as number); j++) {
        const w = outLinks[3 * j + 1] as number;
        if (w < hi) continue;
        const k = 3 * (outLinks[3 * j] as number);
        if (!Object.is(h[k], ref.h[k]) || !Object.is(h[k + 1], ref.h[k + 1]) || !Object.is(h[k + 2], ref.h[k + 2])) dirty[this.#componentOf[w] as number] = 1;
      }
    }
    return { converged, evaluations, regionSize: this.top.nodeCount };
  }

  /**
   * Gives these arcs these transmissions and every other arc its base graph's
   * (the last call's edits are undone). A later entry for the same arc wins.
   */
  transmit(arcs: readonly ArcTransmission[]): void {
    const row = this.tRow;
    for (let i = 0; i < this.#editedCount; i++) {
      const j = this.#edited[i] as number;
      row[j] = this.#baseRow[j] as number;
    }
    this.#editedCount = 0;
    this.#reserve(arcs.length);
    const table = this.tTable;
    const { outSlotOf, arcCount } = this.top;
    let next = this.#baseRows;
    for (const edit of arcs) {
      invariant(Number.isInteger(edit.arc) && edit.arc >= 0 && edit.arc < arcCount, `what-if arc ${edit.arc} is not an arc of the graph`);
      const j = outSlotOf[edit.arc] as number;
      const r = TRANSMISSION_STRIDE * next;
      table[r] = edit.tC;
      table[r + 1] = edit.tA;
      table[r + 2] = 1 - edit.tA;
      table[r + 3] = edit.tV;
      table[r + 4] = 1 - edit.tV;
      row[j] = next++;
      this.#edited[this.#editedCount++] = j;
    }
  }

  /** Room for `count` override rows and edited slots (grows by doubling, keeping the base rows). */
  #reserve(count: number): void {
    const need = TRANSMISSION_STRIDE * (this.#baseRows + count);
    if (need > this.tTable.length) {
      const table = new Float64Array(2 * need);
      table.set(this.tTable.subarray(0, TRANSMISSION_STRIDE * this.#baseRows));
      this.tTable = table;
    }
    if (count > this.#edited.length) this.#edited = new Uint32Array(2 * count);
  }
}

/**
 * `propagateRisk` over the propagator's base graph with these arcs edited
 * (see `WhatIfPropagator`): the same priors (`fillPriors`) and the same full
 * pass, so the same values bit for bit as `propagateRisk` on an edited copy
 * of the graph with the default fixed-point options of the propagator; with
 * a `reference` (`whatIfReference`) only the components whose inputs differ
 * from it are evaluated, to the same bits (`recomputeFrom`). The map's arrays
 * are the propagator's buffers: read them before the next call. Its `graph`
 * is the base graph (the edits are not in it).
 */
export function propagateWhatIf(
  projection: Projection,
  propagator: WhatIfPropagator,
  evidence: readonly Evidence[],
  arcs: readonly ArcTransmission[],
  options: { readonly exposure?: number; readonly reference?: WhatIfReference } = {},
): RiskMap {
  const resolved = resolveEvidence(projection, evidence);
  const exposure = options.exposure ?? DEFAULT_EXPOSURE;
  const { reference } = options;
  propagator.transmit(arcs);
  let report: FixedPointReport;
  if (reference === undefined) {
    fillPriors(propagator.graph, propagator.p, resolved, exposure);
    report = propagator.recomputeAll();
  } else if (reference.evidenceNodes === undefined || reference.exposure !== exposure) {
    fillPriors(propagator.graph, propagator.p, resolved, exposure);
    report = propagator.recomputeFrom(reference);
  } else {
    report = propagator.recomputeFrom(reference, patchPriors(propagator, reference, reference.evidenceNodes, resolved, exposure));
  }
  return riskMapOf(projection, propagator, report);
}

/**
 * `fillPriors` for a what-if whose reference used the same exposure: the reference's priors copied,
 * then the nodes of either evidence list set as `fillPriors` sets them (exposure only, then the
 * evidence items in their order), so every prior has the bits `fillPriors` gives. Returns those nodes.
 */
function patchPriors(propagator: WhatIfPropagator, reference: WhatIfReference, before: Uint32Array, resolved: readonly ResolvedEvidence[], exposure: number): number[] {
  const { p, graph } = propagator;
  p.priorC.set(reference.p.priorC);
  p.priorA.set(reference.p.priorA);
  p.priorV.set(reference.p.priorV);
  const nodes = new Set<number>(before);
  for (const item of resolved) nodes.add(item.node);
  for (const x of nodes) {
    p.priorC[x] = graph.alive[x] === 1 ? exposure * (graph.susceptibility[x] as number) : 0;
    p.priorA[x] = 0;
    p.priorV[x] = 0;
  }
  for (const item of resolved) addPrior(p, item);
  return [...nodes];
}

/** The risk map of a reference pass (own copies of its arrays): what `propagateRisk` gives on the base graph, bit for bit. */
export function referenceRisk(projection: Projection, reference: WhatIfReference): RiskMap {
  return riskMapOf(projection, { graph: reference.owner.graph, p: reference.p }, reference.report);
}

/**
 * The reference pass of `propagateWhatIf` for this evidence (no arc edited): the incident without
 * actions. With `previous` (a reference of the same propagator, on any evidence) it is computed
 * from that one (`referenceFrom`), to the same bits.
 */
export function whatIfReference(projection: Projection, propagator: WhatIfPropagator, evidence: readonly Evidence[], exposure = DEFAULT_EXPOSURE, previous?: WhatIfReference): WhatIfReference {
  const resolved = resolveEvidence(projection, evidence);
  fillPriors(propagator.graph, propagator.p, resolved, exposure);
  const reference = previous === undefined ? propagator.reference() : propagator.referenceFrom(previous);
  return { ...reference, evidenceNodes: Uint32Array.from(new Set(resolved.map((item) => item.node))), exposure };
}
