/**
 * The contract of incident correlation (DESIGN.md §6 "correlation groups
 * events into incidents through the graph (shared supplier, gateway, zone,
 * time window) — the cross-domain detector").
 */

/** A flagged event as correlation sees it. */
export interface CorrelationInput {
  readonly alertId: string;
  readonly deviceId: string;
  readonly domain: string;
  /** ISO-8601 time of the event. */
  readonly time: string;
  readonly probability: number;
}

/** Why two alerts were joined: the graph element they share. */
export interface CorrelationLink {
  readonly kind: 'same-device' | 'shared-gateway' | 'shared-segment' | 'shared-supplier' | 'shared-zone' | 'dependency-path';
  /** The shared node (gateway, segment, supplier, zone) or the path's nodes joined by "→". */
  readonly via: string;
  readonly alertIds: readonly [string, string];
}

export interface CorrelatedIncident {
  /** Stable: derived from the first alert's id, so a replay yields the same ids. */
  readonly id: string;
  readonly opened: string;
  readonly updated: string;
  /**
   * The alert ids the incident carries, oldest first: all of them up to a cap, then the first and the
   * latest ones (the correlator's `keepAlertIds` at each end); `alertCount` says how many it received.
   */
  readonly alertIds: readonly string[];
  /** Every alert the incident received (merged incidents included); more than `alertIds.length` once capped. */
  readonly alertCount?: number;
  readonly deviceIds: readonly string[];
  readonly domains: readonly string[];
  /** Why alerts joined: the first link per (kind, via), up to the correlator's `maxLinks`. */
  readonly links: readonly CorrelationLink[];
  /** Max alert probability combined by noisy-OR across devices. */
  readonly probability: number;
}

export interface CorrelationUpdate {
  readonly incident: CorrelatedIncident;
  /** True when this alert opened the incident. */
  readonly opened: boolean;
  /** Ids of incidents merged into this one by the alert (they no longer exist). */
  readonly merged: readonly string[];
}

/** Groups alerts into incidents within a sliding time window, through the projection. */
export interface IncidentCorrelator {
  add(alert: CorrelationInput): CorrelationUpdate;
  incident(id: string): CorrelatedIncident | undefined;
  /** Open incidents (updated within the window of the latest alert time), newest first. */
  open(): readonly CorrelatedIncident[];
}
