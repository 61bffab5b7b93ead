import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BATADAL_TAGS, readBatadalFrame, type BatadalFrame } from '../evaluation/batadal-data.js';
import { batadalDeviations } from './batadal-explanation.js';
import { buildBatadalFeatures, fitBatadalNormalModel } from './batadal-features.js';
import { ANY_BESIDE, CTOWN_HEAD_CURVE_ID, CTOWN_STATION_HEADS, curveFlow, fitHeadCurves, FLOW_METER_ACCURACY, headCurveResiduals, MIN_CURVE_HOURS, type HeadCurve } from './pump-head-curves.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../../../fixtures/datasets/batadal/${name}`, import.meta.url));

/** A copy of a frame with some columns replaced. */
function withColumns(frame: BatadalFrame, set: Record<string, (v: number, r: number) => number>): BatadalFrame {
  const columns = new Map([...frame.columns].map(([tag, c]) => [tag, set[tag] ? Float64Array.from(c, set[tag]) : c]));
  return { ...frame, columns };
}

describe('pump head curves', () => {
  const normal = readBatadalFrame(fixture('training1-slice.csv'), true);
  const curves = fitHeadCurves(normal);

  it('takes each station head from its suction and discharge pressure tags', () => {
    expect(CTOWN_STATION_HEADS.map((s) => [s.station, s.suction, s.discharge, s.pumps.join('+')])).toEqual([
      ['S1', 'P_J280', 'P_J269', 'PU1+PU2+PU3'],
      ['S2', 'P_J300', 'P_J256', 'PU4+PU5'],
      ['S3', 'P_J289', 'P_J415', 'PU6+PU7'],
      ['S4', 'P_J302', 'P_J306', 'PU8+PU9'],
      ['S5', 'P_J307', 'P_J317', 'PU10+PU11'],
    ]);
    expect(CTOWN_STATION_HEADS.flatMap((s) => [s.suction, s.discharge]).every((t) => BATADAL_TAGS.includes(t))).toBe(true);
  });

  it('learns one curve per pump and per set of pumps beside it that ran long enough, one over all its hours, and lends it to a sibling that never ran', () => {
    expect(curves.map((c) => [c.pump, c.beside, c.learnedOn ?? null])).toEqual([
      ['PU1', '', null], ['PU1', 'PU2', null], ['PU1', ANY_BESIDE, null], ['PU2', 'PU1', null], ['PU2', ANY_BESIDE, null], ['PU3', ANY_BESIDE, 'PU1'],
      ['PU4', '', null], ['PU4', ANY_BESIDE, null], ['PU5', ANY_BESIDE, 'PU4'],
      ['PU7', '', null], ['PU7', ANY_BESIDE, null], ['PU6', ANY_BESIDE, 'PU7'],
      ['PU8', '', null], ['PU8', ANY_BESIDE, null], ['PU9', ANY_BESIDE, 'PU8'],
      ['PU10', '', null], ['PU10', ANY_BESIDE, null], ['PU11', ANY_BESIDE, 'PU10'],
    ]);
    // A sibling shares the pump model (the C-Town head curve id) and the station.
    for (const c of curves.filter((k) => k.learnedOn)) {
      expect(CTOWN_HEAD_CURVE_ID[c.pump]).toBe(CTOWN_HEAD_CURVE_ID[c.learnedOn as string]);
      expect(CTOWN_STATION_HEADS.find((s) => s.pumps.includes(c.pump))?.pumps).toContain(c.learnedOn);
    }
    // Simulated readings follow the curve closely: RMS residual on the hours each own curve was learned on.
    const r = headCurveResiduals(normal, curves);
    for (const pump of ['PU1', 'PU2', 'PU4', 'PU7', 'PU8', 'PU10']) {
      const q = r.ratio.get(pump) as Float64Array;
      const used = r.curve.get(pump) as readonly (HeadCurve | undefined)[];
      const on = [...q.keys()].filter((i) => used[i] !== undefined);
      const rms = Math.sqrt(on.reduce((sum, i) => sum + ((q[i] as number) * (used[i] as HeadCurve).scale) ** 2, 0) / on.length);
      expect(rms).toBeLessThan(0.05);
    }
    // PU1 and PU2 share the head and the pump model: the same curve.
    const pu1 = curves.find((c) => c.pump === 'PU1' && c.beside === 'PU2');
    const pu2 = curves.find((c) => c.pump === 'PU2' && c.beside === 'PU1');
    expect(Math.abs(curveFlow(pu1!, 33) - curveFlow(pu2!, 33))).toBeLessThan(0.05);
  });

  it('agrees with the C-Town tables: station pressure tags and head-curve ids', () => {
    const tags = readFileSync(fileURLToPath(new URL('../../../fixtures/ctown/batadal_scada_tags.csv', import.meta.url)), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    for (const s of CTOWN_STATION_HEADS) {
      const suction = tags.find(([tag]) => tag === s.suction)?.[6] ?? '';
      const discharge = tags.find(([tag]) => tag === s.discharge)?.[6] ?? '';
      expect(suction).toMatch(/^PU\d+:suction$/);
      expect(discharge).toBe(suction.replace('suction', 'discharge'));
      expect(s.pumps).toContain(suction.split(':')[0]);
    }
    const pumps = readFileSync(fileURLToPath(new URL('../../../fixtures/ctown/ctown_pumps.csv', import.meta.url)), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    expect(Object.fromEntries(pumps.map(([id, , , curve]) => [id, curve]))).toEqual(CTOWN_HEAD_CURVE_ID);
  });

  it('recovers an exact quadratic curve and floors the scale at the meter accuracy', () => {
    const rows = MIN_CURVE_HOURS + 2;
    const head = Array.from({ length: rows }, (_, r) => 40 + (r % 17));
    const flow = head.map((h) => 80 - 0.3 * h - 0.004 * h * h);
    const columns = new Map(BATADAL_TAGS.map((t) => [t, new Float64Array(rows)]));
    columns.set('P_J307', Float64Array.from(head, () => 10));
    columns.set('P_J317', Float64Array.from(head, (h) => 10 + h));
    columns.set('S_PU10', new Float64Array(rows).fill(1));
    columns.set('F_PU10', Float64Array.from(flow));
    const frame: BatadalFrame = { file: 'synthetic', times: head.map((_, r) => `01/01/17 ${String(r % 24).padStart(2, '0')}`), columns, rows };
    const [curve] = fitHeadCurves(frame);
    expect(curve?.pump).toBe('PU10');
    expect(curveFlow(curve!, 47.5)).toBeCloseTo(80 - 0.3 * 47.5 - 0.004 * 47.5 * 47.5, 9);
    const mean = flow.reduce((s, v) => s + v, 0) / rows;
    expect(curve?.scale).toBeCloseTo(FLOW_METER_ACCURACY * mean, 9);
  });

  it('finds a slowed pump and a pressure reading altered alone, and leaves the other pumps be', () => {
    const before = headCurveResiduals(normal, curves);
    const pu7On = [...(normal.columns.get('S_PU7') as Float64Array)].map((s) => s === 1);
    // Speed 0.7 of nominal: the reading drops, the station head stays in range.
    const slowed = headCurveResiduals(withColumns(normal, { F_PU7: (v) => 0.7 * v }), curves);
    const q7 = slowed.ratio.get('PU7') as Float64Array;
    pu7On.forEach((on, r) => expect(on ? (q7[r] as number) < -20 : q7[r] === 0).toBe(true));
    expect(slowed.ratio.get('PU10')).toEqual(before.ratio.get('PU10'));
    // The discharge pressure of station S5 reported 3 m high while PU10 runs.
    const lifted = headCurveResiduals(withColumns(normal, { P_J317: (v) => v + 3 }), curves);
    const q10 = lifted.ratio.get('PU10') as Float64Array;
    const on10 = [...(normal.columns.get('S_PU10') as Float64Array).keys()].filter((r) => normal.columns.get('S_PU10')?.[r] === 1);
    expect(on10.length).toBeGreaterThan(50);
    expect(on10.every((r) => Math.abs(q10[r] as number) > 3)).toBe(true);
  });

  it('falls back to the all-hours curve for a set of pumps never seen together, and says nothing of a pump that is off', () => {
    // PU6 beside PU7 never ran in the slice: PU7 gets its all-hours curve, PU6 the one it borrows from PU7.
    const both = withColumns(normal, { S_PU6: () => 1, F_PU6: () => 40 });
    const r = headCurveResiduals(both, curves);
    const on7 = [...(normal.columns.get('S_PU7') as Float64Array).keys()].filter((i) => normal.columns.get('S_PU7')?.[i] === 1);
    expect(on7.length).toBeGreaterThan(20);
    for (const i of on7) {
      expect(r.curve.get('PU7')?.[i]?.beside).toBe(ANY_BESIDE);
      expect(r.curve.get('PU6')?.[i]?.learnedOn).toBe('PU7');
    }
    const off = [...(normal.columns.get('S_PU7') as Float64Array).keys()].filter((i) => normal.columns.get('S_PU7')?.[i] === 0);
    for (const i of off) {
      expect(r.ratio.get('PU7')?.[i]).toBe(0);
      expect(r.expected.get('PU7')?.[i]).toBeNaN();
      expect(r.curve.get('PU7')?.[i]).toBeUndefined();
    }
  });

  it('never expects a negative flow, however far the head is from the curve learned', () => {
    const curve = curves.find((c) => c.pump === 'PU7' && c.beside === '') as HeadCurve;
    expect(curveFlow(curve, curve.headHigh + 200)).toBe(0);
    expect(curveFlow(curve, (curve.headLow + curve.headHigh) / 2)).toBeGreaterThan(40);
  });

  it('words a pump whose flow its head curve does not give, with the station head and its tags', () => {
    const attack = readBatadalFrame(fixture('training2-slice.csv'), true);
    const features = buildBatadalFeatures(attack, fitBatadalNormalModel(normal));
    const r = attack.times.indexOf('26/09/16 14');
    expect(attack.labels?.[r]).toBe(1);
    const words = batadalDeviations(attack, features, r, 3);
    const curve = words.find((w) => w.check === 'head-curve');
    expect(curve?.tag).toBe('F_PU10');
    // The flow model and the tag model of the same reading follow, folded under the head curve.
    expect(curve?.text).toMatch(
      /^pump PU10 flow \d+\.\d+ L\/s, expected \d+\.\d+–\d+\.\d+ L\/s from its head curve at the station head 66\.18 m \(P_J317 − P_J307\), above the 37\.96–55\.08 m it was learned on; (within the )?expected \d+\.\d+–\d+\.\d+ L\/s given the tank levels and which pumps run; (within the )?expected \d+\.\d+–\d+\.\d+ L\/s from the other tags and its previous hour$/,
    );
    expect(curve?.also?.map((w) => w.check)).toEqual(['pump-flow', undefined]);
    expect(Math.abs(curve?.deviation ?? 0)).toBeGreaterThan(100);
    const c = features.matrix.featureNames.indexOf('hc:top1');
    expect(features.matrix.data[r * features.matrix.columns + c]).toBeGreaterThan(40);
  });
});
