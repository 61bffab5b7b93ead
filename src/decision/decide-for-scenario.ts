/**
 * The scenario evaluation behind the demo and issue 7 §6: replay a simulated
 * scenario's flagged events through the policies, select a response, and
 * compare with the static protocol (isolate every flagged device).
 *
 * Detection is taken from the scenario's ground truth (every event labelled
 * malicious, probability 0.9, the stage's ATT&CK ids) so the comparison
 * measures response selection, not the scorer.
 *
 * availability = mean over critical services (criticality ≥ 4) of
 * 1 − max(0, P(loss) − P(loss in the quiet city)), with the actions that run
 * automatically: the share of critical service the incident and its
 * mitigation take away, net of the background exposure risk every city has;
 * riskReduction = share of the incident's added compromise (Σ over assets of
 * P(compromise) above the quiet city) that the actions remove.
 */
import type { Projection } from '../graph/projection/index.js';
import type { Evidence } from '../risk/index.js';
import type { ScenarioRun, SimEvent } from '../sim/index.js';
import { createPolicyEngine, type PolicyEvent, type PolicyRule } from '../policy/index.js';
import { candidateKey, createImpactModel, staticBaseline, type ImpactModel, type ImpactSummary, type ResponseAction } from '../response/index.js';
import { decide, type ScoredEvent } from './decide.js';
import type { DecisionRecord } from './decision-record.js';

export interface Mitigation {
  readonly availability: number;
  readonly staticAvailability: number;
  readonly riskReduction: number;
  readonly staticRiskReduction: number;
  /** Availability and risk reduction if every action waiting for approval were approved at once. */
  readonly availabilityIfApproved: number;
  readonly riskReductionIfApproved: number;
  /**
   * Expected impact on every service (Σ P(loss) × criticality × people served,
   * the selector's objective) with our automatic actions and with the static
   * protocol, and before acting.
   */
  readonly impact: number;
  readonly staticImpact: number;
  readonly impactBefore: number;
  /** Availability before any action (the attack alone). */
  readonly baselineAvailability: number;
}

export interface ScenarioDecisions {
  readonly decisions: readonly DecisionRecord[];
  readonly mitigation: Mitigation;
  readonly flagged: readonly string[];
}

export interface DecideForScenarioOptions {
  readonly projection: Projection;
  readonly run: ScenarioRun;
  readonly rules: readonly PolicyRule[];
  readonly actions: ReadonlyMap<string, ResponseAction>;
  readonly versions: { readonly policyBundle: string; readonly model: string; readonly graph: string };
  /** Reuse across runs on one projection (the quiet-city cost model). */
  readonly costModel?: ImpactModel;
  /** Passed to decide (DecideOptions.manualBehindGateway). */
  readonly manualBehindGateway?: boolean;
}

/** A simulator event as policies see it. */
export function policyEventOf(e: SimEvent): PolicyEvent {
  const base = { id: e.id, time: e.time, deviceId: e.deviceId, domain: e.domain, deviceKind: e.kind };
  return e.type === 'security'
    ? { ...base, kind: e.action, count: e.count, ...(e.peer === undefined ? {} : { peer: e.peer }) }
    : { ...base, kind: 'observation', value: e.value };
}

function scoredEvents(run: ScenarioRun): ScoredEvent[] {
  const labels = new Map(run.groundTruth.labels.map((l) => [l.eventId, l]));
  const techniques = new Map(run.groundTruth.stages.map((s) => [s.name, s.techniques]));
  return run.events
    .filter((e) => labels.get(e.id)?.label === 'malicious')
    .map((e) => ({ event: policyEventOf(e), scores: { probability: 0.9 }, techniques: techniques.get(labels.get(e.id)?.stage ?? '') ?? [] }));
}

const reduction = (quiet: number, before: number, after: number): number => (before - quiet <= 0 ? 0 : Math.max(0, 1 - Math.max(0, after - quiet) / (before - quiet)));

function availabilityOf(after: ImpactSummary, quiet: ImpactSummary): number {
  let sum = 0;
  for (const [id, loss] of quiet.criticalLoss) sum += 1 - Math.max(0, (after.criticalLoss.get(id) ?? loss) - loss);
  return quiet.criticalLoss.size === 0 ? 1 : sum / quiet.criticalLoss.size;
}

/** Decides on one scenario run and measures availability and risk reduction against the static baseline. */
export function decideForScenario(options: DecideForScenarioOptions): ScenarioDecisions {
  const { projection, run } = options;
  const events = scoredEvents(run);
  const flagged = [...new Set(events.map((e) => e.event.deviceId))].filter((id) => projection.nodeIndex(id) !== -1);
  const evidence: Evidence[] = flagged.map((node) => ({ node, probability: 0.9 }));
  const costModel = options.costModel ?? createImpactModel({ projection, evidence: [] });
  const engine = createPolicyEngine({ rules: options.rules, context: { projection } });
  const record = decide({ engine, actions: options.actions, events, evidence, costModel, versions: options.versions, incident: { id: `incident-${run.name}`, domains: run.groundTruth.domains }, ...(options.manualBehindGateway === undefined ? {} : { manualBehindGateway: options.manualBehindGateway }) });
  const model = createImpactModel({ projection, evidence, harmGraph: costModel.risk([]).graph });
  const toCandidates = (list: DecisionRecord['chosen']) => list.flatMap((a) => {
    const action = options.actions.get(a.action);
    return action === undefined ? [] : [{ key: candidateKey(a.action, a.target), action, target: a.target, ruleIds: a.ruleIds }];
  });
  const applied = toCandidates(record.chosen);
  const approved = model.evaluate([...applied, ...toCandidates(record.pendingApproval)]);
  const ours = model.evaluate(applied);
  const quiet = costModel.base;
  const isolate = options.actions.get('isolate-device');
  const baseline = isolate === undefined ? model.base : staticBaseline(model, isolate, flagged).after;
  return {
    decisions: [record],
    flagged,
    mitigation: {
      availability: availabilityOf(ours, quiet),
      staticAvailability: availabilityOf(baseline, quiet),
      riskReduction: reduction(quiet.compromiseMass, model.base.compromiseMass, ours.compromiseMass),
      staticRiskReduction: reduction(quiet.compromiseMass, model.base.compromiseMass, baseline.compromiseMass),
      impact: ours.impact,
      staticImpact: baseline.impact,
      impactBefore: model.base.impact,
      availabilityIfApproved: availabilityOf(approved, quiet),
      riskReductionIfApproved: reduction(quiet.compromiseMass, model.base.compromiseMass, approved.compromiseMass),
      baselineAvailability: availabilityOf(model.base, quiet),
    },
  };
}
