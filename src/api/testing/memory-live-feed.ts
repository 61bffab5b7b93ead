import type { DecisionRecord } from '../../decision/index.js';
import type {
  AlertSeverity,
  ApprovalInput,
  ApprovalReceipt,
  FeedbackInput,
  FeedbackReceipt,
  LiveAlert,
  LiveFeed,
  LiveIncident,
  LiveTopics,
  Page,
  PageRequest,
  ServiceRiskCrossing,
} from '../../pipeline/live-feed.js';

const RANK: Readonly<Record<AlertSeverity, number>> = { LOW: 0, MEDIUM: 1, HIGH: 2, CRITICAL: 3 };

/** Newest first, cursor = offset as text; `truncated` when history beyond `capacity` was dropped. */
function pageOf<T extends { readonly time?: string; readonly opened?: string }>(items: readonly T[], request: PageRequest, dropped: boolean): Page<T> {
  const matching = items.filter((item) => request.since === undefined || (item.time ?? item.opened ?? '') >= request.since).reverse();
  const offset = request.after === undefined ? 0 : Number(request.after);
  const slice = matching.slice(offset, offset + request.first);
  const hasNextPage = offset + slice.length < matching.length;
  return { items: slice, totalCount: matching.length, hasNextPage, truncated: dropped, ...(slice.length > 0 ? { endCursor: String(offset + slice.length) } : {}) };
}

/**
 * An in-memory LiveFeed for the API's tests and benchmarks (src/pipeline implements the real one):
 * the test publishes alerts, incidents, decisions and service-risk crossings, and reads back what
 * the API handed to the loop (feedback, approvals, submitted payloads). Bounded like the real
 * history: past `capacity` items the oldest go and pages say `truncated`.
 */
export class MemoryLiveFeed implements LiveFeed {
  readonly feedback: FeedbackInput[] = [];
  readonly approvals: ApprovalInput[] = [];
  readonly submitted: { readonly topic: string; readonly payload: Uint8Array | string }[] = [];
  readonly #alerts: LiveAlert[] = [];
  readonly #incidents: LiveIncident[] = [];
  readonly #handlers: { [K in keyof LiveTopics]: Set<(item: LiveTopics[K]) => void> } = { alert: new Set(), incident: new Set(), decision: new Set(), serviceRisk: new Set() };
  readonly #watches = new Set<{ readonly serviceId: string; readonly threshold: number; readonly handler: (crossing: ServiceRiskCrossing) => void }>();
  readonly #capacity: number;
  #dropped = false;

  constructor(options: { readonly capacity?: number } = {}) {
    this.#capacity = options.capacity ?? 10_000;
  }

  /** Live subscribers of a topic (the tests check that closing a subscription detaches it). */
  listeners(topic: keyof LiveTopics): number {
    return this.#handlers[topic].size + (topic === 'serviceRisk' ? this.#watches.size : 0);
  }

  publishAlert(alert: LiveAlert): void {
    this.#alerts.push(alert);
    if (this.#alerts.length > this.#capacity) {
      this.#alerts.shift();
      this.#dropped = true;
    }
    for (const handler of this.#handlers.alert) handler(alert);
  }

  publishIncident(incident: LiveIncident): void {
    const at = this.#incidents.findIndex((i) => i.id === incident.id);
    if (at >= 0) this.#incidents.splice(at, 1);
    this.#incidents.push(incident);
    for (const handler of this.#handlers.incident) handler(incident);
  }

  publishDecision(record: DecisionRecord): void {
    for (const handler of this.#handlers.decision) handler(record);
  }

  /** Reports a crossing to the watches of that service whose threshold it names. */
  crossServiceRisk(crossing: ServiceRiskCrossing): void {
    for (const watch of this.#watches) if (watch.serviceId === crossing.serviceId && watch.threshold === crossing.threshold) watch.handler(crossing);
  }

  alert(id: string): LiveAlert | undefined {
    return this.#alerts.find((a) => a.id === id);
  }

  alerts(request: PageRequest & { readonly minSeverity?: AlertSeverity }): Page<LiveAlert> {
    const floor = RANK[request.minSeverity ?? 'LOW'];
    return pageOf(this.#alerts.filter((a) => RANK[a.severity] >= floor), request, this.#dropped);
  }

  incident(id: string): LiveIncident | undefined {
    return this.#incidents.find((i) => i.id === id);
  }

  incidents(request: PageRequest): Page<LiveIncident> {
    return pageOf(this.#incidents, request, false);
  }

  subscribe<K extends keyof LiveTopics>(topic: K, handler: (item: LiveTopics[K]) => void): () => void {
    const handlers = this.#handlers[topic] as Set<(item: LiveTopics[K]) => void>;
    handlers.add(handler);
    return () => handlers.delete(handler);
  }

  watchServiceRisk(serviceId: string, threshold: number, handler: (crossing: ServiceRiskCrossing) => void): () => void {
    const watch = { serviceId, threshold, handler };
    this.#watches.add(watch);
    return () => this.#watches.delete(watch);
  }

  giveFeedback(input: FeedbackInput): Promise<FeedbackReceipt> {
    this.feedback.push(input);
    const alert = this.alert(input.alertId);
    const moved = input.verdict === 'FALSE_POSITIVE' && alert !== undefined;
    return Promise.resolve({
      alertId: input.alertId,
      recordedAt: '2026-01-01T00:00:00.000Z',
      ...(moved ? { threshold: { deviceKind: alert.deviceKind, before: 0.5, after: 0.55 } } : {}),
    });
  }

  resolveApproval(input: ApprovalInput): Promise<ApprovalReceipt> {
    this.approvals.push(input);
    return Promise.resolve({ decisionId: input.decisionId, actionKey: input.actionKey, status: input.approve ? 'APPLIED' : 'REJECTED', at: '2026-01-01T00:00:00.000Z' });
  }

  /** Accepts payloads on `civgraph/...` topics; rejects others with CG_PIPELINE_TOPIC_UNKNOWN. */
  submit(payloads: readonly { readonly topic: string; readonly payload: Uint8Array | string }[]): Promise<{ accepted: number; rejected: readonly { readonly index: number; readonly code: string; readonly message: string }[] }> {
    const rejected: { index: number; code: string; message: string }[] = [];
    payloads.forEach((item, index) => {
      if (item.topic.startsWith('civgraph/')) this.submitted.push(item);
      else rejected.push({ index, code: 'CG_PIPELINE_TOPIC_UNKNOWN', message: `no source listens on ${item.topic}` });
    });
    return Promise.resolve({ accepted: payloads.length - rejected.length, rejected });
  }
}
