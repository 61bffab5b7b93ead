import type { DeviceAnchors } from './device-anchors.js';
import type { IncidentState } from './incident-state.js';

/** One alert filed under one anchor (device, gateway, segment, supplier, zone or reachable node). */
export interface IndexEntry {
  readonly alertId: string;
  readonly timeMs: number;
  readonly incident: IncidentState;
  /** The alert device's anchors (hops to a reachable node: `anchors.reach.get(node).depth`). */
  readonly anchors: DeviceAnchors;
}

/** Anchor families, each its own map so a node id means one thing per family. */
export type AnchorFamily = 'device' | 'gateway' | 'segment' | 'supplier' | 'zone' | 'reach';

type Filed = readonly [family: AnchorFamily, key: string | number, entry: IndexEntry];

/**
 * Recent alerts by anchor, kept only for the time window: each alert's
 * entries are queued in arrival order and dropped once the newest alert
 * time has moved past them by more than the window (bounded state).
 */
export class CorrelationIndex {
  readonly #maps: Record<AnchorFamily, Map<string | number, IndexEntry[]>> = {
    device: new Map(),
    gateway: new Map(),
    segment: new Map(),
    supplier: new Map(),
    zone: new Map(),
    reach: new Map(),
  };
  readonly #queue: { readonly timeMs: number; readonly filed: readonly Filed[] }[] = [];
  #head = 0;

  entries(family: AnchorFamily, key: string | number): readonly IndexEntry[] | undefined {
    return this.#maps[family].get(key);
  }

  /** Files one alert under all its anchors. */
  file(filed: readonly Filed[], timeMs: number): void {
    for (const [family, key, entry] of filed) {
      const map = this.#maps[family];
      const list = map.get(key);
      if (list === undefined) map.set(key, [entry]);
      else list.push(entry);
    }
    this.#queue.push({ timeMs, filed });
  }

  /** Drops alerts older than `cutoffMs` (in arrival order). */
  expire(cutoffMs: number): void {
    while (this.#head < this.#queue.length) {
      const item = this.#queue[this.#head];
      if (item === undefined || item.timeMs >= cutoffMs) break;
      for (const [family, key, entry] of item.filed) this.#remove(family, key, entry);
      this.#head++;
    }
    if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue.splice(0, this.#head);
      this.#head = 0;
    }
  }

  /** Alerts currently held (for tests and memory figures). */
  get size(): number {
    return this.#queue.length - this.#head;
  }

  #remove(family: AnchorFamily, key: string | number, entry: IndexEntry): void {
    const map = this.#maps[family];
    const list = map.get(key);
    if (list === undefined) return;
    const at = list[0] === entry ? 0 : list.indexOf(entry);
    if (at !== -1) list.splice(at, 1);
    if (list.length === 0) map.delete(key);
  }
}

/** Every anchor an alert is filed under. */
export function filingsOf(entry: IndexEntry): Filed[] {
  const { anchors } = entry;
  const filed: Filed[] = [['device', anchors.deviceId, entry]];
  for (const g of anchors.gateways) filed.push(['gateway', g, entry]);
  for (const s of anchors.segments) filed.push(['segment', s, entry]);
  for (const s of anchors.suppliers) filed.push(['supplier', s, entry]);
  if (anchors.zone !== -1) filed.push(['zone', anchors.zone, entry]);
  for (const node of anchors.reach.keys()) filed.push(['reach', node, entry]);
  return filed;
}
