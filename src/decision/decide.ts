/**
 * One decision (DESIGN.md §1 "evaluate policies on the facts → select a
 * response set → record the decision with its explanation"): events with
 * their scores run through the compiled policy engine; fired rules become
 * candidates and constraints; the selector picks the set; the record holds
 * the explanation object of §8.
 */
import { contentHash } from '../core/index.js';
import { EDGE_KINDS } from '../ontology/index.js';
import { mostProbablePaths, type Evidence, type HarmGraph } from '../risk/index.js';
import {
  EventHistory,
  buildFacts,
  createOperators,
  explainConditions,
  renderTemplate,
  type EventScores,
  type PolicyEngine,
  type PolicyEvent,
} from '../policy/index.js';
import { collectCandidates, createImpactModel, selectResponse, type Candidate, type Firing, type ImpactModel, type OscillationGuard, type ResponseAction, type ScoredAction, type Selection } from '../response/index.js';
import { rememberCanonical } from './decision-log.js';
import type { ConstraintExplanation, DecisionRecord, FiredRuleExplanation, PathExplanation, ScoreExplanation } from './decision-record.js';
import type { EventEvaluationCache, EvaluatedEvent } from './event-evaluation-cache.js';

export interface ScoredEvent {
  readonly event: PolicyEvent;
  readonly scores?: EventScores;
  readonly techniques?: readonly string[];
}

export interface DecideOptions {
  readonly engine: PolicyEngine;
  readonly actions: ReadonlyMap<string, ResponseAction>;
  readonly events: readonly ScoredEvent[];
  /** Risk evidence of the incident (flagged devices and their probabilities). */
  readonly evidence: readonly Evidence[];
  /** Impact model of the quiet city, shared across decisions on one graph version. */
  readonly costModel: ImpactModel;
  readonly incident?: { readonly id: string; readonly domains: readonly string[] };
  readonly versions: { readonly policyBundle: string; readonly model: string; readonly graph: string };
  readonly history?: EventHistory;
  readonly approvalThreshold?: number;
  readonly time?: string;
  /**
   * Containment actions offered for every device with evidence ≥ 0.5 besides
   * the rules' proposals, each where its preconditions admit the device, so
   * the selector can always weigh the static protocol's move (isolation)
   * against containment that keeps the service running (isolation with hand
   * operation). Default: {@link DEFAULT_CONTAINMENT}; null for none.
   */
  readonly containment?: string | readonly string[] | null;
  /**
   * Containment floor (default true): every device with evidence ≥ 0.5 that
   * the search left without an automatic action gets one, the best eligible
   * containment that keeps the protected services within their caps
   * (SelectOptions.contain); a device already acted on keeps that action.
   */
  readonly containFlagged?: boolean;
  /** Damps actions that flap (applied and rolled back repeatedly): they wait for approval. */
  readonly guard?: OscillationGuard;
  /**
   * Also offer `isolate-controller-manual` for the controllers networked via
   * a flagged gateway (default true): the ICS playbook's interim move while
   * the gateway's isolation waits for approval (the traffic filter leaks and
   * the gateway may fail), so the processes behind it run by hand and the
   * hospital keeps its water. They are interim candidates
   * (SelectOptions.interim): weighed after the main selection, so they never
   * change what it chose for the flagged devices. Hand operation's crews are
   * not priced (src/decision/README.md). false: not offered.
   */
  readonly manualBehindGateway?: boolean;
  /**
   * Remembers each incident's evaluated events between its decisions (the
   * live loop decides an incident again as it grows): only the events after
   * the unchanged prefix are evaluated. Used when `incident` is given and
   * `history` is not; the record is the same with or without it.
   */
  readonly evaluationCache?: EventEvaluationCache;
  /**
   * The incident's impact model when the caller built it already (the decide
   * stage keeps it to answer service-risk watches without propagating the
   * same evidence twice). It must be `createImpactModel` of this projection
   * and `evidence` over `costModel`'s harm graph, which is what `decide`
   * builds when it is absent.
   */
  readonly model?: ImpactModel;
  /**
   * Told the wall time of each phase of this decision (tools/measure-decisions.ts:
   * which phases form the latency tail, issue 9 §6). Absent: nothing is timed.
   */
  readonly onPhase?: (phase: DecisionPhase, ms: number) => void;
}

/** The phases of one decision, in order, as `DecideOptions.onPhase` reports them. */
export const DECISION_PHASES = ['policy', 'candidates', 'impact', 'selection', 'paths', 'record'] as const;
export type DecisionPhase = (typeof DECISION_PHASES)[number];

/** Calls `onPhase` with the time since the previous mark; a no-op clock when nobody listens. */
function phaseClock(onPhase: DecideOptions['onPhase']): (phase: DecisionPhase) => void {
  if (onPhase === undefined) return () => undefined;
  let last = performance.now();
  return (phase) => {
    const now = performance.now();
    onPhase(phase, now - last);
    last = now;
  };
}

function damp(guard: OscillationGuard | undefined, selection: Selection, time: string): { chosen: ScoredAction[]; pending: ScoredAction[] } {
  if (guard === undefined) return { chosen: [...selection.chosen], pending: [...selection.pendingApproval] };
  const chosen: ScoredAction[] = [];
  const pending = [...selection.pendingApproval];
  for (const a of selection.chosen) {
    if (guard.check(a.key, time) === 'damped') pending.push({ ...a, approval: 'required', approvalReason: 'damped: applied and rolled back repeatedly within the window' });
    else {
      chosen.push(a);
      guard.record(a.key, true, time);
    }
  }
  return { chosen, pending };
}

/** Rule id recorded for containment candidates that no rule proposed. */
export const CONTAINMENT_RULE = 'default-containment';

/**
 * Rule id recorded for the interim candidates no rule proposed: hand
 * operation of the controllers behind a flagged gateway
 * (DecideOptions.manualBehindGateway), weighed after the main selection
 * (SelectOptions.interim).
 */
export const INTERIM_RULE = 'interim-behind-gateway';

/** Keys of the candidates only the interim step proposed (no rule and no default containment). */
function interimKeys(candidates: readonly Candidate[]): Set<string> {
  return new Set(candidates.filter((c) => c.ruleIds.length === 1 && c.ruleIds[0] === INTERIM_RULE).map((c) => c.key));
}

/**
 * Containment offered by default: the static protocol's isolation, and
 * isolation with hand operation for actuators and controllers (D3-NI with a
 * manual fallback), which contains as much and keeps the process running;
 * and the compensating `re-route-power` for breakers, RTUs, feeders and
 * substations (feeder reconfiguration: the loads move to an energised feeder
 * of another substation while the device is contained; it has its own
 * selection slot, see slotOf in src/response).
 */
export const DEFAULT_CONTAINMENT: readonly string[] = ['isolate-device', 'manual-operation', 'isolate-controller-manual', 're-route-power'];

function containmentActions(options: DecideOptions): ResponseAction[] {
  const wanted = options.containment === undefined ? DEFAULT_CONTAINMENT : options.containment === null ? [] : typeof options.containment === 'string' ? [options.containment] : options.containment;
  return wanted.flatMap((id) => options.actions.get(id) ?? []);
}

/** Devices with evidence ≥ 0.5 (or confirmed): the static protocol's targets. */
function flaggedDevices(options: DecideOptions): string[] {
  return [...new Set(options.evidence.filter((e) => e.confirmed === true || (e.probability ?? 1) >= 0.5).map((e) => e.node))];
}

/**
 * Controllers whose network link runs through a flagged gateway
 * (`controller networkedVia gateway`): while the gateway is only filtered
 * (its isolation may wait for approval), the ICS playbook drops them to
 * local/manual control so the attack leaking through the filter commands
 * nothing. Offered, not forced: the selector weighs them like any candidate.
 */
function controllersBehindGateways(projection: DecideOptions['engine']['context']['projection'], devices: readonly string[]): string[] {
  const via = projection.edgeKindCode('networkedVia');
  if (via === -1) return [];
  const out = new Set<string>();
  for (const id of devices) {
    const g = projection.nodeIndex(id);
    if (g === -1 || !projection.isA(g, 'Gateway')) continue;
    projection.forEachIn(g, via, (u) => {
      if (projection.isA(u, 'Controller')) out.add(projection.nodeId(u));
    });
  }
  for (const id of devices) out.delete(id);
  return [...out];
}

function withContainment(options: DecideOptions, firings: Firing[]): Firing[] {
  const actions = containmentActions(options);
  if (actions.length === 0) return firings;
  const { projection } = options.engine.context;
  const devices = flaggedDevices(options);
  const manual = actions.filter((a) => a.id === 'isolate-controller-manual');
  const behind = manual.length === 0 || options.manualBehindGateway === false ? [] : controllersBehindGateways(projection, devices);
  return [
    ...firings,
    ...devices.map((deviceId) => {
      const v = projection.nodeIndex(deviceId);
      const fitting = actions.filter((a) => v !== -1 && a.preconditions.targetKinds.some((kind) => projection.isA(v, kind)));
      const event = { type: 'respond' as const, params: { actions: fitting.map((a) => ({ action: a.id, target: 'device' as const })) } };
      return { deviceId, fired: [{ ruleId: CONTAINMENT_RULE, event }] };
    }),
    ...behind.map((deviceId) => ({ deviceId, fired: [{ ruleId: INTERIM_RULE, event: { type: 'respond' as const, params: { actions: manual.map((a) => ({ action: a.id, target: 'device' as const })) } } }] })),
  ];
}

function topContributions(scores: EventScores | undefined): ScoreExplanation['contributions'] {
  return Object.entries(scores?.contributions ?? {})
    .map(([feature, value]) => ({ feature, value }))
    .sort((a, b) => Math.abs(b.value) - Math.abs(a.value))
    .slice(0, 3);
}

function evaluateEvents(options: DecideOptions): { firings: Firing[]; rules: FiredRuleExplanation[]; scores: ScoreExplanation[] } {
  const history = options.history ?? new EventHistory();
  const cache = options.history === undefined && options.incident !== undefined ? options.evaluationCache : undefined;
  const known = cache?.prefix((options.incident as { id: string }).id, options.engine, options.events) ?? [];
  const evaluated: EvaluatedEvent[] = [...known];
  // The remembered prefix still feeds the history, as a fresh evaluation would.
  for (const { scored } of known) if (scored.event.derivedFromDecision !== true) history.record(scored.event);
  if (known.length < options.events.length) {
    const operators = createOperators(options.engine.context);
    const byId = new Map(options.engine.rules.map((r) => [r.id, r]));
    for (const scored of options.events.slice(known.length)) evaluated.push(evaluateEvent(options.engine, scored, history, operators, byId));
  }
  if (cache !== undefined) cache.store((options.incident as { id: string }).id, options.engine, evaluated);
  return {
    firings: evaluated.flatMap((e) => (e.firing === undefined ? [] : [e.firing])),
    rules: evaluated.flatMap((e) => e.rules),
    scores: evaluated.flatMap((e) => (e.score === undefined ? [] : [e.score])),
  };
}

function evaluateEvent(engine: PolicyEngine, scored: ScoredEvent, history: EventHistory, operators: ReturnType<typeof createOperators>, byId: ReadonlyMap<string, PolicyEngine['rules'][number]>): EvaluatedEvent {
  const { event, scores: s, techniques } = scored;
  if (event.derivedFromDecision === true) return { scored, rules: [] };
  const facts = buildFacts({ event, ...(s === undefined ? {} : { scores: s }), ...(techniques === undefined ? {} : { techniques }), history: history.record(event) });
  const score = s === undefined ? undefined : rememberCanonical({ eventId: event.id, probability: s.probability, contributions: topContributions(s) });
  const fired = engine.evaluate(facts);
  if (fired.length === 0) return { scored, rules: [], ...(score === undefined ? {} : { score }) };
  const rules: FiredRuleExplanation[] = [];
  for (const f of fired) {
    const rule = byId.get(f.ruleId);
    if (rule === undefined) continue;
    // Fixed once made: every later decision of the incident repeats it (the decision log serialises it once).
    rules.push(rememberCanonical({ ruleId: rule.id, version: rule.version, severity: rule.severity, deviceId: event.deviceId, eventId: event.id, explanation: renderTemplate(rule.explanation, facts), conditions: explainConditions(rule.conditions, facts, operators) }));
  }
  return { scored, firing: { deviceId: event.deviceId, fired }, rules, ...(score === undefined ? {} : { score }) };
}

/** Bound on remembered path queries per harm graph. */
const PATH_MEMO_LIMIT = 1024;
const pathMemo = new WeakMap<HarmGraph, Map<string, readonly PathExplanation[]>>();

/**
 * The k = 3 most likely attack paths from the evidence (the explanation's
 * paths, DESIGN.md §8). They depend only on the harm graph and the ordered
 * source list, so a query asked again on the same graph object (an incident
 * decided again without a new device: a new domain, a merge) is answered
 * from memory with the same paths.
 */
function topPaths(model: ImpactModel, evidence: readonly Evidence[]): PathExplanation[] {
  const from = [...new Set(evidence.map((e) => e.node))];
  if (from.length === 0) return [];
  const graph = model.risk([]).graph;
  const memo = pathMemo.get(graph) ?? new Map<string, readonly PathExplanation[]>();
  pathMemo.set(graph, memo);
  const key = from.join('\n');
  const known = memo.get(key);
  if (known !== undefined) return [...known];
  const kinds = new Set<string>(EDGE_KINDS);
  const paths = mostProbablePaths(model.projection, graph, { from, k: 3 }).map((p) => ({ nodes: p.nodes, kinds: p.edges.map((e) => e.kind).filter((k) => kinds.has(k)), probability: p.probability, domains: p.domains }));
  if (memo.size >= PATH_MEMO_LIMIT) memo.delete(memo.keys().next().value as string);
  memo.set(key, paths);
  return [...paths];
}

function counterfactual(record: Pick<DecisionRecord, 'chosen' | 'rules'>): string {
  if (record.chosen.length === 0) return 'No action was chosen: no candidate avoided more impact than it caused.';
  const least = [...record.chosen].sort((a, b) => a.value - b.value)[0];
  const rule = record.rules[0];
  return `No action if ${rule === undefined ? 'no rule had fired' : `rule ${rule.ruleId} had not fired for ${rule.deviceId}`}; ${least?.action} on ${least?.target} would be dropped first if its net benefit (${least?.value.toFixed(2)}) fell to zero.`;
}

/** Decides on one incident's events and returns the full decision record. */
export function decide(options: DecideOptions): DecisionRecord {
  const { projection } = options.engine.context;
  const mark = phaseClock(options.onPhase);
  const { firings, rules, scores } = evaluateEvents(options);
  mark('policy');
  const collected = collectCandidates(projection, options.actions, withContainment(options, firings));
  mark('candidates');
  const model = options.model ?? createImpactModel({ projection, evidence: options.evidence, harmGraph: options.costModel.risk([]).graph });
  mark('impact');
  const contain = options.containFlagged === false ? [] : flaggedDevices(options);
  const selection = selectResponse({ model, costModel: options.costModel, candidates: collected.candidates, constraints: collected.constraints, contain, interim: interimKeys(collected.candidates), ...(options.approvalThreshold === undefined ? {} : { approvalThreshold: options.approvalThreshold }) });
  mark('selection');
  const paths = topPaths(model, options.evidence);
  mark('paths');
  const constraints: ConstraintExplanation[] = firings.flatMap((f) => f.fired.flatMap((r) => (r.event.params.constraints ?? []).map((constraint) => ({ ruleId: r.ruleId, constraint }))));
  const time = options.time ?? options.events.at(-1)?.event.time ?? new Date(0).toISOString();
  const { chosen, pending } = damp(options.guard, selection, time);
  const events = options.events.map(({ event }) => ({ id: event.id, kind: event.kind, deviceId: event.deviceId, ...(event.peer === undefined ? {} : { peer: event.peer }) }));
  const body = {
    time,
    incident: options.incident ?? { id: `incident-${contentHash(events.map((e) => e.id).join(','), 12)}`, domains: [] },
    events,
    scores,
    paths,
    rules,
    constraints: dedupeConstraints(constraints),
    chosen,
    pendingApproval: pending,
    rejected: selection.rejected,
    expected: {
      before: { impact: selection.before.impact, criticalAvailability: selection.before.criticalAvailability },
      after: { impact: selection.after.impact, criticalAvailability: selection.after.criticalAvailability },
    },
    exact: selection.exact,
    versions: options.versions,
  };
  const id = `decision-${contentHash(JSON.stringify({ time, events: events.map((e) => e.id), versions: options.versions }), 16)}`;
  const record = { id, ...body, counterfactual: counterfactual(body) };
  mark('record');
  return record;
}

/** Canonical text of each constraint object (rule outputs are shared objects, asked again every decision). */
const constraintText = new WeakMap<object, string>();

function textOf(c: ConstraintExplanation): string {
  const constraint = c.constraint as object;
  let text = constraintText.get(constraint);
  if (text === undefined) {
    text = JSON.stringify(c.constraint);
    constraintText.set(constraint, text);
  }
  return text;
}

/** First occurrence of each (rule, constraint text) pair, in order; texts grouped per rule so no key string is built. */
function dedupeConstraints(list: readonly ConstraintExplanation[]): ConstraintExplanation[] {
  const seen = new Map<string, Set<string>>();
  return list.filter((c) => {
    let texts = seen.get(c.ruleId);
    if (texts === undefined) seen.set(c.ruleId, (texts = new Set()));
    const text = textOf(c);
    if (texts.has(text)) return false;
    texts.add(text);
    return true;
  });
}
