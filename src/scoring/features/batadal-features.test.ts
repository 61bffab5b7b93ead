import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { readBatadalFrame, readingSteps } from '../evaluation/batadal-data.js';
import { batadalDeviations, evidenceWords } from './batadal-explanation.js';
import { hoursAccumulating } from './batadal-hydraulic-words.js';
import { BATADAL_FEATURE_SET, buildBatadalFeatures, fitBatadalNormalModel } from './batadal-features.js';
import { batadalNormalFromJson, batadalNormalToJson, type BatadalNormalJson } from './batadal-normal-json.js';
import { expectedActuatorState, CTOWN_CONTROL_RULES } from './ctown-control-rules.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../../../fixtures/datasets/batadal/${name}`, import.meta.url));

describe('BATADAL features', () => {
  const normalFrame = readBatadalFrame(fixture('training1-slice.csv'), true);
  const attackFrame = readBatadalFrame(fixture('training2-slice.csv'), true);
  const normal = fitBatadalNormalModel(normalFrame);
  const features = buildBatadalFeatures(attackFrame, normal);

  it('builds the 36 batadal-v1 columns, the 11 hydraulic ones and the 2 replay ones for every hour', () => {
    expect(BATADAL_FEATURE_SET).toBe('batadal-v4');
    expect(features.matrix.rows).toBe(864);
    expect(features.matrix.featureNames.slice(0, 9)).toEqual([
      'z:top1', 'z:top2', 'z:top3', 'z:mean', 'z:count3', 'z24:top1', 'z24:top3', 'rules:now', 'rules:24h',
    ]);
    expect(features.matrix.featureNames).toHaveLength(49);
    expect(features.matrix.featureNames[9]).toBe('z:top1@6h');
    expect(features.matrix.featureNames.slice(36)).toEqual([
      'mb:top1', 'mb:top2', 'mb:mean', 'pf:top1', 'pf:mean', 'mbc:top1', 'pfc:top1', 'pump:mismatch', 'pump:rare', 'hc:top1', 'hc:top1@6h', 'replay:tags', 'replay:tags@6h',
    ]);
  });

  it('accumulates more mass-balance disagreement in attack hours than in normal ones', () => {
    const labels = attackFrame.labels as Int8Array;
    const c = features.matrix.featureNames.indexOf('mbc:top1');
    const mean = (want: number): number => {
      let s = 0, n = 0;
      for (let r = 0; r < features.matrix.rows; r++) {
        if (labels[r] !== want) continue;
        s += features.matrix.data[r * features.matrix.columns + c] as number;
        n++;
      }
      return s / n;
    };
    expect(mean(1)).toBeGreaterThan(3 * mean(0));
  });

  it('rebuilds identical features from the normal model stored as JSON, and refuses a batadal-v1 or v2 one', () => {
    const json = JSON.parse(JSON.stringify(batadalNormalToJson(normal))) as BatadalNormalJson;
    const again = buildBatadalFeatures(attackFrame, batadalNormalFromJson(json));
    expect(again.matrix.data).toEqual(features.matrix.data);
    expect(() => batadalNormalFromJson({ tags: json.tags })).toThrow(expect.objectContaining({ code: 'CG_MODEL_INVALID', details: { pointer: '/metadata/normalModel/hydraulics' } }));
    const broken = { ...json, hydraulics: { ...json.hydraulics, curves: json.hydraulics.curves.map((c, i) => (i === 2 ? { ...c, headLow: undefined as unknown as number } : c)) } };
    expect(() => batadalNormalFromJson(broken)).toThrow(
      expect.objectContaining({ code: 'CG_MODEL_INVALID', details: { pointer: '/metadata/normalModel/hydraulics/curves/2/headLow' }, message: expect.stringMatching(/head curve 2 \(PU1\) lacks a finite headLow; retrain it/) }),
    );
    const { curves: _curves, ...v2 } = json.hydraulics;
    expect(() => batadalNormalFromJson({ tags: json.tags, hydraulics: v2 })).toThrow(
      expect.objectContaining({ code: 'CG_MODEL_INVALID', details: { pointer: '/metadata/normalModel/hydraulics/curves' }, message: expect.stringMatching(/retrain with batadal-v4/) }),
    );
  });

  it('deviates more during the attack hours than in normal hours', () => {
    const labels = attackFrame.labels as Int8Array;
    const mean = (want: number): number => {
      let s = 0, n = 0;
      for (let r = 0; r < features.matrix.rows; r++) {
        if (labels[r] !== want) continue;
        s += features.matrix.data[r * features.matrix.columns + 3] as number;
        n++;
      }
      return s / n;
    };
    expect(mean(1)).toBeGreaterThan(1.5 * mean(0));
  });

  it('reads the C-Town control rules as on / off / free', () => {
    const pu4 = CTOWN_CONTROL_RULES.find((r) => r.actuator === 'PU4');
    expect(pu4).toEqual({ actuator: 'PU4', tank: 'T3', onBelow: 3, offAbove: 5.3 });
    expect([2.9, 4, 5.4].map((l) => expectedActuatorState(pu4 as (typeof CTOWN_CONTROL_RULES)[number], l))).toEqual([1, Number.NaN, 0]);
  });

  it('describes the most deviating tags in words with actual and expected values', () => {
    const r = attackFrame.times.indexOf('14/09/16 03');
    const words = batadalDeviations(attackFrame, features, r, 3);
    expect(words).toHaveLength(3);
    for (const w of words) {
      expect(w.expectedHigh).toBeGreaterThan(w.expectedLow);
      expect(Math.abs(w.deviation)).toBeGreaterThan(2);
    }
    expect(words[0]?.text).toMatch(/^(tank|pump|valve|junction) \w+ (level|flow|pressure|on|off)/);
    const tank = batadalDeviations(attackFrame, features, r, 43).find((w) => w.tag === 'L_T3');
    expect(tank?.text).toMatch(/^tank T3 level \d+\.\d\d m, expected -?\d+\.\d\d–\d+\.\d\d m given pump PU4 (on|off), pump PU5 (on|off)$/);
  });

  it('words a tank whose mass-balance CUSUM passed the largest of normal operation, with how long it has accumulated', () => {
    const h = features.hydraulics;
    const r = [...h.evidence.keys()].find((i) => (h.evidence[i] as number) > 1 && (h.evidenceFrom[i] ?? '').startsWith('T'));
    expect(r).toBeDefined();
    const tank = h.evidenceFrom[r as number] as string;
    const cusum = h.tankCusum.get(tank) as Float64Array;
    let from = r as number;
    while (from > 0 && (cusum[from - 1] as number) > 0) from--;
    const words = batadalDeviations(attackFrame, features, r as number, 43).filter((w) => w.check === 'mass-balance-cusum');
    const mine = words.find((w) => w.tag === `L_${tank}`);
    const ratio = (h.evidence[r as number] as number).toFixed(2);
    expect(mine?.text).toBe(`tank ${tank} level has disagreed with its flows and normal demand for ${(r as number) - from + 1} h: mass-balance CUSUM ${ratio} times the largest of a year of normal operation`);
    if (features.evidenceFrom[r as number] === tank) {
      expect(evidenceWords(attackFrame, features, r as number)).toBe(`physical evidence ${ratio} > 1: tank ${tank}'s mass-balance CUSUM above the largest of a year of normal operation`);
    }
    const k = [...features.evidence.keys()].find((i) => (features.evidence[i] as number) > 1 && (features.evidenceFrom[i] ?? '').startsWith('T')) as number;
    expect(k).toBeDefined();
    expect(evidenceWords(attackFrame, features, k)).toMatch(/^physical evidence \d+\.\d\d > 1: tank T\d's mass-balance CUSUM above the largest of a year of normal operation$/);
    // Asked of an hour whose evidence does not alarm, the words do not claim it does.
    const quiet = [...features.evidence.keys()].find((i) => (features.evidence[i] as number) > 0 && (features.evidence[i] as number) <= 1 && (features.evidenceFrom[i] ?? '').startsWith('T')) as number;
    expect(evidenceWords(attackFrame, features, quiet)).toMatch(/^physical evidence 0\.\d\d ≤ 1: /);
    // Only tanks beyond the normal year are worded by their CUSUM.
    for (const w of words) expect(w.actual / w.expectedHigh).toBeGreaterThan(1);
  });

  it('counts the hours a CUSUM has been accumulating, back to its last 0', () => {
    const cusum = Float64Array.of(0, 2, 3, 0, 5, 1);
    expect([0, 1, 2, 3, 4, 5].map((r) => hoursAccumulating(cusum, r))).toEqual([0, 1, 2, 0, 1, 2]);
  });

  it('does not word a reading as deviating when its rounding alone explains the gap', () => {
    // Training set 1 is at full precision, the test slice at 0.01: some residuals are rounding alone.
    const test = readBatadalFrame(fixture('test-slice.csv'), false);
    const f = buildBatadalFeatures(test, normal);
    expect(f.readingSteps.get('P_J280')).toBeCloseTo(0.01, 12);
    expect(buildBatadalFeatures(normalFrame, normal).readingSteps.get('P_J280')).toBeLessThanOrEqual(1e-6);
    const r = [...test.times.keys()].find((i) => {
      const gap = Math.abs(((test.columns.get('P_J280') as Float64Array)[i] as number) - ((f.expected.get('P_J280') as Float64Array)[i] as number));
      return gap <= 0.005 && Math.abs((f.residuals.get('P_J280') as Float64Array)[i] as number) >= 3;
    });
    // An hour where J280's plain residual is ≥ 3σ though the rounding to 0.01 explains it.
    expect(r).toBeDefined();
    expect(batadalDeviations(test, f, r as number, 43).some((w) => w.tag === 'P_J280')).toBe(false);
    // The same reading 0.05 m off is still a deviation, worded with the range widened by half the step.
    const moved = { ...test, columns: new Map([...test.columns].map(([t, c]) => [t, t === 'P_J280' ? Float64Array.from(c, (v, i) => (i === r ? v + 0.05 : v)) : c])) };
    const g = buildBatadalFeatures(moved, normal);
    const w = batadalDeviations(moved, g, r as number, 43).find((d) => d.tag === 'P_J280');
    const mid = (g.expected.get('P_J280') as Float64Array)[r as number] as number;
    const sd = g.residualSd.get('P_J280') as number;
    expect(w?.expectedHigh).toBeCloseTo(mid + 2 * sd + 0.005, 9);
    expect(w?.deviation).toBeCloseTo(((g.residuals.get('P_J280') as Float64Array)[r as number] as number) - 0.005 / sd, 6);
  });

  it('infers no resolution for statuses or a column that never changes', () => {
    const test = readBatadalFrame(fixture('test-slice.csv'), false);
    const steps = readingSteps(test);
    expect(steps.get('S_PU1')).toBe(0);
    expect(steps.get('F_PU3')).toBe(0);
    expect(steps.get('L_T1')).toBeCloseTo(0.01, 12);
  });

  it('infers no resolution from a column of fewer than 24 readings', () => {
    const short = { ...normalFrame, rows: 23, times: normalFrame.times.slice(0, 23), columns: new Map([...normalFrame.columns].map(([t, c]) => [t, Float64Array.from(c.subarray(0, 23), Math.round)])) };
    expect([...readingSteps(short).values()].every((s) => s === 0)).toBe(true);
    const day = { ...short, rows: 24, columns: new Map([...normalFrame.columns].map(([t, c]) => [t, Float64Array.from(c.subarray(0, 24), Math.round)])) };
    expect(readingSteps(day).get('P_J269')).toBe(1);
  });

  it('names the hydraulic checks in the same ranking: a slowed pump, a tank its flows do not explain', () => {
    const r = attackFrame.times.indexOf('14/09/16 03');
    const words = batadalDeviations(attackFrame, features, r, 5);
    expect(words.map((w) => [w.tag, w.check])).toEqual([
      ['F_PU11', undefined],
      ['S_PU11', undefined],
      ['P_J307', undefined],
      ['P_J302', undefined],
      ['F_PU10', 'pump-flow'],
    ]);
    // The pump's other checks of the same reading are folded under its strongest, not ranked apart.
    expect(words[4]?.text).toBe(
      'pump PU10 flow 23.64 L/s while on, expected 28.39–30.10 L/s given the tank levels and which pumps run; ' +
        'expected 29.06–31.15 L/s from the other tags and its previous hour; ' +
        'expected 23.79–24.10 L/s from its head curve at the station head 67.48 m (P_J317 − P_J307), above the 37.96–55.08 m it was learned on',
    );
    expect(words[4]?.also?.map((w) => [w.tag, w.check])).toEqual([
      ['F_PU10', undefined],
      ['F_PU10', 'head-curve'],
    ]);
    expect(words.filter((w) => w.tag === 'F_PU10')).toHaveLength(1);
    const all = batadalDeviations(attackFrame, features, r, 200);
    const t7 = all.find((w) => w.tag === 'L_T7' && w.check === 'mass-balance');
    expect(t7?.text).toMatch(/^tank T7 level (rose|fell) \d+\.\d\d m in the hour, (expected|within the expected) -?\d+\.\d\d–-?\d+\.\d\d m: inflow from PU10, PU11 explains [+-]\d+\.\d\d m, normal demand and outflows the rest$/);
    expect(t7?.actual).toBeCloseTo((attackFrame.columns.get('L_T7') as Float64Array)[r] as number - ((attackFrame.columns.get('L_T7') as Float64Array)[r - 1] as number), 12);
    // The deviation is the actual change minus the expected one, in σ: a level that rose more than its flows explain is positive.
    for (const w of all.filter((d) => d.check === 'mass-balance' || d.check === 'pump-flow')) {
      expect((w.actual - (w.expectedLow + w.expectedHigh) / 2) / ((w.expectedHigh - w.expectedLow) / 4)).toBeCloseTo(w.deviation, 9);
    }
    const t6 = all.find((w) => w.tag === 'L_T6' && w.check === 'mass-balance');
    expect(t6?.text).toMatch(/: its normal demand and outflows$/);
  });
});
