/**
 * The propagate → policy → decide stages for one incident (DESIGN.md §1):
 * decide when an incident opens or grows (a new device or a new domain), not
 * on every alert. Evidence is the incident's devices at their highest alert
 * probability; the decision is appended to the hash-chained log and handed to
 * the caller to publish.
 */
import { decide, EventEvaluationCache, type DecisionPhase, type DecisionRecord, type ScoredEvent } from '../decision/index.js';
import type { Projection } from '../graph/projection/index.js';
import { createPolicyEngine, type PolicyRule } from '../policy/index.js';
import { createImpactModel, type ImpactModel, type ResponseAction } from '../response/index.js';
import type { Evidence } from '../risk/index.js';
import type { CorrelationUpdate } from '../scoring/index.js';
import type { ChainedJournal } from './chained-journal.js';
import type { PipelineMetrics } from './pipeline-metrics.js';

export interface PolicyBundleInput {
  readonly rules: readonly PolicyRule[];
  readonly actions: ReadonlyMap<string, ResponseAction>;
  readonly version: string;
}

export interface DecideStageOptions {
  readonly projection: Projection;
  readonly bundle: PolicyBundleInput;
  readonly modelVersion: string;
  readonly metrics: PipelineMetrics;
  readonly log?: ChainedJournal<DecisionRecord>;
  readonly approvalThreshold?: number;
  /**
   * Quiet-city impact model shared across decisions on one graph version
   * (built with the stage when absent, so the first decision does not pay for it).
   */
  readonly costModel?: ImpactModel;
  /** Told each decision's phase times (DecideOptions.onPhase; tools/measure-decisions.ts). */
  readonly onDecisionPhase?: (phase: DecisionPhase, ms: number) => void;
  /**
   * Incidents whose devices and domains the stage remembers (to tell growth from repetition), the
   * least recently updated forgotten first; default 10,000, the correlator's `maxRetained`. A
   * forgotten incident that grows again is decided as new. Keeps a long-running loop's memory bounded.
   */
  readonly maxKnownIncidents?: number;
}

export interface AlertRef {
  readonly deviceId: string;
  readonly probability: number;
  readonly scored: ScoredEvent;
}

export interface DecideStage {
  /** The decision for this correlation update, or undefined when the incident neither opened nor grew. */
  onUpdate(update: CorrelationUpdate, alerts: (alertId: string) => AlertRef | undefined, time: string): { record: DecisionRecord; evidence: readonly Evidence[] } | undefined;
  /** P(loss of availability) per service under the evidence (for service-risk watches). */
  serviceLoss(evidence: readonly Evidence[]): ReadonlyMap<string, number>;
  /**
   * Decides with another policy bundle from the next update on (a bundle published through the
   * API); incidents already decided keep their records, and decide again only when they grow.
   */
  useBundle(bundle: PolicyBundleInput): void;
  /** The version of the bundle in force. */
  readonly bundleVersion: string;
}

interface Known {
  readonly devices: Set<string>;
  readonly domains: Set<string>;
}

function grew(known: Known | undefined, deviceIds: readonly string[], domains: readonly string[]): boolean {
  if (known === undefined) return true;
  return deviceIds.some((d) => !known.devices.has(d)) || domains.some((d) => !known.domains.has(d));
}

function evidenceOf(alertIds: readonly string[], alerts: (id: string) => AlertRef | undefined, projection: Projection): { events: ScoredEvent[]; evidence: Evidence[] } {
  const events: ScoredEvent[] = [];
  const best = new Map<string, number>();
  for (const id of alertIds) {
    const a = alerts(id);
    if (a === undefined) continue;
    events.push(a.scored);
    if (projection.nodeIndex(a.deviceId) !== -1) best.set(a.deviceId, Math.max(best.get(a.deviceId) ?? 0, a.probability));
  }
  return { events, evidence: [...best].map(([node, probability]) => ({ node, probability })) };
}

/** Creates the decide stage over one projection and policy bundle. */
export function createDecideStage(options: DecideStageOptions): DecideStage {
  const { projection, metrics } = options;
  let bundle = options.bundle;
  let engine = createPolicyEngine({ rules: bundle.rules, context: { projection } });
  const known = new Map<string, Known>();
  const maxKnown = options.maxKnownIncidents ?? 10_000;
  // Graph-version data, built when the loop starts rather than on the first alert's decision.
  const costModel: ImpactModel = options.costModel ?? createImpactModel({ projection, evidence: [] });
  const evaluations = new EventEvaluationCache();
  // The last decision's incident model: a service-risk watch asks for the same evidence right after.
  let last: { readonly evidence: readonly Evidence[]; readonly model: ImpactModel } | undefined;
  const modelOf = (evidence: readonly Evidence[]): ImpactModel =>
    last?.evidence === evidence ? last.model : createImpactModel({ projection, evidence, harmGraph: costModel.risk([]).graph });

  function remember(update: CorrelationUpdate): boolean {
    const { incident } = update;
    const before = known.get(incident.id);
    const union: Known = { devices: new Set(before?.devices), domains: new Set(before?.domains) };
    for (const id of update.merged) {
      const m = known.get(id);
      m?.devices.forEach((d) => union.devices.add(d));
      m?.domains.forEach((d) => union.domains.add(d));
      known.delete(id);
      evaluations.forget(id);
    }
    const changed = update.opened || grew(before === undefined && update.merged.length === 0 ? undefined : union, incident.deviceIds, incident.domains);
    incident.deviceIds.forEach((d) => union.devices.add(d));
    incident.domains.forEach((d) => union.domains.add(d));
    // Re-inserted last: the Map's order is least recently updated first.
    known.delete(incident.id);
    known.set(incident.id, union);
    if (known.size > maxKnown) {
      const oldest = known.keys().next().value as string;
      known.delete(oldest);
      evaluations.forget(oldest);
    }
    return changed;
  }

  return {
    useBundle(next) {
      engine = createPolicyEngine({ rules: next.rules, context: { projection } });
      bundle = next;
    },
    get bundleVersion() {
      return bundle.version;
    },
    onUpdate(update, alerts, time) {
      if (!remember(update)) return undefined;
      const started = performance.now();
      const { events, evidence } = evidenceOf(update.incident.alertIds, alerts, projection);
      // The incident's propagation (its impact model's base) is the propagate stage's work.
      const model = modelOf(evidence);
      last = { evidence, model };
      const propagated = performance.now();
      metrics.observe('propagate', propagated - started);
      const record = decide({
        engine, actions: bundle.actions, events, evidence, costModel, model, time, evaluationCache: evaluations,
        incident: { id: update.incident.id, domains: update.incident.domains },
        versions: { policyBundle: bundle.version, model: options.modelVersion, graph: String(projection.version) },
        ...(options.approvalThreshold === undefined ? {} : { approvalThreshold: options.approvalThreshold }),
        ...(options.onDecisionPhase === undefined ? {} : { onPhase: options.onDecisionPhase }),
      });
      const decided = performance.now();
      metrics.observe('policy', decided - propagated);
      options.log?.append(record);
      metrics.observe('decide', performance.now() - decided);
      metrics.count('decided');
      return { record, evidence };
    },
    serviceLoss(evidence) {
      return modelOf(evidence).base.serviceLoss;
    },
  };
}
