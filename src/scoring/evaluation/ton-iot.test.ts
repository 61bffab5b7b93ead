import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { listTonIotDevices, readTonIotFile, tonIotDevice } from './ton-iot-data.js';
import { MAX_BINS } from '../trees/histogram-bins.js';
import { wilsonUpper } from './binary-metrics.js';
import { evaluateTonIotDevice, featureVectorCeiling, randomSplit, TON_IOT_FPR_Z, TON_IOT_THRESHOLDS, tuneThreshold, type TonIotCapacityTrial } from './ton-iot-evaluation.js';

const dir = fileURLToPath(new URL('../../../fixtures/datasets/ton-iot/', import.meta.url));

describe('TON_IoT data', () => {
  it('lists devices with their train and held-out files', () => {
    expect(listTonIotDevices(dir).map((d) => [d.device, Boolean(d.heldout)])).toEqual([
      ['Fridge', true],
      ['Weather', true],
    ]);
    expect(tonIotDevice('x/Train_Test_IoT_GPS_Tracker.heldout.features.csv')).toBe('GPS_Tracker');
  });

  it('drops ts/date/time/label/type and reads state words as 0/1', () => {
    const fridge = readTonIotFile(`${dir}train/Train_Test_IoT_Fridge.train.csv`, { labelled: true });
    expect(fridge.matrix.featureNames).toEqual(['fridge_temperature', 'temp_condition']);
    expect(fridge.matrix.rows).toBe(600);
    const conditions = new Set<number>();
    for (let r = 0; r < fridge.matrix.rows; r++) conditions.add(fridge.matrix.data[r * 2 + 1] as number);
    expect([...conditions].sort()).toEqual([0, 1]);
    const held = readTonIotFile(`${dir}heldout_features_only/Train_Test_IoT_Fridge.heldout.features.csv`, { labelled: false, expected: fridge.matrix.featureNames });
    expect(held.hids?.slice(0, 2)).toEqual(['0008c5a4cae39569', '000ecabaeb9e9f34']);
  });

  it('splits rows at random reproducibly, about 20 % to validation', () => {
    const [fit, validate] = randomSplit(1000, 0.2, 20);
    expect(fit.length + validate.length).toBe(1000);
    expect(validate.length).toBeGreaterThan(150);
    expect(validate.length).toBeLessThan(250);
    expect([...randomSplit(1000, 0.2, 20)[1]]).toEqual([...validate]);
  });

  it('evaluates a device and scores its held-out rows', () => {
    const r = evaluateTonIotDevice(`${dir}train/Train_Test_IoT_Weather.train.csv`, `${dir}heldout_features_only/Train_Test_IoT_Weather.heldout.features.csv`, [
      { name: 'small', params: { rounds: 20, maxDepth: 4, seed: 1 } },
    ]);
    expect(r.device).toBe('Weather');
    expect(r.capacity).toBe('small');
    expect(r.trials.map((t) => [t.capacity, t.threshold])).toEqual([['small', r.threshold]]);
    expect(r.trainRows + r.validationRows).toBe(393);
    expect(r.validation.tp + r.validation.fp + r.validation.tn + r.validation.fn).toBe(r.validationRows);
    expect(r.heldout?.hids).toHaveLength(100);
    expect(r.model.threshold).toBe(r.threshold);
    expect([...(r.heldout?.flags ?? [])]).toEqual(Array.from(r.heldout?.scores ?? [], (s) => (s >= r.threshold ? 1 : 0)));
    expect(r.heldout?.scores.every((s) => s > 0 && s < 1)).toBe(true);
  });

  it('chooses the capacity inside the fit rows: a stump loses to deeper trees, a tie keeps the earlier', () => {
    const file = `${dir}train/Train_Test_IoT_Weather.train.csv`;
    const stump = { name: 'stump', params: { rounds: 1, maxDepth: 1, eta: 0.01, seed: 1 } };
    const deep = { name: 'deep', params: { rounds: 60, maxDepth: 6, maxBins: MAX_BINS, eta: 0.2, subsample: 1, colsample: 1, seed: 1 } };
    const r = evaluateTonIotDevice(file, undefined, [stump, deep]);
    const [s, d] = r.trials as [TonIotCapacityTrial, TonIotCapacityTrial];
    expect([s.capacity, d.capacity]).toEqual(['stump', 'deep']);
    // The fixture's inner tuning rows hold ≈ 20 normal rows: no FPR can be shown ≤ 2 % with 95 %
    // confidence (0 of them flagged is still an upper bound of ≈ 12 %), so equal FPRs are ranked
    // by macro-F1 — the deep model's.
    expect([s.fpr, d.fpr]).toEqual([0, 0]);
    expect(d.fprUpper).toBeGreaterThan(0.02);
    expect(d.macroF1).toBeGreaterThan(s.macroF1);
    expect(r.capacity).toBe('deep');
    expect(r.threshold).toBe(d.threshold);
    expect(r.model.metadata?.['capacity']).toBe('deep');
    expect(evaluateTonIotDevice(file, undefined, [deep, { ...deep, name: 'same' }]).capacity).toBe('deep');
  });
});

describe('TON_IoT feature-vector ceiling', () => {
  // Three vectors: (1,0) 5 attacks; (0,1) 2 normal + 3 attacks; (0,0) 98 normal + 2 attacks.
  const rows = [...Array(5).fill([1, 0]), ...Array(2).fill([0, 1]), ...Array(3).fill([0, 1]), ...Array(98).fill([0, 0]), ...Array(2).fill([0, 0])] as number[][];
  const y = [...Array(5).fill(1), 0, 0, 1, 1, 1, ...Array(98).fill(0), 1, 1] as number[];
  const matrix = { rows: rows.length, columns: 2, data: Float64Array.from(rows.flat()), featureNames: ['a', 'b'] };

  it('bounds every rule on the feature values: whole vectors by attack ratio, the last one in part', () => {
    // Budget 2 FP of 100: flag (1,0) and all of (0,1) — TP 8, FP 2: F1 0.8 and 0.98.
    expect(featureVectorCeiling(matrix, y)).toEqual({ distinctVectors: 3, macroF1: (0.8 + 0.98) / 2, fpr: 0.02 });
    // Budget 1 FP: half of (0,1) — TP 6.5, FP 1: F1 13/17.5 and 198/202.5.
    const one = featureVectorCeiling(matrix, y, 0.01);
    expect(one?.fpr).toBe(0.01);
    expect(one?.macroF1).toBeCloseTo((13 / 17.5 + 198 / 202.5) / 2, 12);
  });

  it('is not computed when the vectors take more values than the bound or than 5 % of the rows', () => {
    expect(featureVectorCeiling(matrix, y, 0.02, 2)).toBeUndefined();
    expect(featureVectorCeiling(matrix, y, 0.02, 3)?.distinctVectors).toBe(3);
    // 3 vectors in 59 rows is over 5 % (59 · 0.05 = 2.95); in 60 rows it is not.
    const rowsOf = (n: number): number[][] => [[1, 0], [0, 1], ...(Array(n - 2).fill([0, 0]) as number[][])];
    const m = (n: number): typeof matrix => ({ rows: n, columns: 2, data: Float64Array.from(rowsOf(n).flat()), featureNames: ['a', 'b'] });
    const ys = (n: number): number[] => [1, 1, ...(Array(n - 2).fill(0) as number[])];
    expect(featureVectorCeiling(m(59), ys(59))).toBeUndefined();
    expect(featureVectorCeiling(m(60), ys(60))?.distinctVectors).toBe(3);
    // Every row its own vector (the Weather slice): no ceiling.
    const weather = readTonIotFile(`${dir}train/Train_Test_IoT_Weather.train.csv`, { labelled: true });
    expect(featureVectorCeiling(weather.matrix, weather.labels as Int8Array)).toBeUndefined();
  });
});

describe('TON_IoT threshold tuning', () => {
  // 100 normal rows scored 0.00 … 0.99, 20 attacks scored 0.55 … 0.74.
  const scores = [...Array.from({ length: 100 }, (_, i) => i / 100), ...Array.from({ length: 20 }, (_, i) => 0.55 + i / 100)];
  const labels = [...new Array<number>(100).fill(0), ...new Array<number>(20).fill(1)];

  it('keeps the best macro-F1 among thresholds with FPR ≤ 2 %', () => {
    // FPR ≤ 2 % needs ≥ 0.98 here (2 normals at 0.98, 0.99); 0.5 would flag 50.
    expect(tuneThreshold(scores, labels, 0.02, TON_IOT_THRESHOLDS, 0)).toBe(0.98);
    // With FPR ≤ 50 % allowed: 0.56 (TP 19, FP 44) has macro-F1 0.586, above 0.54 (0.583) and 0.5 (0.556).
    expect(tuneThreshold(scores, labels, 0.5, TON_IOT_THRESHOLDS, 0)).toBe(0.56);
  });

  it('by default asks the 95 % upper bound of the FPR to meet the bound, not the rate alone', () => {
    expect(wilsonUpper(2, 100, TON_IOT_FPR_Z)).toBeCloseTo(0.0587, 4);
    expect(wilsonUpper(0, 100, TON_IOT_FPR_Z)).toBeCloseTo(0.0263, 4);
    expect(wilsonUpper(100, 5000, TON_IOT_FPR_Z)).toBeCloseTo(0.0235, 4);
    expect(wilsonUpper(3, 7, 0)).toBe(3 / 7);
    // 1,000 normals scored 0.0005 … 0.9995, 300 attacks 0.95 … 0.999.
    const normal = Array.from({ length: 1000 }, (_, i) => (i + 0.5) / 1000);
    const attack = Array.from({ length: 300 }, (_, i) => 0.95 + (i / 300) * 0.049);
    const all = [...normal, ...attack];
    const y = [...new Array<number>(1000).fill(0), ...new Array<number>(300).fill(1)];
    const candidates = [0.5, 0.97, 0.98, 0.985, 0.99];
    // The rate alone: 0.98 (20 FP, 2.0 %) has the best macro-F1 (0.719) of those ≤ 2 %.
    expect(tuneThreshold(all, y, 0.02, candidates, 0)).toBe(0.98);
    // Upper bounds: 0.98 → 2.87 %, 0.985 (15 FP) → 2.28 %, 0.99 (10 FP) → 1.67 %: only 0.99 passes.
    expect(tuneThreshold(all, y, 0.02, candidates)).toBe(0.99);
  });

  it('falls back to the lowest FPR when no candidate meets the bound, then the best macro-F1', () => {
    // 100 normals at 0 … 0.396, 20 attacks at 0.30 … 0.49: nothing meets 2 % with confidence on
    // 100 rows; 0.5 (tried first) and 0.40 … 0.98 flag no normal, and of those 0.40 finds 10 attacks.
    const separable = [...Array.from({ length: 100 }, (_, i) => i / 250), ...Array.from({ length: 20 }, (_, i) => 0.3 + i / 100)];
    expect(tuneThreshold(separable, labels)).toBe(0.4);
    // Every candidate flags the normal row (FPR 1): the first of the tied is kept.
    expect(tuneThreshold([0.995, 0.9], [0, 1], 0, [0.5, 0.92, 0.99], 0)).toBe(0.5);
    expect(tuneThreshold([0.995, 0.9, 0.2], [0, 1, 0], 0.4, [0.5, 0.92, 0.99], 0)).toBe(0.5);
  });
});
