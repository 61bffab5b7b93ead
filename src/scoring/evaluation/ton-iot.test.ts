import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { listTonIotDevices, readTonIotFile, tonIotDevice } from './ton-iot-data.js';
import { evaluateTonIotDevice, randomSplit, tuneThreshold } from './ton-iot-evaluation.js';

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
    const r = evaluateTonIotDevice(`${dir}train/Train_Test_IoT_Weather.train.csv`, `${dir}heldout_features_only/Train_Test_IoT_Weather.heldout.features.csv`, {
      rounds: 20, maxDepth: 4, seed: 1,
    });
    expect(r.device).toBe('Weather');
    expect(r.trainRows + r.validationRows).toBe(393);
    expect(r.validation.tp + r.validation.fp + r.validation.tn + r.validation.fn).toBe(r.validationRows);
    expect(r.heldout?.hids).toHaveLength(100);
    expect(r.model.threshold).toBe(r.threshold);
    expect([...(r.heldout?.flags ?? [])]).toEqual(Array.from(r.heldout?.scores ?? [], (s) => (s >= r.threshold ? 1 : 0)));
    expect(r.heldout?.scores.every((s) => s > 0 && s < 1)).toBe(true);
  });
});

describe('TON_IoT threshold tuning', () => {
  // 100 normal rows scored 0.00 … 0.99, 20 attacks scored 0.55 … 0.74.
  const scores = [...Array.from({ length: 100 }, (_, i) => i / 100), ...Array.from({ length: 20 }, (_, i) => 0.55 + i / 100)];
  const labels = [...new Array<number>(100).fill(0), ...new Array<number>(20).fill(1)];

  it('keeps the best macro-F1 among thresholds with FPR ≤ 2 %', () => {
    // FPR ≤ 2 % needs ≥ 0.98 here (2 normals at 0.98, 0.99); 0.5 would flag 50.
    expect(tuneThreshold(scores, labels)).toBe(0.98);
    // With FPR ≤ 50 % allowed: 0.56 (TP 19, FP 44) has macro-F1 0.586, above 0.54 (0.583) and 0.5 (0.556).
    expect(tuneThreshold(scores, labels, 0.5)).toBe(0.56);
  });

  it('falls back to the lowest FPR when no candidate meets the bound', () => {
    // Every candidate flags the normal row (FPR 1): the first of the tied is kept.
    expect(tuneThreshold([0.995, 0.9], [0, 1], 0, [0.5, 0.92, 0.99])).toBe(0.5);
    expect(tuneThreshold([0.995, 0.9, 0.2], [0, 1, 0], 0.4, [0.5, 0.92, 0.99])).toBe(0.5);
  });
});
