import type { CorrelatedIncident, CorrelationInput, CorrelationLink } from './types.js';

/**
 * One incident while the correlator holds it. A merged incident points at
 * its survivor (`mergedInto`), as in a union–find forest, so index entries
 * that still name it resolve in O(α) without being rewritten.
 */
export interface IncidentState {
  readonly id: string;
  openedMs: number;
  opened: string;
  updatedMs: number;
  updated: string;
  readonly alertIds: string[];
  readonly devices: Map<string, number>;
  readonly domains: Set<string>;
  readonly links: CorrelationLink[];
  mergedInto: IncidentState | undefined;
  snapshot: CorrelatedIncident | undefined;
}

/** The id of an incident opened by an alert: derived from the alert id, so a replay gives the same ids. */
export function incidentIdOf(alertId: string): string {
  return `incident-${alertId}`;
}

export function openIncident(alert: CorrelationInput, timeMs: number): IncidentState {
  return {
    id: incidentIdOf(alert.alertId),
    openedMs: timeMs,
    opened: alert.time,
    updatedMs: timeMs,
    updated: alert.time,
    alertIds: [],
    devices: new Map(),
    domains: new Set(),
    links: [],
    mergedInto: undefined,
    snapshot: undefined,
  };
}

/** Follows merge pointers to the live incident, compressing the path. */
export function resolveIncident(incident: IncidentState): IncidentState {
  let root = incident;
  while (root.mergedInto !== undefined) root = root.mergedInto;
  let step = incident;
  while (step.mergedInto !== undefined && step.mergedInto !== root) {
    const next: IncidentState = step.mergedInto;
    step.mergedInto = root;
    step = next;
  }
  return root;
}

/** Older incident first (opened time, then id), so the survivor of a merge does not depend on arrival order of ties. */
export function compareIncidents(a: IncidentState, b: IncidentState): number {
  if (a.openedMs !== b.openedMs) return a.openedMs - b.openedMs;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function addAlert(incident: IncidentState, alert: CorrelationInput, timeMs: number): void {
  incident.alertIds.push(alert.alertId);
  incident.devices.set(alert.deviceId, Math.max(incident.devices.get(alert.deviceId) ?? 0, alert.probability));
  incident.domains.add(alert.domain);
  if (timeMs >= incident.updatedMs) {
    incident.updatedMs = timeMs;
    incident.updated = alert.time;
  }
  if (timeMs < incident.openedMs) {
    incident.openedMs = timeMs;
    incident.opened = alert.time;
  }
  incident.snapshot = undefined;
}

/** Moves everything of `absorbed` into `survivor` and points `absorbed` at it. */
export function mergeInto(survivor: IncidentState, absorbed: IncidentState): void {
  survivor.alertIds.push(...absorbed.alertIds);
  for (const [device, p] of absorbed.devices) survivor.devices.set(device, Math.max(survivor.devices.get(device) ?? 0, p));
  for (const domain of absorbed.domains) survivor.domains.add(domain);
  survivor.links.push(...absorbed.links);
  if (absorbed.openedMs < survivor.openedMs) {
    survivor.openedMs = absorbed.openedMs;
    survivor.opened = absorbed.opened;
  }
  if (absorbed.updatedMs > survivor.updatedMs) {
    survivor.updatedMs = absorbed.updatedMs;
    survivor.updated = absorbed.updated;
  }
  absorbed.mergedInto = survivor;
  absorbed.snapshot = undefined;
  survivor.snapshot = undefined;
}

/**
 * Noisy-OR over devices of each device's highest alert probability:
 * 1 − Π_d (1 − max p_d). Repeated alerts on one device do not inflate it.
 */
function noisyOr(devices: ReadonlyMap<string, number>): number {
  let none = 1;
  for (const p of devices.values()) none *= 1 - Math.min(1, Math.max(0, p));
  return 1 - none;
}

/** An immutable copy of the incident, cached until the incident changes. */
export function snapshotOf(incident: IncidentState): CorrelatedIncident {
  if (incident.snapshot !== undefined) return incident.snapshot;
  const snapshot: CorrelatedIncident = Object.freeze({
    id: incident.id,
    opened: incident.opened,
    updated: incident.updated,
    alertIds: Object.freeze([...incident.alertIds]),
    deviceIds: Object.freeze([...incident.devices.keys()].sort()),
    domains: Object.freeze([...incident.domains].sort()),
    links: Object.freeze([...incident.links]),
    probability: noisyOr(incident.devices),
  });
  incident.snapshot = snapshot;
  return snapshot;
}
