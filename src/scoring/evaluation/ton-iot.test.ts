import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { listTonIotDevices, readTonIotFile, tonIotDevice } from './ton-iot-data.js';
import { evaluateTonIotDevice, randomSplit } from './ton-iot-evaluation.js';

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
    expect(r.heldout?.scores.every((s) => s > 0 && s < 1)).toBe(true);
  });
});
