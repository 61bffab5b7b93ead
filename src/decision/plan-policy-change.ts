/**
 * `civgraph policy plan` (issue 7 §8): what a candidate policy bundle would
 * change before it is enforced — the policy engine's dry run, in the spirit
 * of `terraform plan` and OPA's decision replay. Every case is decided twice,
 * once with the current bundle and once with the candidate, on the same
 * graph, events and evidence:
 *
 *   recorded incidents  the decision log's records: their events (kind,
 *                       device, peer), scores and the devices they flagged
 *   simulated runs      the simulator's scenarios on seeded cities
 *                       (decideForScenario: ground-truth detection)
 *
 * and the two decisions are compared: actions added or removed, approvals
 * added or removed, rules newly firing or silent, and the change in
 * availability of critical services and in risk reduction.
 */
import type { Diagnostic } from '../core/index.js';
import type { Projection } from '../graph/projection/index.js';
import { createPolicyEngine, type PolicyEvent } from '../policy/index.js';
import type { Evidence } from '../risk/index.js';
import { createImpactModel, type ImpactModel } from '../response/index.js';
import { decide, type ScoredEvent } from './decide.js';
import type { DecisionRecord } from './decision-record.js';
import type { OpenPolicyBundle } from './open-policy-bundle.js';

/** How one case's decision differs between the current and the candidate bundle. */
export interface PlanChange {
  /** `log:<decision id>` or `sim:<seed>:<scenario>`. */
  readonly case: string;
  readonly source: 'log' | 'simulation';
  readonly changed: boolean;
  /** Automatic actions (`action@target`) the candidate adds or drops. */
  readonly actionsAdded: readonly string[];
  readonly actionsRemoved: readonly string[];
  /** Actions newly waiting for approval, or no longer waiting. */
  readonly approvalsAdded: readonly string[];
  readonly approvalsRemoved: readonly string[];
  readonly rulesNewlyFiring: readonly string[];
  readonly rulesSilent: readonly string[];
  /** Availability of critical services with the automatic actions (0–1). */
  readonly availability: { readonly current: number; readonly candidate: number };
  /** Share of the incident's added compromise removed (simulated runs), or of its expected impact (recorded incidents). */
  readonly riskReduction: { readonly current: number; readonly candidate: number };
}

export interface PolicyPlan {
  readonly current: { readonly version: string; readonly rules: number; readonly actions: number };
  readonly candidate: { readonly version: string; readonly rules: number; readonly actions: number };
  readonly changes: readonly PlanChange[];
  readonly summary: {
    readonly cases: number;
    readonly changed: number;
    readonly meanAvailability: { readonly current: number; readonly candidate: number };
    readonly meanRiskReduction: { readonly current: number; readonly candidate: number };
  };
  /** Both bundles' load diagnostics (file and JSON pointer) and replay warnings. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Two decisions on one case, with the availability and risk-reduction figures of each. */
export interface DecidedPair {
  readonly case: string;
  readonly source: PlanChange['source'];
  readonly current: DecisionRecord;
  readonly candidate: DecisionRecord;
  readonly availability: PlanChange['availability'];
  readonly riskReduction: PlanChange['riskReduction'];
}

const keys = (list: readonly { readonly key: string }[]): Set<string> => new Set(list.map((a) => a.key));
const ruleIds = (record: DecisionRecord): Set<string> => new Set(record.rules.map((r) => r.ruleId));
const minus = (a: ReadonlySet<string>, b: ReadonlySet<string>): string[] => [...a].filter((x) => !b.has(x)).sort();

/** Compares two decisions on the same case. */
export function compareDecisions(pair: DecidedPair): PlanChange {
  const { current, candidate } = pair;
  const change = {
    actionsAdded: minus(keys(candidate.chosen), keys(current.chosen)),
    actionsRemoved: minus(keys(current.chosen), keys(candidate.chosen)),
    approvalsAdded: minus(keys(candidate.pendingApproval), keys(current.pendingApproval)),
    approvalsRemoved: minus(keys(current.pendingApproval), keys(candidate.pendingApproval)),
    rulesNewlyFiring: minus(ruleIds(candidate), ruleIds(current)),
    rulesSilent: minus(ruleIds(current), ruleIds(candidate)),
  };
  const changed = Object.values(change).some((list) => list.length > 0);
  return { case: pair.case, source: pair.source, changed, ...change, availability: pair.availability, riskReduction: pair.riskReduction };
}

/** The policy events of a recorded decision (the record keeps kind, device and peer; time and domain come from the record and the graph). */
export function recordedEvents(record: DecisionRecord, projection: Projection): ScoredEvent[] {
  const scores = new Map(record.scores.map((s) => [s.eventId, s]));
  return record.events.map((e) => {
    const v = projection.nodeIndex(e.deviceId);
    const domain = v === -1 ? undefined : projection.domains[projection.columns.domain[v] as number];
    const event: PolicyEvent = {
      id: e.id,
      time: record.time,
      kind: e.kind,
      deviceId: e.deviceId,
      ...(domain === undefined ? {} : { domain }),
      ...(v === -1 ? {} : { deviceKind: projection.nodeKind(v) }),
      ...(e.peer === undefined ? {} : { peer: e.peer }),
    };
    const score = scores.get(e.id);
    const contributions = Object.fromEntries((score?.contributions ?? []).map((c) => [c.feature, c.value]));
    return { event, ...(score === undefined ? {} : { scores: { probability: score.probability, contributions } }) };
  });
}

/** Evidence of a recorded incident: each event's device at its highest recorded score (0.9 when unscored, as the scenario replay assumes). */
export function recordedEvidence(record: DecisionRecord, projection: Projection): Evidence[] {
  const best = new Map<string, number>();
  const scores = new Map(record.scores.map((s) => [s.eventId, s.probability]));
  for (const e of record.events) {
    if (projection.nodeIndex(e.deviceId) === -1) continue;
    best.set(e.deviceId, Math.max(best.get(e.deviceId) ?? 0, scores.get(e.id) ?? 0.9));
  }
  return [...best].map(([node, probability]) => ({ node, probability }));
}

function decideRecorded(record: DecisionRecord, bundle: OpenPolicyBundle, projection: Projection, costModel: ImpactModel): DecisionRecord {
  const engine = createPolicyEngine({ rules: bundle.rules, context: { projection } });
  return decide({
    engine,
    actions: bundle.actions,
    events: recordedEvents(record, projection),
    evidence: recordedEvidence(record, projection),
    costModel,
    incident: record.incident,
    time: record.time,
    versions: { ...record.versions, policyBundle: bundle.version },
  });
}

const reductionOf = (record: DecisionRecord): number => {
  const { before, after } = record.expected;
  return before.impact <= 0 ? 0 : Math.max(0, (before.impact - after.impact) / before.impact);
};

/** Replays one recorded decision through both bundles on this graph. */
export function replayRecord(options: { readonly record: DecisionRecord; readonly current: OpenPolicyBundle; readonly candidate: OpenPolicyBundle; readonly projection: Projection; readonly costModel?: ImpactModel }): DecidedPair {
  const { record, projection } = options;
  const costModel = options.costModel ?? createImpactModel({ projection, evidence: [] });
  const current = decideRecorded(record, options.current, projection, costModel);
  const candidate = decideRecorded(record, options.candidate, projection, costModel);
  return {
    case: `log:${record.id}`,
    source: 'log',
    current,
    candidate,
    availability: { current: current.expected.after.criticalAvailability, candidate: candidate.expected.after.criticalAvailability },
    riskReduction: { current: reductionOf(current), candidate: reductionOf(candidate) },
  };
}

const mean = (list: readonly number[]): number => (list.length === 0 ? 0 : list.reduce((s, x) => s + x, 0) / list.length);

/** Summarises compared cases into the plan. */
export function summarisePlan(options: { readonly current: OpenPolicyBundle; readonly candidate: OpenPolicyBundle; readonly changes: readonly PlanChange[]; readonly diagnostics: readonly Diagnostic[] }): PolicyPlan {
  const { changes } = options;
  const describe = (b: OpenPolicyBundle) => ({ version: b.version, rules: b.rules.length, actions: b.actions.size });
  return {
    current: describe(options.current),
    candidate: describe(options.candidate),
    changes,
    summary: {
      cases: changes.length,
      changed: changes.filter((c) => c.changed).length,
      meanAvailability: { current: mean(changes.map((c) => c.availability.current)), candidate: mean(changes.map((c) => c.availability.candidate)) },
      meanRiskReduction: { current: mean(changes.map((c) => c.riskReduction.current)), candidate: mean(changes.map((c) => c.riskReduction.candidate)) },
    },
    diagnostics: options.diagnostics,
  };
}
