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
  readonly alertIds: readonly string[];
  readonly deviceIds: readonly string[];
  readonly domains: readonly string[];
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
