import { CTOWN_STATIONS } from '../../sim/index.js';
import { tagColumn, type BatadalFrame } from '../evaluation/batadal-data.js';
import { fitRidge, predictRidge, type RidgeModel } from './ridge-regression.js';

/**
 * Pump head curves of C-Town, learned from normal operation: a centrifugal
 * pump at its nominal speed delivers the flow its head curve gives for the
 * head it lifts, H = P_discharge − P_suction (m, the station's two pressure
 * tags). BATADAL measures both pressures at every station, so a running
 * pump's flow is fixed by them: on training set 1 a quadratic in H predicts
 * each pump's flow to an RMS of 0.0003–0.03 L/s (largest 0.005–0.6 L/s; of
 * 30–117 L/s). A pump slowed down (its head curve shrinks by the speed ratio
 * squared), a flow reading or a pressure reading altered alone breaks the
 * relation by orders of magnitude more than normal operation ever does.
 *
 * Parallel pumps share the head and each follows its own curve, but the
 * pressure tags sit on one pump's branch (P_J415 − P_J289 is PU6's), so the
 * others' head differs by their branch losses: the curve is learned per pump
 * and per set of station pumps running beside it, where that set ran
 * `MIN_CURVE_HOURS` normal hours. A set that did not (in BATADAL, most hours
 * PU10 and PU11 run together are attack hours) falls back to the pump's curve
 * over all its running hours, and a pump that never ran that long (PU3, PU5,
 * PU6, PU9, PU11) to a pump of its station with the same head curve in the
 * C-Town model (`CTOWN_HEAD_CURVE_ID`, fixtures/ctown/ctown_pumps.csv).
 *
 * The residual's scale is the larger of the largest |residual| of the normal
 * frame and `FLOW_METER_ACCURACY` of the pump's mean flow: simulated readings
 * are nearly exact, real flow meters are not, and the ratio should mean the
 * same on both. A ratio above 1 is a disagreement larger than the meter's
 * accuracy and than any of the normal frame. The curve is a quadratic fitted
 * over the heads of its normal hours (`headLow`–`headHigh`); outside them it is
 * extrapolated (and never below 0 L/s), which the words say.
 */

/** A pumping station whose suction and discharge pressures are measured (batadal_scada_tags.csv). */
export interface StationHead {
  readonly station: string;
  readonly suction: string;
  readonly discharge: string;
  readonly pumps: readonly string[];
}

const STATION_PRESSURES: Readonly<Record<string, readonly [string, string]>> = {
  S1: ['P_J280', 'P_J269'],
  S2: ['P_J300', 'P_J256'],
  S3: ['P_J289', 'P_J415'],
  S4: ['P_J302', 'P_J306'],
  S5: ['P_J307', 'P_J317'],
};

export const CTOWN_STATION_HEADS: readonly StationHead[] = CTOWN_STATIONS.map((s) => {
  const [suction, discharge] = STATION_PRESSURES[s.id] as readonly [string, string];
  return { station: s.id, suction, discharge, pumps: s.pumps };
});

/** Head curve of each pump in the C-Town EPANET model (fixtures/ctown/ctown_pumps.csv `head_curve_id`). */
export const CTOWN_HEAD_CURVE_ID: Readonly<Record<string, string>> = {
  PU1: '8', PU2: '8', PU3: '8', PU4: '9', PU5: '9', PU6: '10', PU7: '10', PU8: '9', PU9: '9', PU10: '11', PU11: '11',
};

/** `beside` of a curve learned over all the pump's running hours, whichever pumps ran beside it. */
export const ANY_BESIDE = '*';

/** Normal hours a pump must have run in one combination for its curve to be learned. */
export const MIN_CURVE_HOURS = 48;
/** Accuracy of a flow meter, as a share of the reading (electromagnetic meters: 0.2–0.5 %). */
export const FLOW_METER_ACCURACY = 0.005;

export interface HeadCurve {
  readonly pump: string;
  readonly station: string;
  /** The station's other pumps running beside it ('' when it runs alone), sorted, joined by '+'; `ANY_BESIDE` for all hours. */
  readonly beside: string;
  /** The pump whose hours it was learned on, when not `pump` (a station sibling with the same curve id). */
  readonly learnedOn?: string;
  /** Flow (L/s) as a quadratic in u = H − head0 (columns u, u²). */
  readonly head0: number;
  readonly ridge: RidgeModel;
  /** Residual scale (L/s): max(largest normal |residual|, meter accuracy × mean flow). */
  readonly scale: number;
  /** Lowest and highest station head (m) of the hours it was learned on. */
  readonly headLow: number;
  readonly headHigh: number;
}

/** Station head H (m) per hour. */
function stationHead(frame: BatadalFrame, station: StationHead): Float64Array {
  const s = tagColumn(frame, station.suction);
  const d = tagColumn(frame, station.discharge);
  return Float64Array.from(d, (v, r) => v - (s[r] as number));
}

/** Which of the station's other pumps run at hour r. */
function besideAt(frame: BatadalFrame, station: StationHead, pump: string, r: number): string {
  return station.pumps.filter((p) => p !== pump && tagColumn(frame, `S_${p}`)[r] === 1).join('+');
}

function curveColumns(head: Float64Array, rows: readonly number[], head0: number): Float64Array[] {
  const u = Float64Array.from(rows, (r) => (head[r] as number) - head0);
  return [u, Float64Array.from(u, (v) => v * v)];
}

function fitCurve(pump: string, station: StationHead, beside: string, head: Float64Array, flow: Float64Array, rows: readonly number[]): HeadCurve {
  const head0 = rows.reduce((sum, r) => sum + (head[r] as number), 0) / rows.length;
  const x = curveColumns(head, rows, head0);
  const y = Float64Array.from(rows, (r) => flow[r] as number);
  const ridge = fitRidge(x, y, 0);
  let largest = 0;
  y.forEach((v, i) => (largest = Math.max(largest, Math.abs(v - predictRidge(ridge, x, i)))));
  const meanFlow = y.reduce((sum, v) => sum + v, 0) / y.length;
  let headLow = Number.POSITIVE_INFINITY;
  let headHigh = Number.NEGATIVE_INFINITY;
  for (const r of rows) {
    headLow = Math.min(headLow, head[r] as number);
    headHigh = Math.max(headHigh, head[r] as number);
  }
  return {
    pump, station: station.station, beside, head0, ridge,
    scale: Math.max(largest, FLOW_METER_ACCURACY * Math.abs(meanFlow), 1e-6),
    headLow, headHigh,
  };
}

/**
 * Learns every pump's head curve from an attack-free frame: per set of pumps
 * beside it, over all its hours (`ANY_BESIDE`), or borrowed from a station
 * sibling with the same curve id (see above).
 */
export function fitHeadCurves(frame: BatadalFrame): HeadCurve[] {
  const curves: HeadCurve[] = [];
  for (const station of CTOWN_STATION_HEADS) {
    const head = stationHead(frame, station);
    for (const pump of station.pumps) {
      const status = tagColumn(frame, `S_${pump}`);
      const flow = tagColumn(frame, `F_${pump}`);
      const groups = new Map<string, number[]>();
      const all: number[] = [];
      for (let r = 0; r < frame.rows; r++) {
        if (status[r] !== 1) continue;
        const key = besideAt(frame, station, pump, r);
        const rows = groups.get(key) ?? [];
        rows.push(r);
        groups.set(key, rows);
        all.push(r);
      }
      for (const [beside, rows] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
        if (rows.length >= MIN_CURVE_HOURS) curves.push(fitCurve(pump, station, beside, head, flow, rows));
      }
      if (all.length >= MIN_CURVE_HOURS) curves.push(fitCurve(pump, station, ANY_BESIDE, head, flow, all));
    }
    for (const pump of station.pumps) {
      if (curves.some((c) => c.pump === pump)) continue;
      const sibling = curves.find((c) => !c.learnedOn && c.station === station.station && c.beside === ANY_BESIDE && CTOWN_HEAD_CURVE_ID[c.pump] === CTOWN_HEAD_CURVE_ID[pump]);
      if (sibling) curves.push({ ...sibling, pump, learnedOn: sibling.pump });
    }
  }
  return curves;
}

/** The flow (L/s) a head curve gives for station head H (m); never below 0. */
export function curveFlow(curve: HeadCurve, head: number): number {
  const u = head - curve.head0;
  return Math.max(0, predictRidge(curve.ridge, [Float64Array.of(u), Float64Array.of(u * u)], 0));
}

/** The curve for a pump running beside a set of pumps: that set's, else its all-hours one (borrowed or its own). */
export function curveFor(curves: readonly HeadCurve[], pump: string, beside: string): HeadCurve | undefined {
  const mine = curves.filter((c) => c.pump === pump);
  return mine.find((c) => c.beside === beside) ?? mine.find((c) => c.beside === ANY_BESIDE);
}

/** Per-hour head-curve residuals of the frame's running pumps. */
export interface HeadCurveResiduals {
  /** Signed residual over its scale per pump with a curve (0 when off or no curve for the combination). */
  readonly ratio: ReadonlyMap<string, Float64Array>;
  /** Flow (L/s) the pump's curve gives for the station head (NaN when off or no curve). */
  readonly expected: ReadonlyMap<string, Float64Array>;
  /** Station head H (m) per pump (its station's). */
  readonly head: ReadonlyMap<string, Float64Array>;
  /** The curve used per pump and hour (undefined when off or none); its `scale` divided the ratio. */
  readonly curve: ReadonlyMap<string, readonly (HeadCurve | undefined)[]>;
}

export function headCurveResiduals(frame: BatadalFrame, curves: readonly HeadCurve[]): HeadCurveResiduals {
  const ratio = new Map<string, Float64Array>();
  const expected = new Map<string, Float64Array>();
  const head = new Map<string, Float64Array>();
  const used = new Map<string, (HeadCurve | undefined)[]>();
  for (const station of CTOWN_STATION_HEADS) {
    const h = stationHead(frame, station);
    for (const pump of station.pumps) {
      if (!curves.some((c) => c.pump === pump)) continue;
      const status = tagColumn(frame, `S_${pump}`);
      const flow = tagColumn(frame, `F_${pump}`);
      const q = new Float64Array(frame.rows);
      const e = new Float64Array(frame.rows).fill(Number.NaN);
      const u = new Array<HeadCurve | undefined>(frame.rows);
      for (let r = 0; r < frame.rows; r++) {
        if (status[r] !== 1) continue;
        const curve = curveFor(curves, pump, besideAt(frame, station, pump, r));
        if (!curve) continue;
        const want = curveFlow(curve, h[r] as number);
        e[r] = want;
        q[r] = ((flow[r] as number) - want) / curve.scale;
        u[r] = curve;
      }
      ratio.set(pump, q);
      expected.set(pump, e);
      head.set(pump, h);
      used.set(pump, u);
    }
  }
  return { ratio, expected, head, curve: used };
}
