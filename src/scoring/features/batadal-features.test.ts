import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { readBatadalFrame } from '../evaluation/batadal-data.js';
import { batadalDeviations } from './batadal-explanation.js';
import { buildBatadalFeatures, fitBatadalNormalModel } from './batadal-features.js';
import { expectedActuatorState, CTOWN_CONTROL_RULES } from './ctown-control-rules.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../../../fixtures/datasets/batadal/${name}`, import.meta.url));

describe('BATADAL features', () => {
  const normalFrame = readBatadalFrame(fixture('training1-slice.csv'), true);
  const attackFrame = readBatadalFrame(fixture('training2-slice.csv'), true);
  const normal = fitBatadalNormalModel(normalFrame);
  const features = buildBatadalFeatures(attackFrame, normal);

  it('builds 36 tag-agnostic columns for every hour', () => {
    expect(features.matrix.rows).toBe(864);
    expect(features.matrix.featureNames.slice(0, 9)).toEqual([
      'z:top1', 'z:top2', 'z:top3', 'z:mean', 'z:count3', 'z24:top1', 'z24:top3', 'rules:now', 'rules:24h',
    ]);
    expect(features.matrix.featureNames).toHaveLength(36);
    expect(features.matrix.featureNames[9]).toBe('z:top1@6h');
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
});
