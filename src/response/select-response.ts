/**
 * Response selection (DESIGN.md §7): maximise expected impact avoided minus
 * impact caused, subject to the rules' hard constraints.
 *
 * Per candidate c (one propagation each on the incident's evidence and on
 * the quiet city): value(c) = E(before) − E(with c); caused(c) = E_quiet(with
 * c) − E_quiet; avoided(c) = value(c) + caused(c). The set objective is the
 * first-order sum Σ value(c) (actions on different targets), searched by
 * searchSelection (exact branch and bound up to 20 candidates); the automatic
 * part is then improved by joint propagations (joint-search.ts), since
 * redundant threats make single-action values understate sets.
 * An action that, under the incident, leaves a critical service ≥
 * approvalThreshold more likely lost than doing nothing, or that a rule puts
 * under approval, waits for a person.
 */
import type { Projection } from '../graph/projection/index.js';
import type { ImpactModel, ImpactSummary } from './impact-model.js';
import { slotOf, type Candidate } from './response-action.js';
import { feasible, improveJointly } from './joint-search.js';
import { searchSelection, type ScoredItem } from './search-selection.js';

export interface ResolvedConstraints {
  /** Candidate key → rule id that forbids it. */
  readonly forbid: ReadonlyMap<string, string>;
  /** Candidate key → rule id that puts it under approval. */
  readonly approval: ReadonlyMap<string, string>;
  /** Service kind → cap on added P(loss) and the rule id. */
  readonly protect: ReadonlyMap<string, { readonly maxAddedLoss: number; readonly ruleId: string }>;
}

export interface ScoredAction {
  readonly key: string;
  readonly action: string;
  readonly target: string;
  readonly d3fend: readonly string[];
  readonly ruleIds: readonly string[];
  readonly avoided: number;
  readonly caused: number;
  readonly value: number;
  /** Largest added P(loss) of a critical service by this action alone, under the incident. */
  readonly criticalAddedLoss: number;
  readonly approval: 'auto' | 'required';
  readonly approvalReason?: string;
  readonly verification: string;
  readonly rollback: string;
}

export type RejectReason = 'forbidden' | 'precondition' | 'no-benefit' | 'not-selected';

export interface RejectedAction {
  readonly key: string;
  readonly action: string;
  readonly target: string;
  readonly reason: RejectReason;
  readonly detail: string;
  readonly ruleId?: string;
}

export interface Selection {
  /** Actions that run now. */
  readonly chosen: readonly ScoredAction[];
  /** Chosen actions waiting for human approval (not applied until approved). */
  readonly pendingApproval: readonly ScoredAction[];
  readonly rejected: readonly RejectedAction[];
  readonly before: ImpactSummary;
  /** With the automatically applied actions only. */
  readonly after: ImpactSummary;
  readonly exact: boolean;
}

export interface SelectOptions {
  readonly model: ImpactModel;
  /** Impact model of the quiet city (no evidence): the actions' own operational cost. */
  readonly costModel: ImpactModel;
  readonly candidates: readonly Candidate[];
  readonly constraints: ResolvedConstraints;
  readonly approvalThreshold?: number;
  readonly maxExact?: number;
  /**
   * Devices that must not be left without an automatic action: the
   * containment floor. A listed device the search left with none gets the
   * best eligible containment (harmFactor 0) that runs without approval and
   * keeps every protected service within its cap. A device the search already
   * acts on keeps that choice, even a partial one (filter-traffic leaves a
   * share of the harm: harmFactor 0.3), because the search weighed it against
   * containment. Default none.
   */
  readonly contain?: readonly string[];
  /**
   * Keys of interim candidates: weighed only after the search and the
   * containment floor have chosen from the others, each added to the
   * automatic set when it raises the joint objective within the caps (the
   * controllers behind a gateway whose isolation waits for approval, run by
   * hand meanwhile). They never displace a choice of the main selection.
   */
  readonly interim?: ReadonlySet<string>;
}

function meetsPreconditions(projection: Projection, c: Candidate): boolean {
  const v = projection.nodeIndex(c.target);
  return v !== -1 && c.action.preconditions.targetKinds.some((kind) => projection.isA(v, kind));
}

function maxAdded(after: ImpactSummary, keys: ReadonlyMap<string, number>): number {
  let max = 0;
  for (const [id, loss] of keys) max = Math.max(max, (after.serviceLoss.get(id) ?? loss) - loss);
  return max;
}

function addedByKind(projection: Projection, after: ImpactSummary, before: ImpactSummary, kinds: Iterable<string>): Map<string, number> {
  const out = new Map<string, number>();
  for (const kind of kinds) {
    let max = 0;
    for (const [id, loss] of before.serviceLoss) if (projection.isA(projection.nodeIndex(id), kind)) max = Math.max(max, (after.serviceLoss.get(id) ?? 0) - loss);
    out.set(kind, max);
  }
  return out;
}

function score(options: SelectOptions, c: Candidate): { item: ScoredItem; scored: ScoredAction } {
  const { model, costModel, constraints } = options;
  const withC = model.evaluate([c]);
  const cost = costModel.evaluate([c]);
  const value = model.base.impact - withC.impact;
  const caused = Math.max(0, cost.impact - costModel.base.impact);
  // Net effect on critical services under the incident: an action that leaves
  // some critical service worse off than doing nothing waits for a person.
  const criticalAddedLoss = maxAdded(withC, model.base.criticalLoss);
  const rule = constraints.approval.get(c.key);
  const overThreshold = criticalAddedLoss >= (options.approvalThreshold ?? 0.05);
  const approvalReason = rule !== undefined ? `rule ${rule} requires approval` : overThreshold ? `adds ${(criticalAddedLoss * 100).toFixed(1)}% to the loss of a critical service` : undefined;
  const scored: ScoredAction = {
    key: c.key,
    action: c.action.id,
    target: c.target,
    d3fend: c.action.d3fend,
    ruleIds: c.ruleIds,
    avoided: value + caused,
    caused,
    value,
    criticalAddedLoss,
    approval: approvalReason === undefined ? 'auto' : 'required',
    ...(approvalReason === undefined ? {} : { approvalReason }),
    verification: c.action.verification.check,
    rollback: c.action.rollback.description,
  };
  const added = addedByKind(model.projection, withC, model.base, constraints.protect.keys());
  // One action that runs now and one that waits for approval may share a target:
  // the interim action holds the line while a person decides on the stronger one.
  return { item: { target: `${slotOf(c)}|${scored.approval}`, value, added }, scored };
}

/** Indexes of the final set: pending picks from the search, auto picks improved jointly. */
function jointlyImproved(options: SelectOptions, eligible: readonly Candidate[], scored: readonly ScoredAction[], first: readonly number[], caps: ReadonlyMap<string, number>): Set<number> {
  const byTarget = new Map<string, Candidate[]>();
  eligible.forEach((c, i) => {
    if ((scored[i] as ScoredAction).approval !== 'auto' || options.interim?.has(c.key) === true) return;
    byTarget.set(slotOf(c), [...(byTarget.get(slotOf(c)) ?? []), c]);
  });
  const start = new Map<string, Candidate>();
  for (const i of first) if ((scored[i] as ScoredAction).approval === 'auto') start.set(slotOf(eligible[i] as Candidate), eligible[i] as Candidate);
  const joint = improveJointly({ model: options.model, costModel: options.costModel, byTarget, start, caps });
  const keys = new Set(joint.chosen.map((c) => c.key));
  const picked = new Set(first.filter((i) => (scored[i] as ScoredAction).approval !== 'auto'));
  eligible.forEach((c, i) => {
    if (keys.has(c.key)) picked.add(i);
  });
  return picked;
}

/**
 * The containment floor (SelectOptions.contain): a listed device that the
 * search left without any automatic action gets the best eligible
 * containment (harmFactor 0) that keeps every protected service within its
 * cap. A device the search already acts on keeps the rules' choice.
 */
function enforceContainment(options: SelectOptions, eligible: readonly Candidate[], scored: readonly ScoredAction[], picked: Set<number>, caps: ReadonlyMap<string, number>): void {
  const auto = (i: number): boolean => (scored[i] as ScoredAction).approval === 'auto';
  const loss = (i: number): number => (eligible[i] as Candidate).action.effect.availabilityLoss;
  for (const target of new Set(options.contain ?? [])) {
    if ([...picked].some((i) => slotOf(eligible[i] as Candidate) === target && auto(i))) continue;
    const choices = eligible.map((_, i) => i).filter((i) => (eligible[i] as Candidate).target === target && auto(i) && (eligible[i] as Candidate).action.effect.harmFactor === 0);
    // Best net value first; on a tie the action that takes less service away.
    choices.sort((a, b) => (scored[b] as ScoredAction).value - (scored[a] as ScoredAction).value || loss(a) - loss(b));
    const fits = choices.find((choice) => feasible({ model: options.model, caps }, [...picked, choice].filter(auto).map((i) => eligible[i] as Candidate)));
    if (fits !== undefined) picked.add(fits);
  }
}

/**
 * Interim candidates (SelectOptions.interim), in candidate order: each
 * automatic one joins the set when the joint objective E(before) − E(after)
 * rises and every protected service stays within its cap.
 */
function addInterim(options: SelectOptions, eligible: readonly Candidate[], scored: readonly ScoredAction[], picked: Set<number>, caps: ReadonlyMap<string, number>): void {
  const { model } = options;
  const auto = (i: number): boolean => (scored[i] as ScoredAction).approval === 'auto';
  let set = [...picked].sort((a, b) => a - b).filter(auto).map((i) => eligible[i] as Candidate);
  let value = model.base.impact - model.evaluate(set).impact;
  eligible.forEach((c, i) => {
    if (options.interim?.has(c.key) !== true || !auto(i)) return;
    const next = [...set, c];
    if (!feasible({ model, caps }, next)) return;
    const v = model.base.impact - model.evaluate(next).impact;
    if (v <= value + 1e-9) return;
    picked.add(i);
    set = next;
    value = v;
  });
}

/** Selects the response set for one incident. */
export function selectResponse(options: SelectOptions): Selection {
  const { model, constraints } = options;
  const rejected: RejectedAction[] = [];
  const eligible: Candidate[] = [];
  for (const c of options.candidates) {
    const base = { key: c.key, action: c.action.id, target: c.target };
    const forbiddenBy = constraints.forbid.get(c.key);
    if (forbiddenBy !== undefined) rejected.push({ ...base, reason: 'forbidden', detail: `rule ${forbiddenBy} forbids it`, ruleId: forbiddenBy });
    else if (!meetsPreconditions(model.projection, c)) rejected.push({ ...base, reason: 'precondition', detail: `target kind is not one of ${c.action.preconditions.targetKinds.join(', ')}` });
    else if (c.action.effect.reroute !== undefined && model.moves(c).length === 0) rejected.push({ ...base, reason: 'precondition', detail: 'no energised feeder of another substation to re-route to' });
    else eligible.push(c);
  }
  const scored = eligible.map((c) => score(options, c));
  const caps = new Map([...constraints.protect].map(([kind, p]) => [kind, p.maxAddedLoss]));
  // The search sees the main candidates only, in their order; its indexes map back to `eligible`.
  const main = eligible.map((_, i) => i).filter((i) => options.interim?.has((eligible[i] as Candidate).key) !== true);
  const result = searchSelection(main.map((i) => (scored[i] as { item: ScoredItem }).item), { caps, ...(options.maxExact === undefined ? {} : { maxExact: options.maxExact }) });
  const picked = jointlyImproved(options, eligible, scored.map((s) => s.scored), result.chosen.map((k) => main[k] as number), caps);
  enforceContainment(options, eligible, scored.map((s) => s.scored), picked, caps);
  addInterim(options, eligible, scored.map((s) => s.scored), picked, caps);
  scored.forEach((s, i) => {
    if (picked.has(i)) return;
    const { key, action, target, value } = s.scored;
    const reason: RejectReason = value <= 0 ? 'no-benefit' : 'not-selected';
    const detail = value <= 0 ? `avoids no more impact than it causes (net ${value.toFixed(3)})` : 'a better action on the same target or a protected-service cap won';
    rejected.push({ key, action, target, reason, detail });
  });
  const chosenAll = [...picked].sort((a, b) => a - b).map((i) => (scored[i] as { scored: ScoredAction }).scored);
  const chosen = chosenAll.filter((s) => s.approval === 'auto');
  const applied = options.candidates.filter((c) => chosen.some((s) => s.key === c.key));
  return {
    chosen,
    pendingApproval: chosenAll.filter((s) => s.approval === 'required'),
    rejected,
    before: model.base,
    after: model.evaluate(applied),
    exact: result.exact,
  };
}
