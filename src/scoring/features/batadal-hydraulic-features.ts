import { cusum, CUSUM_CAP } from './cusum.js';
import { rollingMean } from './rolling-window.js';
import type { HydraulicResiduals } from './ctown-hydraulics.js';

/**
 * Tag-agnostic aggregates of the C-Town hydraulic residuals (`ctown-hydraulics.ts`),
 * added to the BATADAL features in `batadal-v2`. Like the ridge residual
 * aggregates of `batadal-v1`, they rank elements instead of naming them, so a
 * model trained on attacks on T7 and T1 still reads an attack on PU7/T4.
 *
 * | column | meaning |
 * | --- | --- |
 * | `mb:top1`, `mb:top2`, `mb:mean` | largest, second and mean \|mass-balance residual\| over the 7 tanks (σ, capped at 20) |
 * | `pf:top1`, `pf:mean` | largest and mean \|flow residual\| of the running pumps and V2 (σ, capped at 20) |
 * | `mbc:top1` | largest two-sided CUSUM of a tank's mass-balance residual (k = 1σ, `TANK_CUSUM_SLACK`) |
 * | `pfc:top1` | largest two-sided CUSUM of a pump's flow residual (k = 2σ) |
 * | `pump:mismatch` | pumps whose flow and status disagree |
 * | `pump:rare` | actuators running that ran in < 1 % of normal hours |
 * | `hc:top1`, `hc:top1@6h` | largest \|head-curve residual\| of the running pumps over its normal scale (`pump-head-curves.ts`, capped at 100), now and its 6-hour mean (`batadal-v3`) |
 *
 * CUSUMs are two-sided (`cusum.ts`). The slacks were
 * chosen on training set 1 and the training hours before 2016-10-20: pump flow
 * residuals drift slowly between years (training set 2 runs 2016, set 1 2014),
 * so with k = 0.5σ pump CUSUMs reached the cap of 50 in normal hours of
 * 2016; pumps use k = 2σ.
 */
export const HYDRAULIC_FEATURE_NAMES: readonly string[] = [
  'mb:top1', 'mb:top2', 'mb:mean', 'pf:top1', 'pf:mean', 'mbc:top1', 'pfc:top1', 'pump:mismatch', 'pump:rare', 'hc:top1', 'hc:top1@6h',
];

/** Cap of a head-curve ratio: beyond it the disagreement is beyond doubt and words carry the size. */
export const HEAD_CURVE_CAP = 100;

const Z_CAP = 20;
const PUMP_SLACK = 2;

/** Per hour: the largest and second largest |value| (capped) and the mean |value| over series. */
function ranked(series: readonly Float64Array[], rows: number, cap: number): [Float64Array, Float64Array, Float64Array] {
  const top1 = new Float64Array(rows);
  const top2 = new Float64Array(rows);
  const mean = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let a = 0;
    let b = 0;
    let sum = 0;
    for (const s of series) {
      const v = Math.min(Math.abs(s[r] as number), cap);
      sum += v;
      if (v > a) [a, b] = [v, a];
      else if (v > b) b = v;
    }
    top1[r] = a;
    top2[r] = b;
    mean[r] = series.length > 0 ? sum / series.length : 0;
  }
  return [top1, top2, mean];
}

/** The `HYDRAULIC_FEATURE_NAMES` columns, in that order. */
export function hydraulicColumns(h: HydraulicResiduals, rows: number): Float64Array[] {
  const tanks = [...h.tankZ.values()];
  const pumps = [...h.pumpZ.values()];
  const [mb1, mb2, mbMean] = ranked(tanks, rows, Z_CAP);
  const [pf1, , pfMean] = ranked(pumps, rows, Z_CAP);
  const [mbc] = ranked([...h.tankCusum.values()], rows, CUSUM_CAP);
  const [pfc] = ranked(pumps.map((z) => cusum(z, PUMP_SLACK)), rows, CUSUM_CAP);
  const mismatch = [...h.mismatch.values()];
  const pumpMismatch = Float64Array.from({ length: rows }, (_, r) => mismatch.reduce((s, c) => s + (c[r] as number), 0));
  const [hc] = ranked([...h.curves.ratio.values()], rows, HEAD_CURVE_CAP);
  return [mb1, mb2, mbMean, pf1, pfMean, mbc, pfc, pumpMismatch, h.rareOn, hc, rollingMean(hc, 6)];
}
