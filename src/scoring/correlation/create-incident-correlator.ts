import { EngineError } from '../../core/index.js';
import type { Projection } from '../../graph/projection/index.js';
import { CorrelationIndex, filingsOf, type AnchorFamily, type IndexEntry } from './correlation-index.js';
import { anchorContext, deviceAnchors, pathText, type AnchorContext, type DeviceAnchors } from './device-anchors.js';
import {
  addAlert,
  addLink,
  compareIncidents,
  mergeInto,
  openIncident,
  resolveIncident,
  snapshotOf,
  type IncidentCaps,
  type IncidentState,
} from './incident-state.js';
import type { CorrelatedIncident, CorrelationInput, CorrelationLink, CorrelationUpdate, IncidentCorrelator } from './types.js';

export type CorrelationLinkKind = CorrelationLink['kind'];

/** Every link kind, most specific first: the order in which a new alert looks for partners. */
export const CORRELATION_LINK_KINDS: readonly CorrelationLinkKind[] = [
  'same-device',
  'shared-gateway',
  'shared-supplier',
  'dependency-path',
  'shared-segment',
  'shared-zone',
];

export interface IncidentCorrelatorOptions {
  /** The graph the links go through (node ids = device ids of the alerts). */
  readonly projection: Projection;
  /** Alerts further apart than this never join directly (ms). */
  readonly windowMs: number;
  /** Longest dependency path (propagation edges, either direction) that joins two alerts. Default 3. */
  readonly maxHops?: number;
  /** Nodes with more propagation edges than this end a path (feeders, gateways, segments). Default 24. */
  readonly hubDegree?: number;
  /** Link kinds in use; default all of {@link CORRELATION_LINK_KINDS}. */
  readonly links?: readonly CorrelationLinkKind[];
  /** Closed incidents kept for `incident(id)` before the oldest are forgotten. Default 10,000. */
  readonly maxRetained?: number;
  /** An alert more than this ahead of max(latest alert time, `clock()`) is rejected (ms). Default 1 h. */
  readonly maxFutureSkewMs?: number;
  /**
   * The current time (ms) for the future-time check. Default `Date.now`; a replay of recorded or simulated
   * events passes its stream clock (the latest event time seen, alerts or not), since alerts alone can be
   * hours apart in a quiet stream.
   */
  readonly clock?: () => number;
  /** Alert ids an incident keeps at each end (the first and the latest); `alertCount` counts all. Default 50. */
  readonly keepAlertIds?: number;
  /** Links an incident keeps, the first per (kind, via). Default 64. */
  readonly maxLinks?: number;
}

interface Search {
  readonly alert: CorrelationInput;
  readonly timeMs: number;
  readonly anchors: DeviceAnchors;
  readonly found: Map<IncidentState, CorrelationLink>;
}

type NamedLinkKind = 'shared-gateway' | 'shared-segment' | 'shared-supplier';

function checkOptions(options: IncidentCorrelatorOptions): void {
  const bad = (field: string, value: unknown): EngineError =>
    new EngineError('CG_CORRELATION_OPTIONS_INVALID', `createIncidentCorrelator: ${field} must be a positive number (got ${String(value)}).`, {
      details: { field, value },
    });
  if (!(options.windowMs > 0)) throw bad('windowMs', options.windowMs);
  if (options.maxHops !== undefined && !(Number.isInteger(options.maxHops) && options.maxHops >= 0)) throw bad('maxHops', options.maxHops);
  if (options.hubDegree !== undefined && !(options.hubDegree > 0)) throw bad('hubDegree', options.hubDegree);
  if (options.maxFutureSkewMs !== undefined && !(options.maxFutureSkewMs > 0)) throw bad('maxFutureSkewMs', options.maxFutureSkewMs);
  for (const field of ['keepAlertIds', 'maxLinks'] as const) {
    const value = options[field];
    if (value !== undefined && !(Number.isInteger(value) && value > 0)) throw bad(field, value);
  }
}

/**
 * Groups alerts into incidents through the graph (DESIGN.md §6, issue 6
 * item 5): two alerts at most `windowMs` apart join when they are on the same
 * device, behind the same gateway, fed by the same supplier (direct
 * `poweredBy`/`suppliedBy`), on a dependency path of at most `maxHops`
 * propagation edges, on the same network segment, or in the same zone — in
 * that order of preference, one link per incident joined. An alert that
 * joins several incidents merges them into the oldest. Incident ids derive
 * from the opening alert's id, so a replay yields the same ids.
 *
 * Cost per alert: the device's anchors are computed once (a BFS bounded by
 * `maxHops` and `hubDegree`) and cached; then one map lookup per anchor and a
 * scan of the alerts filed there within the window. An incident carries at
 * most 2·`keepAlertIds` alert ids and `maxLinks` links, so a never-ending
 * incident costs the same per alert as a new one.
 * @throws EngineError CG_CORRELATION_OPTIONS_INVALID for a non-positive window, hub degree, skew or cap, or a negative hop limit.
 */
export function createIncidentCorrelator(options: IncidentCorrelatorOptions): IncidentCorrelator {
  checkOptions(options);
  return new GraphIncidentCorrelator(options);
}

class GraphIncidentCorrelator implements IncidentCorrelator {
  readonly #projection: Projection;
  readonly #windowMs: number;
  readonly #kinds: readonly CorrelationLinkKind[];
  readonly #maxRetained: number;
  readonly #maxFutureSkewMs: number;
  readonly #clock: () => number;
  readonly #caps: IncidentCaps;
  readonly #anchorCache = new Map<string, DeviceAnchors>();
  readonly #index = new CorrelationIndex();
  readonly #incidents = new Map<string, IncidentState>();
  #ctx: AnchorContext;
  #seen: string;
  #latestMs = -Infinity;

  constructor(options: IncidentCorrelatorOptions) {
    this.#projection = options.projection;
    this.#windowMs = options.windowMs;
    const enabled = new Set(options.links ?? CORRELATION_LINK_KINDS);
    this.#kinds = CORRELATION_LINK_KINDS.filter((k) => enabled.has(k));
    this.#maxRetained = options.maxRetained ?? 10_000;
    this.#maxFutureSkewMs = options.maxFutureSkewMs ?? 3_600_000;
    this.#clock = options.clock ?? Date.now;
    this.#caps = { keepAlertIds: options.keepAlertIds ?? 50, maxLinks: options.maxLinks ?? 64 };
    this.#ctx = anchorContext(options.projection, options.maxHops ?? 3, options.hubDegree ?? 24);
    this.#seen = this.#projectionState();
  }

  add(alert: CorrelationInput): CorrelationUpdate {
    const timeMs = this.#timeOf(alert);
    if (timeMs > this.#latestMs) this.#latestMs = timeMs;
    this.#index.expire(this.#latestMs - this.#windowMs);
    const search: Search = { alert, timeMs, anchors: this.#anchorsOf(alert.deviceId), found: new Map() };
    for (const kind of this.#kinds) this.#search[kind](search);
    const update = this.#join(search);
    this.#forget();
    return update;
  }

  incident(id: string): CorrelatedIncident | undefined {
    const incident = this.#incidents.get(id);
    return incident === undefined ? undefined : snapshotOf(incident);
  }

  open(): readonly CorrelatedIncident[] {
    const open = [...this.#incidents.values()].filter((i) => i.updatedMs >= this.#latestMs - this.#windowMs);
    open.sort((a, b) => b.updatedMs - a.updatedMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return open.map(snapshotOf);
  }

  /**
   * The alert's time, checked before any state changes: an unreadable time, or one more than
   * `maxFutureSkewMs` ahead of both the latest alert and the clock (it would move the window and expire
   * every alert and incident), is rejected.
   * @throws EngineError CG_CORRELATION_INPUT_INVALID naming the alert id and field `time`.
   */
  #timeOf(alert: CorrelationInput): number {
    const timeMs = Date.parse(alert.time);
    if (Number.isNaN(timeMs)) {
      throw new EngineError('CG_CORRELATION_INPUT_INVALID', `Alert ${alert.alertId} has time "${alert.time}", which is not an ISO-8601 time.`, {
        details: { alertId: alert.alertId, field: 'time', value: alert.time },
      });
    }
    const nowMs = Math.max(this.#latestMs, this.#clock());
    if (timeMs - nowMs > this.#maxFutureSkewMs) {
      const latest = Number.isFinite(nowMs) ? new Date(nowMs).toISOString() : String(nowMs);
      throw new EngineError(
        'CG_CORRELATION_INPUT_INVALID',
        `Alert ${alert.alertId} has time "${alert.time}", more than ${this.#maxFutureSkewMs} ms ahead of the latest alert or the clock (${latest}).`,
        { details: { alertId: alert.alertId, field: 'time', value: alert.time, latest, maxFutureSkewMs: this.#maxFutureSkewMs } },
      );
    }
    return timeMs;
  }

  #projectionState(): string {
    return `${this.#projection.version}/${this.#projection.generation}`;
  }

  /** Anchors per device, recomputed after the projection changes (refresh or compaction). */
  #anchorsOf(deviceId: string): DeviceAnchors {
    const now = this.#projectionState();
    if (now !== this.#seen || this.#anchorCache.size > 50_000) {
      this.#seen = now;
      this.#ctx = anchorContext(this.#projection, this.#ctx.maxHops, this.#ctx.hubDegree);
      this.#anchorCache.clear();
    }
    let anchors = this.#anchorCache.get(deviceId);
    if (anchors === undefined) {
      anchors = deviceAnchors(this.#ctx, deviceId);
      this.#anchorCache.set(deviceId, anchors);
    }
    return anchors;
  }

  #consider(search: Search, entries: readonly IndexEntry[] | undefined, link: (entry: IndexEntry) => CorrelationLink | undefined): void {
    if (entries === undefined) return;
    let linked: IncidentState | undefined;
    for (const entry of entries) {
      // Alerts of one incident sit together in a list: once it is linked, skip its other alerts without resolving them.
      if (entry.incident === linked || Math.abs(entry.timeMs - search.timeMs) > this.#windowMs) continue;
      const root = resolveIncident(entry.incident);
      if (search.found.has(root)) {
        linked = entry.incident;
        continue;
      }
      const made = link(entry);
      if (made === undefined) continue;
      search.found.set(root, made);
      linked = entry.incident;
    }
  }

  #nodeLinks(search: Search, kind: NamedLinkKind, family: AnchorFamily, nodes: readonly number[]): void {
    for (const node of nodes) {
      const via = this.#projection.nodeId(node);
      this.#consider(search, this.#index.entries(family, node), (e) => ({ kind, via, alertIds: [e.alertId, search.alert.alertId] }));
    }
  }

  #pathLinks(search: Search): void {
    const maxHops = this.#ctx.maxHops;
    for (const [node, { depth }] of search.anchors.reach) {
      this.#consider(search, this.#index.entries('reach', node), (e) => {
        const other = e.anchors.reach.get(node);
        if (other === undefined || other.depth + depth > maxHops) return undefined;
        return { kind: 'dependency-path', via: pathText(this.#projection, e.anchors, node, search.anchors), alertIds: [e.alertId, search.alert.alertId] };
      });
    }
  }

  readonly #search: Record<CorrelationLinkKind, (search: Search) => void> = {
    'same-device': (s) =>
      this.#consider(s, this.#index.entries('device', s.anchors.deviceId), (e) => ({
        kind: 'same-device',
        via: s.anchors.deviceId,
        alertIds: [e.alertId, s.alert.alertId],
      })),
    'shared-gateway': (s) => this.#nodeLinks(s, 'shared-gateway', 'gateway', s.anchors.gateways),
    'shared-supplier': (s) => this.#nodeLinks(s, 'shared-supplier', 'supplier', s.anchors.suppliers),
    'dependency-path': (s) => this.#pathLinks(s),
    'shared-segment': (s) => this.#nodeLinks(s, 'shared-segment', 'segment', s.anchors.segments),
    'shared-zone': (s) => {
      if (s.anchors.zone === -1) return;
      const via = this.#projection.zones[s.anchors.zone] ?? '';
      this.#consider(s, this.#index.entries('zone', s.anchors.zone), (e) => ({ kind: 'shared-zone', via, alertIds: [e.alertId, s.alert.alertId] }));
    },
  };

  #join(search: Search): CorrelationUpdate {
    const roots = [...search.found.keys()].sort(compareIncidents);
    const [survivor, ...absorbed] = roots;
    if (survivor === undefined) {
      const incident = openIncident(search.alert, search.timeMs, this.#caps);
      this.#incidents.set(incident.id, incident);
      return { incident: this.#file(incident, search), opened: true, merged: [] };
    }
    for (const other of absorbed) {
      mergeInto(survivor, other);
      this.#incidents.delete(other.id);
    }
    for (const root of roots) addLink(survivor, search.found.get(root) as CorrelationLink);
    return { incident: this.#file(survivor, search), opened: false, merged: absorbed.map((a) => a.id) };
  }

  #file(incident: IncidentState, search: Search): CorrelatedIncident {
    addAlert(incident, search.alert, search.timeMs);
    this.#index.file(filingsOf({ alertId: search.alert.alertId, timeMs: search.timeMs, incident, anchors: search.anchors }), search.timeMs);
    return snapshotOf(incident);
  }

  /** Forgets the oldest closed incidents beyond `maxRetained` (bounded state). */
  #forget(): void {
    if (this.#incidents.size <= this.#maxRetained) return;
    for (const [id, incident] of this.#incidents) {
      if (this.#incidents.size <= this.#maxRetained) break;
      if (incident.updatedMs < this.#latestMs - this.#windowMs) this.#incidents.delete(id);
    }
  }
}
