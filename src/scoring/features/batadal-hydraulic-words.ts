import type { BatadalFrame } from '../evaluation/batadal-data.js';
import type { TagDeviation } from './batadal-explanation.js';
import type { BatadalFeatures } from './batadal-features.js';
import { CTOWN_TANK_BALANCES } from './ctown-hydraulics.js';
import { rangeWords } from './expected-range-words.js';
import { CTOWN_STATION_HEADS } from './pump-head-curves.js';

/**
 * Words for the hydraulic checks of `batadal-v2` (issue 6 item 7): a tank
 * whose level change the flows do not explain, and a running pump whose flow
 * is not what its levels and neighbours predict, each with the actual value
 * and the expected range (expectation ± 2σ of normal operation), e.g.
 * "tank T3 level fell 0.09 m in the hour, expected 0.01–0.44 m: inflow from
 * PU4, PU5 explains +0.41 m, normal demand and outflows the rest" (test set,
 * 17/01/17 03). `batadal-v3` adds a running pump whose flow is not what its
 * head curve gives at the measured station head: "pump PU7 flow 3.77 L/s,
 * expected 59.30–59.79 L/s from its head curve at the station head 33.74 m
 * (P_J415 − P_J289), below the 54.02–66.16 m it was learned on" (training
 * set 2, 06/12/16 17, attack 6).
 */
const f = (v: number): string => v.toFixed(2);
/**
 * A pump reporting flow while off (or none while on) never happens in
 * training set 1: two readings of one device contradict each other, which
 * the ranking treats as a 10σ deviation so it is named before most residuals.
 */
const CONTRADICTION_SIGMA = 10;
const signed = (v: number): string => `${v >= 0 ? '+' : ''}${f(v)}`;
const noun = (element: string): string => (element.startsWith('V') ? 'valve' : 'pump');

function tankDeviation(frame: BatadalFrame, features: BatadalFeatures, tank: string, r: number): TagDeviation | undefined {
  const h = features.hydraulics;
  const z = h.tankZ.get(tank)?.[r];
  const level = frame.columns.get(`L_${tank}`);
  if (z === undefined || level === undefined || r === 0) return undefined;
  const actual = (level[r] as number) - (level[r - 1] as number);
  const expected = (h.tankExpectedChange.get(tank) as Float64Array)[r] as number;
  const sd = h.tankChangeSd.get(tank) as number;
  const balance = CTOWN_TANK_BALANCES.find((b) => b.tank === tank);
  const inflow = (h.tankInflowChange.get(tank) as Float64Array)[r] as number;
  const explains = balance && balance.inflows.length > 0 ? `: inflow from ${balance.inflows.join(', ')} explains ${signed(inflow)} m, normal demand and outflows the rest` : ': its normal demand and outflows';
  const verb = actual >= 0 ? 'rose' : 'fell';
  const words = rangeWords(actual, expected - 2 * sd, expected + 2 * sd, ' m');
  const text = `tank ${tank} level ${verb} ${words.value(Math.abs(actual))} m in the hour, ${words.range}${explains}`;
  return { tag: `L_${tank}`, check: 'mass-balance', actual, expectedLow: expected - 2 * sd, expectedHigh: expected + 2 * sd, deviation: z, text };
}

function pumpDeviation(frame: BatadalFrame, features: BatadalFeatures, pump: string, r: number): TagDeviation | undefined {
  const h = features.hydraulics;
  const z = h.pumpZ.get(pump)?.[r];
  const flow = frame.columns.get(`F_${pump}`);
  if (z === undefined || flow === undefined || z === 0) return undefined;
  const actual = flow[r] as number;
  const expected = (h.pumpExpected.get(pump) as Float64Array)[r] as number;
  const sd = h.pumpSd.get(pump) as number;
  const words = rangeWords(actual, expected - 2 * sd, expected + 2 * sd, ' L/s');
  const text = `${noun(pump)} ${pump} flow ${words.value(actual)} L/s while on, ${words.range} given the tank levels and which pumps run`;
  return { tag: `F_${pump}`, check: 'pump-flow', actual, expectedLow: expected - 2 * sd, expectedHigh: expected + 2 * sd, deviation: z, text };
}

/**
 * An evidence ratio of 1 is the bar of normal operation: a mass-balance CUSUM
 * as large as the largest of a year of normal hours, or a head-curve
 * disagreement as large as the larger of the flow meter's accuracy and the
 * largest of that year. The largest |z| of 8,761 normal draws is ≈ 4σ, so the
 * ranking reads a ratio as 4σ per unit, beside the σ residuals of the other
 * checks.
 */
const SIGMA_PER_EVIDENCE_RATIO = 4;

/** Hours the CUSUM has been above 0 up to and including hour r (0 when it is 0 at r). */
export function hoursAccumulating(cusum: Float64Array, r: number): number {
  if (!((cusum[r] as number) > 0)) return 0;
  let from = r;
  while (from > 0 && (cusum[from - 1] as number) > 0) from--;
  return r - from + 1;
}

/**
 * A tank whose mass-balance CUSUM is above the largest of the normal year
 * (physical evidence > 1): "tank T1 level has disagreed with its flows and
 * normal demand for 107 h: mass-balance CUSUM 6.23 times the largest of a year
 * of normal operation". Below 1 it says nothing the hourly residual does not.
 */
function cusumDeviation(features: BatadalFeatures, tank: string, r: number): TagDeviation | undefined {
  const h = features.hydraulics;
  const cusum = h.tankCusum.get(tank);
  const max = h.tankCusumMax.get(tank);
  if (!cusum || max === undefined || !((cusum[r] as number) / max > 1)) return undefined;
  const ratio = (cusum[r] as number) / max;
  const hours = hoursAccumulating(cusum, r);
  const text = `tank ${tank} level has disagreed with its flows and normal demand for ${hours} h: mass-balance CUSUM ${f(ratio)} times the largest of a year of normal operation`;
  return { tag: `L_${tank}`, check: 'mass-balance-cusum', actual: cusum[r] as number, expectedLow: 0, expectedHigh: max, deviation: ratio * SIGMA_PER_EVIDENCE_RATIO, text };
}

function curveDeviation(frame: BatadalFrame, features: BatadalFeatures, pump: string, r: number): TagDeviation | undefined {
  const c = features.hydraulics.curves;
  const ratio = c.ratio.get(pump)?.[r];
  const expected = c.expected.get(pump)?.[r];
  const curve = c.curve.get(pump)?.[r];
  const flow = frame.columns.get(`F_${pump}`);
  const station = CTOWN_STATION_HEADS.find((s) => s.pumps.includes(pump));
  if (ratio === undefined || expected === undefined || curve === undefined || flow === undefined || !station) return undefined;
  const { scale } = curve;
  const actual = flow[r] as number;
  const head = (c.head.get(pump) as Float64Array)[r] as number;
  const words = rangeWords(actual, expected - scale, expected + scale, ' L/s');
  const whose = curve.learnedOn ? `${curve.learnedOn}'s head curve (the same pump model)` : 'its head curve';
  const outside = head >= curve.headLow && head <= curve.headHigh ? '' : `, ${head < curve.headLow ? 'below' : 'above'} the ${f(curve.headLow)}–${f(curve.headHigh)} m it was learned on`;
  const text = `pump ${pump} flow ${words.value(actual)} L/s, ${words.range} from ${whose} at the station head ${f(head)} m (${station.discharge} − ${station.suction})${outside}`;
  return { tag: `F_${pump}`, check: 'head-curve', actual, expectedLow: expected - scale, expectedHigh: expected + scale, deviation: ratio * SIGMA_PER_EVIDENCE_RATIO, text };
}

function mismatchDeviations(frame: BatadalFrame, features: BatadalFeatures, r: number): TagDeviation[] {
  return [...features.hydraulics.mismatch].flatMap(([pump, m]): TagDeviation[] => {
    if (m[r] !== 1) return [];
    const actual = (frame.columns.get(`F_${pump}`) as Float64Array)[r] as number;
    const on = (frame.columns.get(`S_${pump}`) as Float64Array)[r] === 1;
    const text = `${noun(pump)} ${pump} reports ${on ? 'on' : 'off'} with flow ${f(actual)} L/s, expected ${on ? 'a flow above 0' : 'no flow'}`;
    return [{ tag: `S_${pump}`, check: 'status-flow', actual, expectedLow: 0, expectedHigh: on ? Number.POSITIVE_INFINITY : 0, deviation: CONTRADICTION_SIGMA, text }];
  });
}

/** Hydraulic deviations of hour r: every tank, every running modelled pump, every status/flow mismatch. */
export function hydraulicDeviations(frame: BatadalFrame, features: BatadalFeatures, r: number): TagDeviation[] {
  const tanks = [...features.hydraulics.tankZ.keys()].map((t) => tankDeviation(frame, features, t, r));
  const pumps = [...features.hydraulics.pumpZ.keys()].map((p) => pumpDeviation(frame, features, p, r));
  const curves = [...features.hydraulics.curves.ratio.keys()].map((p) => curveDeviation(frame, features, p, r));
  const cusums = [...features.hydraulics.tankCusum.keys()].map((t) => cusumDeviation(features, t, r));
  return [...tanks, ...pumps, ...curves, ...cusums].filter((d): d is TagDeviation => d !== undefined && Number.isFinite(d.deviation)).concat(mismatchDeviations(frame, features, r));
}
