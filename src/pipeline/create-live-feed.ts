/**
 * The LiveFeed (live-feed.ts) over a running loop: queries on its bounded
 * history, subscriptions, analysts' feedback (threshold recalibration per
 * device class through LiveScorer.setThreshold), approvals of pending actions,
 * and HTTP ingest through the same ingestor as MQTT.
 */
import { EngineError } from '../core/index.js';
import { recalibrateThreshold, trainsThreshold, type DecisionRecord, type FeedbackRecord, type RecalibrationOptions } from '../decision/index.js';
import type { ChainedJournal } from './chained-journal.js';
import type { Ingestor } from './ingestor.js';
import type { AlertSeverity, ApprovalInput, ApprovalReceipt, FeedbackInput, FeedbackReceipt, LiveFeed } from './live-feed.js';
import type { LiveLoop } from './live-loop.js';

/** A resolved approval as journalled and published on the action topic. */
export interface ApprovalRecord {
  readonly type: 'approval';
  readonly decisionId: string;
  readonly actionKey: string;
  readonly action: string;
  readonly target: string;
  readonly status: ApprovalReceipt['status'];
  readonly actor: string;
  readonly comment?: string;
  readonly at: string;
}

export interface LiveFeedOptions {
  readonly loop: LiveLoop;
  readonly ingestor: Ingestor;
  /** Hash-chained journal of feedback and approvals. */
  readonly journal?: ChainedJournal<FeedbackRecord | ApprovalRecord>;
  readonly recalibration?: RecalibrationOptions;
  /** Told about an applied action (the worker publishes it on `civgraph/actions/<decision>`). */
  readonly onAction?: (record: ApprovalRecord) => void;
  /** ISO time of now (tests pass a fixed clock). */
  readonly now?: () => string;
  /**
   * A decision outside the loop's history (an earlier run's, or the batch demo's, in the same
   * decision log), so an action held before a restart can still be approved (restore-loop-state.ts).
   */
  readonly findDecision?: (id: string) => DecisionRecord | undefined;
  /** Approvals and rejections given before a restart: none is given twice. */
  readonly resolvedApprovals?: readonly ApprovalRecord[];
  /** How long `submit` waits for the store to commit what it accepted (default 10,000 ms). */
  readonly storeWaitMs?: number;
}

const RANK: Readonly<Record<AlertSeverity, number>> = { LOW: 0, MEDIUM: 1, HIGH: 2, CRITICAL: 3 };

/** Builds the feed the API reads (src/api `createApiServer({ live })`). */
export function createLiveFeed(options: LiveFeedOptions): LiveFeed {
  const { loop, ingestor } = options;
  const now = options.now ?? (() => new Date().toISOString());
  const resolved = new Map<string, ApprovalReceipt>(
    (options.resolvedApprovals ?? []).map((r) => [`${r.decisionId}|${r.actionKey}`, { decisionId: r.decisionId, actionKey: r.actionKey, status: r.status, at: r.at }]),
  );

  async function giveFeedback(input: FeedbackInput): Promise<FeedbackReceipt> {
    const alert = loop.alerts.get(input.alertId);
    if (alert === undefined) throw new EngineError('CG_PIPELINE_ALERT_UNKNOWN', `no alert ${input.alertId} in the live history`, { details: { alertId: input.alertId } });
    const recordedAt = now();
    const before = loop.scorer.threshold(alert.deviceKind);
    const after = trainsThreshold(input.verdict) ? loop.scorer.setThreshold(alert.deviceKind, recalibrateThreshold(before, input.verdict, options.recalibration)) : before;
    const moved = after !== before;
    const record: FeedbackRecord = {
      type: 'feedback', alertId: alert.id, eventId: alert.eventId, deviceKind: alert.deviceKind, verdict: input.verdict, analyst: input.analyst,
      ...(input.comment === undefined ? {} : { comment: input.comment }), recordedAt, ...(moved ? { threshold: { before, after } } : {}),
    };
    options.journal?.append(record);
    return { alertId: alert.id, recordedAt, ...(moved ? { threshold: { deviceKind: alert.deviceKind, before, after } } : {}) };
  }

  async function resolveApproval(input: ApprovalInput): Promise<ApprovalReceipt> {
    const decision = loop.decisions.get(input.decisionId) ?? options.findDecision?.(input.decisionId);
    if (decision === undefined) throw new EngineError('CG_PIPELINE_DECISION_UNKNOWN', `no decision ${input.decisionId} in the live history or the decision log`, { details: { decisionId: input.decisionId } });
    const pending = decision.pendingApproval.find((a) => a.key === input.actionKey);
    if (pending === undefined) {
      throw new EngineError('CG_PIPELINE_APPROVAL_UNKNOWN', `decision ${input.decisionId} has no action ${input.actionKey} waiting for approval`, { details: { decisionId: input.decisionId, actionKey: input.actionKey, pending: decision.pendingApproval.map((a) => a.key) } });
    }
    const key = `${input.decisionId}|${input.actionKey}`;
    const earlier = resolved.get(key);
    if (earlier !== undefined) throw new EngineError('CG_PIPELINE_APPROVAL_RESOLVED', `action ${input.actionKey} of ${input.decisionId} was already ${earlier.status.toLowerCase()} at ${earlier.at}`, { details: { ...earlier } });
    const receipt: ApprovalReceipt = { decisionId: input.decisionId, actionKey: input.actionKey, status: input.approve ? 'APPLIED' : 'REJECTED', at: now() };
    resolved.set(key, receipt);
    const record: ApprovalRecord = { type: 'approval', ...receipt, action: pending.action, target: pending.target, actor: input.actor, ...(input.comment === undefined ? {} : { comment: input.comment }) };
    options.journal?.append(record);
    if (input.approve) options.onAction?.(record);
    return receipt;
  }

  return {
    alert: (id) => loop.alerts.get(id),
    alerts: (request) => loop.alerts.page(request, (a) => request.minSeverity === undefined || RANK[a.severity] >= RANK[request.minSeverity], (a) => a.time),
    incident: (id) => loop.incidents.get(id),
    incidents: (request) => loop.incidents.page(request, () => true, (i) => i.updated),
    subscribe: (topic, handler) => loop.subscribe(topic, handler),
    watchServiceRisk: (serviceId, threshold, handler) => loop.watchServiceRisk(serviceId, threshold, handler),
    giveFeedback,
    resolveApproval,
    async submit(payloads) {
      let accepted = 0;
      const rejected: { index: number; code: string; message: string }[] = [];
      for (const [index, { topic, payload }] of payloads.entries()) {
        const r = ingestor.accept(topic, payload, `http-${index}`);
        const letters = r.deadLetters ?? (r.deadLetter === undefined ? [] : [r.deadLetter]);
        for (const letter of letters) rejected.push({ index, code: letter.diagnostic.code, message: letter.diagnostic.message });
        accepted += r.accepted + r.duplicates;
        if (r.wait !== undefined) await r.wait;
      }
      // 202 means stored, as the MQTT worker's PUBACK does (README "Guarantees"); scoring and decisions already ran.
      if (loop.durability !== undefined) await storedWithin(loop.durability.stored(), options.storeWaitMs ?? 10_000, accepted);
      return { accepted, rejected };
    },
  };
}

/** Waits for the store's commit, or refuses with CG_PIPELINE_STORE_PENDING (HTTP 503) after `ms`: the events stay queued and retried. */
async function storedWithin(stored: Promise<void>, ms: number, accepted: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new EngineError('CG_PIPELINE_STORE_PENDING', `the ${accepted} accepted event(s) were processed but not stored within ${ms} ms; resubmit them later (duplicates are dropped by event id)`, { details: { accepted, waitedMs: ms } })), ms);
  });
  try {
    await Promise.race([stored, late]);
  } finally {
    clearTimeout(timer);
  }
}
