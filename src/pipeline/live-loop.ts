/**
 * The live closed loop for one event stream (DESIGN.md §1):
 *
 *   map → store (micro-batched) → score → [quiet: stop] → correlate
 *       → propagate → policy → decide (incident opened or grew) → publish
 *
 * `process` runs every stage but the store write synchronously, in arrival
 * order, so the same event order yields the same alerts, incidents and
 * decisions whichever way the events came (batch, MQTT, HTTP). Events derived
 * from our own decisions are stored and never scored (loop guard).
 */
import type { DecisionPhase, DecisionRecord, ScoredEvent } from '../decision/index.js';
import { policyEventOf } from '../decision/index.js';
import type { Projection } from '../graph/projection/index.js';
import type { ImpactModel } from '../response/index.js';
import type { IncidentCorrelator, LiveScore, LiveScorer } from '../scoring/index.js';
import type { ChainedJournal } from './chained-journal.js';
import { createBoundedHistory, type BoundedHistory } from './bounded-history.js';
import { createDecideStage, type AlertRef, type PolicyBundleInput } from './decide-stage.js';
import type { AlertSeverity, LiveAlert, LiveIncident, LiveTopics, ServiceRiskCrossing } from './live-feed.js';
import type { LiveEvent } from './live-event.js';
import { createPipelineMetrics, type PipelineMetrics } from './pipeline-metrics.js';
import type { StoreDurability, StoreStage } from './store-stage.js';

export interface LiveLoopOptions {
  readonly projection: Projection;
  readonly scorer: LiveScorer;
  readonly correlator: IncidentCorrelator;
  readonly bundle: PolicyBundleInput;
  /** Micro-batched store writes; without one the loop keeps events in memory only. */
  readonly store?: StoreStage;
  /** Hash-chained decision log (`civgraph audit verify` reads it). */
  readonly decisionLog?: ChainedJournal<DecisionRecord>;
  readonly costModel?: ImpactModel;
  readonly approvalThreshold?: number;
  /** Alerts, incidents and decisions kept for queries (default 10,000 each). */
  readonly historySize?: number;
  readonly metrics?: PipelineMetrics;
  /** Told each decision's phase times (DecideOptions.onPhase): the latency driver's probe. */
  readonly onDecisionPhase?: (phase: DecisionPhase, ms: number) => void;
}

export type LoopOutcome = 'loop-guarded' | 'quiet' | 'alert' | 'decided';

export interface ProcessResult {
  readonly outcome: LoopOutcome;
  /** Set when the store is behind: wait for it before taking the next event (back-pressure). */
  readonly wait?: Promise<void>;
  readonly decision?: DecisionRecord;
}

interface ServiceWatch {
  readonly serviceId: string;
  readonly threshold: number;
  readonly handler: (crossing: ServiceRiskCrossing) => void;
  above: boolean;
}

export interface LiveLoop {
  process(live: LiveEvent): ProcessResult;
  readonly metrics: PipelineMetrics;
  readonly scorer: LiveScorer;
  readonly alerts: BoundedHistory<LiveAlert>;
  readonly incidents: BoundedHistory<LiveIncident>;
  readonly decisions: BoundedHistory<DecisionRecord>;
  /** Calls `handler` for every new alert, incident update or decision until the returned function is called. */
  subscribe<K extends keyof LiveTopics>(topic: K, handler: (item: LiveTopics[K]) => void): () => void;
  watchServiceRisk(serviceId: string, threshold: number, handler: (crossing: ServiceRiskCrossing) => void): () => void;
  /** Waits until every stored event is durable. */
  flush(): Promise<void>;
  /**
   * The store stage's commit watermark, for callers that acknowledge only durable events
   * (the MQTT worker, HTTP submit); absent when the loop keeps events in memory only.
   */
  readonly durability?: StoreDurability;
  /** Decides with this policy bundle from the next event on (see DecideStage.useBundle). */
  useBundle(bundle: PolicyBundleInput): void;
}

const SEVERITY_FLOORS: readonly [number, AlertSeverity][] = [[0.9, 'CRITICAL'], [0.75, 'HIGH'], [0.5, 'MEDIUM']];

/** Alert severity from the calibrated probability. */
export function severityOf(probability: number): AlertSeverity {
  return SEVERITY_FLOORS.find(([floor]) => probability >= floor)?.[1] ?? 'LOW';
}

function createTopics(): { emit<K extends keyof LiveTopics>(topic: K, item: LiveTopics[K]): void; on<K extends keyof LiveTopics>(topic: K, handler: (item: LiveTopics[K]) => void): () => void } {
  const handlers = new Map<keyof LiveTopics, Set<(item: never) => void>>();
  return {
    emit(topic, item) {
      for (const h of handlers.get(topic) ?? []) (h as (i: typeof item) => void)(item);
    },
    on(topic, handler) {
      const set = handlers.get(topic) ?? new Set();
      handlers.set(topic, set);
      set.add(handler as (item: never) => void);
      return () => set.delete(handler as (item: never) => void);
    },
  };
}

function alertOf(live: LiveEvent, score: LiveScore, incidentId: string, modelVersion: string): LiveAlert {
  const e = live.event;
  return {
    id: `alert-${e.id}`, eventId: e.id, time: e.time, deviceId: e.deviceId, deviceKind: e.kind, domain: e.domain,
    severity: severityOf(score.probability), score: score.score, probability: score.probability,
    contributions: score.contributions, explanation: score.explanation, incidentId, modelVersion,
  };
}

function scoredEventOf(live: LiveEvent, score: LiveScore): ScoredEvent {
  const contributions = Object.fromEntries(score.contributions.map((c) => [c.feature, c.value]));
  return { event: policyEventOf(live.event), scores: { probability: score.probability, anomaly: score.score, contributions }, ...(live.techniques === undefined ? {} : { techniques: live.techniques }) };
}

/** Results without a wait or a decision, shared: most events end quiet, and this is per event. */
const PLAIN: Readonly<Record<LoopOutcome, ProcessResult>> = Object.freeze({
  'loop-guarded': Object.freeze({ outcome: 'loop-guarded' }), quiet: Object.freeze({ outcome: 'quiet' }), alert: Object.freeze({ outcome: 'alert' }), decided: Object.freeze({ outcome: 'decided' }),
});

function resultOf(outcome: LoopOutcome, wait: Promise<void> | undefined, decision?: DecisionRecord): ProcessResult {
  if (wait === undefined && decision === undefined) return PLAIN[outcome];
  return { outcome, ...(wait === undefined ? {} : { wait }), ...(decision === undefined ? {} : { decision }) };
}

/** Creates the loop; nothing runs until `process` is called. */
export function createLiveLoop(options: LiveLoopOptions): LiveLoop {
  const metrics = options.metrics ?? createPipelineMetrics();
  const size = options.historySize ?? 10_000;
  const alerts = createBoundedHistory<LiveAlert>(size);
  const refs = createBoundedHistory<AlertRef>(size);
  const incidents = createBoundedHistory<LiveIncident>(size);
  const decisions = createBoundedHistory<DecisionRecord>(size);
  const topics = createTopics();
  const watches = new Set<ServiceWatch>();
  const stage = createDecideStage({
    projection: options.projection, bundle: options.bundle, modelVersion: options.scorer.version, metrics,
    ...(options.decisionLog === undefined ? {} : { log: options.decisionLog }),
    ...(options.costModel === undefined ? {} : { costModel: options.costModel }),
    ...(options.approvalThreshold === undefined ? {} : { approvalThreshold: options.approvalThreshold }),
    ...(options.onDecisionPhase === undefined ? {} : { onDecisionPhase: options.onDecisionPhase }),
  });

  function checkWatches(evidence: Parameters<typeof stage.serviceLoss>[0], time: string): void {
    if (watches.size === 0) return;
    const loss = stage.serviceLoss(evidence);
    for (const w of watches) {
      const risk = loss.get(w.serviceId) ?? 0;
      const above = risk >= w.threshold;
      if (above === w.above) continue;
      w.above = above;
      w.handler({ serviceId: w.serviceId, risk, threshold: w.threshold, rising: above, time });
    }
  }

  function correlate(live: LiveEvent, score: LiveScore): DecisionRecord | undefined {
    const e = live.event;
    const started = performance.now();
    const alertId = `alert-${e.id}`;
    const update = options.correlator.add({ alertId, deviceId: e.deviceId, domain: e.domain, time: e.time, probability: score.probability });
    metrics.observe('correlate', performance.now() - started);
    const alert = alertOf(live, score, update.incident.id, options.scorer.version);
    alerts.put(alert.id, alert);
    refs.put(alertId, { deviceId: e.deviceId, probability: score.probability, scored: scoredEventOf(live, score) });
    for (const id of update.merged) incidents.delete(id);
    const decided = stage.onUpdate(update, (id) => refs.get(id), e.time);
    const previous = incidents.get(update.incident.id)?.decisionIds ?? [];
    const severity = severityOf(update.incident.probability);
    const incident: LiveIncident = { ...update.incident, severity, decisionIds: decided === undefined ? previous : [...previous, decided.record.id] };
    incidents.put(incident.id, incident);
    const publishing = performance.now();
    topics.emit('alert', alert);
    topics.emit('incident', incident);
    if (decided !== undefined) {
      decisions.put(decided.record.id, decided.record);
      topics.emit('decision', decided.record);
      checkWatches(decided.evidence, e.time);
    }
    metrics.observe('publish', performance.now() - publishing);
    return decided?.record;
  }

  return {
    metrics, scorer: options.scorer, alerts, incidents, decisions,
    process(live) {
      const started = performance.now();
      const wait = options.store?.add(live);
      const stored = performance.now();
      metrics.observe('store', stored - started);
      if (live.derivedFromDecision !== undefined) {
        metrics.count('loop_guarded');
        return resultOf('loop-guarded', wait);
      }
      const score = options.scorer.score(live.event);
      metrics.observe('score', performance.now() - stored);
      if (!score.flagged) {
        metrics.count('quiet');
        return resultOf('quiet', wait);
      }
      metrics.count('flagged');
      const decision = correlate(live, score);
      return resultOf(decision === undefined ? 'alert' : 'decided', wait, decision);
    },
    subscribe: (topic, handler) => topics.on(topic, handler),
    watchServiceRisk(serviceId, threshold, handler) {
      const watch: ServiceWatch = { serviceId, threshold, handler, above: false };
      watches.add(watch);
      return () => watches.delete(watch);
    },
    flush: async () => options.store?.flush(),
    ...(options.store === undefined ? {} : { durability: options.store }),
    useBundle: (bundle) => stage.useBundle(bundle),
  };
}
