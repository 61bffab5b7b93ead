import type { CorrelatedIncident, CorrelationInput, CorrelationLink } from './types.js';

/** What one incident carries at most (bounded state for a never-ending incident). */
export interface IncidentCaps {
  /** Alert ids kept at each end: the first `keepAlertIds` and the latest `keepAlertIds`. */
  readonly keepAlertIds: number;
  /** Links kept, the first per (kind, via). */
  readonly maxLinks: number;
}

/**
 * One incident while the correlator holds it. A merged incident points at
 * its survivor (`mergedInto`), as in a union–find forest, so index entries
 * that still name it resolve in O(α) without being rewritten.
 *
 * Bounded: the first and the latest `caps.keepAlertIds` alert ids (the tail
 * is trimmed once it doubles, so appends are amortised O(1)), `alertCount`
 * of all, and at most `caps.maxLinks` links, the first per (kind, via). The
 * snapshot's device, domain and link lists are frozen arrays shared between
 * snapshots and rebuilt only when a device, domain or link joins.
 */
export interface IncidentState {
  readonly id: string;
  readonly caps: IncidentCaps;
  openedMs: number;
  opened: string;
  updatedMs: number;
  updated: string;
  readonly alertHead: string[];
  alertTail: string[];
  alertCount: number;
  readonly devices: Map<string, number>;
  readonly domains: Set<string>;
  readonly links: CorrelationLink[];
  readonly linkKeys: Set<string>;
  /** Frozen lists shared by snapshots; undefined after the underlying set changed. */
  deviceList: readonly string[] | undefined;
  domainList: readonly string[] | undefined;
  linkList: readonly CorrelationLink[] | undefined;
  headList: readonly string[] | undefined;
  probability: number | undefined;
  mergedInto: IncidentState | undefined;
  snapshot: CorrelatedIncident | undefined;
}

/** The id of an incident opened by an alert: derived from the alert id, so a replay gives the same ids. */
export function incidentIdOf(alertId: string): string {
  return `incident-${alertId}`;
}

export function openIncident(alert: CorrelationInput, timeMs: number, caps: IncidentCaps): IncidentState {
  return {
    id: incidentIdOf(alert.alertId),
    caps,
    openedMs: timeMs,
    opened: alert.time,
    updatedMs: timeMs,
    updated: alert.time,
    alertHead: [],
    alertTail: [],
    alertCount: 0,
    devices: new Map(),
    domains: new Set(),
    links: [],
    linkKeys: new Set(),
    deviceList: undefined,
    domainList: undefined,
    linkList: undefined,
    headList: undefined,
    probability: undefined,
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

/** Keeps an alert id: into the head until it is full, else the tail (trimmed to the latest `keep` once it holds 2·keep). */
function keepAlertId(incident: IncidentState, alertId: string): void {
  const keep = incident.caps.keepAlertIds;
  if (incident.alertHead.length < keep) {
    incident.alertHead.push(alertId);
    incident.headList = undefined;
    return;
  }
  incident.alertTail.push(alertId);
  if (incident.alertTail.length >= 2 * keep) incident.alertTail = incident.alertTail.slice(-keep);
}

/** The alert ids an incident still carries, oldest first (at most 2·keepAlertIds). */
function keptAlertIds(incident: IncidentState): string[] {
  return [...incident.alertHead, ...incident.alertTail.slice(-incident.caps.keepAlertIds)];
}

/** Adds a link unless one of its (kind, via) is already kept or `maxLinks` are. */
export function addLink(incident: IncidentState, link: CorrelationLink): void {
  const key = `${link.kind}|${link.via}`;
  if (incident.linkKeys.has(key) || incident.links.length >= incident.caps.maxLinks) return;
  incident.linkKeys.add(key);
  incident.links.push(link);
  incident.linkList = undefined;
  incident.snapshot = undefined;
}

function raiseDevice(incident: IncidentState, deviceId: string, probability: number): void {
  const before = incident.devices.get(deviceId);
  if (before === undefined) incident.deviceList = undefined;
  if (before === undefined || probability > before) {
    incident.devices.set(deviceId, Math.max(before ?? 0, probability));
    incident.probability = undefined;
  }
}

function addDomain(incident: IncidentState, domain: string): void {
  if (incident.domains.has(domain)) return;
  incident.domains.add(domain);
  incident.domainList = undefined;
}

function widenTimes(incident: IncidentState, openedMs: number, opened: string, updatedMs: number, updated: string): void {
  if (updatedMs >= incident.updatedMs) {
    incident.updatedMs = updatedMs;
    incident.updated = updated;
  }
  if (openedMs < incident.openedMs) {
    incident.openedMs = openedMs;
    incident.opened = opened;
  }
}

/** Adds one alert: amortised O(1) in the incident's size (O(D) only when a new device joins, for its sorted list). */
export function addAlert(incident: IncidentState, alert: CorrelationInput, timeMs: number): void {
  keepAlertId(incident, alert.alertId);
  incident.alertCount += 1;
  raiseDevice(incident, alert.deviceId, alert.probability);
  addDomain(incident, alert.domain);
  widenTimes(incident, timeMs, alert.time, timeMs, alert.time);
  incident.snapshot = undefined;
}

/** Moves what `absorbed` carries into `survivor` (its kept alert ids after the survivor's) and points `absorbed` at it. */
export function mergeInto(survivor: IncidentState, absorbed: IncidentState): void {
  for (const id of keptAlertIds(absorbed)) keepAlertId(survivor, id);
  survivor.alertCount += absorbed.alertCount;
  for (const [device, p] of absorbed.devices) raiseDevice(survivor, device, p);
  for (const domain of absorbed.domains) addDomain(survivor, domain);
  for (const link of absorbed.links) addLink(survivor, link);
  widenTimes(survivor, absorbed.openedMs, absorbed.opened, absorbed.updatedMs, absorbed.updated);
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

/** The alert ids of a snapshot: the frozen head is shared once full; at most keepAlertIds ids are copied per add. */
function alertIdsOf(incident: IncidentState): readonly string[] {
  incident.headList ??= Object.freeze([...incident.alertHead]);
  if (incident.alertTail.length === 0) return incident.headList;
  return Object.freeze(keptAlertIds(incident));
}

/** An immutable view of the incident, cached until the incident changes; unchanged lists are shared, not copied. */
export function snapshotOf(incident: IncidentState): CorrelatedIncident {
  if (incident.snapshot !== undefined) return incident.snapshot;
  incident.deviceList ??= Object.freeze([...incident.devices.keys()].sort());
  incident.domainList ??= Object.freeze([...incident.domains].sort());
  incident.linkList ??= Object.freeze([...incident.links]);
  incident.probability ??= noisyOr(incident.devices);
  const snapshot: CorrelatedIncident = Object.freeze({
    id: incident.id,
    opened: incident.opened,
    updated: incident.updated,
    alertIds: alertIdsOf(incident),
    alertCount: incident.alertCount,
    deviceIds: incident.deviceList,
    domains: incident.domainList,
    links: incident.linkList,
    probability: incident.probability,
  });
  incident.snapshot = snapshot;
  return snapshot;
}
