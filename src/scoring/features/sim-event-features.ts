import { SECURITY_ACTIONS, type DeviceRecord, type SimEvent } from '../../sim/index.js';
import type { FeatureMatrix } from '../trees/feature-matrix.js';

/**
 * Per-event features for the simulated city (issue 6 item 1, DESIGN.md §6):
 * - `value:z`: the reading against its device's normal mean and spread;
 * - `rate:z`: the change since the device's previous reading of the same
 *   quantity, against the normal spread of that change;
 * - `peer:z`: `value:z` minus the mean `value:z` of the other devices of the
 *   same kind and quantity in the same zone at the same time (deviation from
 *   peers; 0 without peers);
 * - `security` and `sec:<action>`: security counters (failed logins, new
 *   peers, firmware changes, …), 0 for observations.
 * Statistics come from a normal run (`fitSimBaseline`).
 */
export const SIM_FEATURE_NAMES: readonly string[] = ['value:z', 'rate:z', 'peer:z', 'security', ...SECURITY_ACTIONS.map((a) => `sec:${a}`)];

interface SeriesStats {
  mean: number;
  sd: number;
  rateSd: number;
}

/** Normal statistics per device and quantity. */
export interface SimBaseline {
  readonly series: ReadonlyMap<string, SeriesStats>;
}

const seriesKey = (deviceId: string, quantity: string): string => `${deviceId}|${quantity}`;

/** Fits per-series means and spreads (of values and of step changes) on normal events. */
export function fitSimBaseline(events: Iterable<SimEvent>): SimBaseline {
  const acc = new Map<string, { n: number; sum: number; sq: number; last: number; dn: number; dsq: number }>();
  for (const e of events) {
    if (e.type !== 'observation') continue;
    const key = seriesKey(e.deviceId, e.quantity);
    const a = acc.get(key);
    if (!a) {
      acc.set(key, { n: 1, sum: e.value, sq: e.value * e.value, last: e.value, dn: 0, dsq: 0 });
      continue;
    }
    const d = e.value - a.last;
    Object.assign(a, { n: a.n + 1, sum: a.sum + e.value, sq: a.sq + e.value * e.value, last: e.value, dn: a.dn + 1, dsq: a.dsq + d * d });
  }
  const series = new Map<string, SeriesStats>();
  for (const [key, a] of acc) {
    const mean = a.sum / a.n;
    const floor = Math.max(1e-3, 1e-3 * Math.abs(mean));
    const sd = Math.max(Math.sqrt(Math.max(a.sq / a.n - mean * mean, 0)), floor);
    const rateSd = Math.max(a.dn > 0 ? Math.sqrt(a.dsq / a.dn) : 0, floor);
    series.set(key, { mean, sd, rateSd });
  }
  return { series };
}

function valueAndRate(events: readonly SimEvent[], baseline: SimBaseline): [Float64Array, Float64Array] {
  const z = new Float64Array(events.length).fill(Number.NaN);
  const rate = new Float64Array(events.length).fill(Number.NaN);
  const last = new Map<string, number>();
  events.forEach((e, i) => {
    if (e.type !== 'observation') return;
    const key = seriesKey(e.deviceId, e.quantity);
    const s = baseline.series.get(key);
    const prev = last.get(key);
    last.set(key, e.value);
    if (!s) return;
    z[i] = (e.value - s.mean) / s.sd;
    rate[i] = prev === undefined ? 0 : (e.value - prev) / s.rateSd;
  });
  return [z, rate];
}

function peerDeviation(events: readonly SimEvent[], z: Float64Array, zoneOf: ReadonlyMap<string, string>): Float64Array {
  const groups = new Map<string, { n: number; sum: number }>();
  const keyOf = (e: SimEvent): string => `${zoneOf.get(e.deviceId) ?? ''}|${e.kind}|${e.type === 'observation' ? e.quantity : ''}|${e.time}`;
  events.forEach((e, i) => {
    if (e.type !== 'observation' || Number.isNaN(z[i] as number)) return;
    const g = groups.get(keyOf(e)) ?? { n: 0, sum: 0 };
    g.n += 1;
    g.sum += z[i] as number;
    groups.set(keyOf(e), g);
  });
  return Float64Array.from(events, (e, i) => {
    const zi = z[i] as number;
    if (e.type !== 'observation' || Number.isNaN(zi)) return e.type === 'observation' ? Number.NaN : 0;
    const g = groups.get(keyOf(e)) as { n: number; sum: number };
    return g.n > 1 ? zi - (g.sum - zi) / (g.n - 1) : 0;
  });
}

/** One feature row per event, in event order. */
export function simEventFeatures(events: readonly SimEvent[], devices: readonly DeviceRecord[], baseline: SimBaseline): FeatureMatrix {
  const zoneOf = new Map(devices.map((d) => [d.id, d.zone]));
  const [z, rate] = valueAndRate(events, baseline);
  const peer = peerDeviation(events, z, zoneOf);
  const width = SIM_FEATURE_NAMES.length;
  const data = new Float64Array(events.length * width);
  events.forEach((e, i) => {
    const row = i * width;
    if (e.type === 'observation') {
      data[row] = z[i] as number;
      data[row + 1] = rate[i] as number;
      data[row + 2] = peer[i] as number;
      return;
    }
    data[row + 3] = 1;
    data[row + 4 + SECURITY_ACTIONS.indexOf(e.action)] = e.count;
  });
  return { rows: events.length, columns: width, data, featureNames: SIM_FEATURE_NAMES };
}
