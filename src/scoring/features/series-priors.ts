import type { SimEvent } from '../../sim/index.js';
import type { SeriesPrior } from './streaming-sim-features.js';

/**
 * Cold-start priors per (device kind, quantity), pooled over every device of
 * the kind in normal telemetry: mean and standard deviation of the readings
 * (between-device spread included, so a new device is judged leniently), and
 * the RMS of consecutive changes within each device's series.
 */
export function fitSeriesPriors(events: Iterable<SimEvent>): Map<string, SeriesPrior> {
  const pooled = new Map<string, { n: number; mean: number; m2: number; dn: number; dsq: number }>();
  const last = new Map<string, number>();
  for (const e of events) {
    if (e.type !== 'observation') continue;
    const key = `${e.kind}|${e.quantity}`;
    let p = pooled.get(key);
    if (p === undefined) {
      p = { n: 0, mean: 0, m2: 0, dn: 0, dsq: 0 };
      pooled.set(key, p);
    }
    p.n += 1;
    const d = e.value - p.mean;
    p.mean += d / p.n;
    p.m2 += d * (e.value - p.mean);
    const seriesKey = `${e.deviceId}|${e.quantity}`;
    const previous = last.get(seriesKey);
    if (previous !== undefined) {
      p.dn += 1;
      p.dsq += (e.value - previous) ** 2;
    }
    last.set(seriesKey, e.value);
  }
  const priors = new Map<string, SeriesPrior>();
  for (const key of [...pooled.keys()].sort()) {
    const p = pooled.get(key) as { n: number; mean: number; m2: number; dn: number; dsq: number };
    priors.set(key, { mean: p.mean, sd: Math.sqrt(p.m2 / p.n), rateSd: p.dn > 0 ? Math.sqrt(p.dsq / p.dn) : 0 });
  }
  return priors;
}
