/**
 * The contract between the live loop (src/pipeline) and the API (src/api):
 * what the loop has seen and decided, queries over it, subscriptions to it,
 * and the analyst's side of the loop (feedback, approvals). DESIGN.md §1, §9.
 */
import type { DecisionRecord } from '../decision/index.js';
import type { CorrelatedIncident, LiveContribution } from '../scoring/index.js';

export type AlertSeverity = 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';

export interface LiveAlert {
  readonly id: string;
  readonly eventId: string;
  readonly time: string;
  readonly deviceId: string;
  readonly deviceKind: string;
  readonly domain: string;
  readonly severity: AlertSeverity;
  readonly score: number;
  readonly probability: number;
  readonly contributions: readonly LiveContribution[];
  readonly explanation: string;
  readonly incidentId: string;
  readonly modelVersion: string;
}

export interface LiveIncident extends CorrelatedIncident {
  readonly severity: AlertSeverity;
  readonly decisionIds: readonly string[];
}

export type FeedbackVerdict = 'TRUE_POSITIVE' | 'FALSE_POSITIVE' | 'BENIGN';

export interface FeedbackInput {
  readonly alertId: string;
  readonly verdict: FeedbackVerdict;
  readonly comment?: string;
  /** Who gave it (the API's authenticated subject). */
  readonly analyst: string;
}

export interface FeedbackReceipt {
  readonly alertId: string;
  readonly recordedAt: string;
  /** The device class whose threshold moved, and to what (absent when nothing moved). */
  readonly threshold?: { readonly deviceKind: string; readonly before: number; readonly after: number };
}

export interface ApprovalInput {
  readonly decisionId: string;
  /** The action's candidate key (`action@target`) as in `DecisionRecord.pendingApproval[].key`. */
  readonly actionKey: string;
  readonly approve: boolean;
  readonly actor: string;
  readonly comment?: string;
}

export interface ApprovalReceipt {
  readonly decisionId: string;
  readonly actionKey: string;
  readonly status: 'APPLIED' | 'REJECTED';
  readonly at: string;
}

export interface ServiceRiskCrossing {
  readonly serviceId: string;
  readonly risk: number;
  readonly threshold: number;
  readonly rising: boolean;
  readonly time: string;
}

export interface PageRequest {
  readonly first: number;
  /** Opaque cursor from a previous page. */
  readonly after?: string;
  /** ISO-8601 lower bound on time. */
  readonly since?: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly totalCount: number;
  readonly endCursor?: string;
  readonly hasNextPage: boolean;
  /** True when older items were dropped from the bounded in-memory history. */
  readonly truncated: boolean;
}

export interface LiveTopics {
  alert: LiveAlert;
  incident: LiveIncident;
  decision: DecisionRecord;
  serviceRisk: ServiceRiskCrossing;
}

/** What the API reads from and writes to the running loop. */
export interface LiveFeed {
  alert(id: string): LiveAlert | undefined;
  alerts(request: PageRequest & { readonly minSeverity?: AlertSeverity }): Page<LiveAlert>;
  incident(id: string): LiveIncident | undefined;
  incidents(request: PageRequest): Page<LiveIncident>;
  /** Calls `handler` for every new item of the topic until the returned function is called. */
  subscribe<K extends keyof LiveTopics>(topic: K, handler: (item: LiveTopics[K]) => void): () => void;
  /** Watches one service's risk against a threshold; crossings go to the `serviceRisk` topic of this watch only. */
  watchServiceRisk(serviceId: string, threshold: number, handler: (crossing: ServiceRiskCrossing) => void): () => void;
  giveFeedback(input: FeedbackInput): Promise<FeedbackReceipt>;
  resolveApproval(input: ApprovalInput): Promise<ApprovalReceipt>;
  /**
   * Submits raw payloads (the HTTP ingest endpoint); resolves once the accepted events are stored
   * (their scoring and decisions ran on acceptance, before), or rejects with CG_PIPELINE_STORE_PENDING
   * when the store does not commit them in time.
   */
  submit(payloads: readonly { readonly topic: string; readonly payload: Uint8Array | string }[]): Promise<{ accepted: number; rejected: readonly { readonly index: number; readonly code: string; readonly message: string }[] }>;
}
