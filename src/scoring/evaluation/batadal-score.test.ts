import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { attackRuns, batadalScore, combineBatadal } from './batadal-score.js';
import { binaryMetrics } from './binary-metrics.js';

const LEADERBOARD = new URL('../../../fixtures/datasets/batadal/BATADAL_published_leaderboard.csv', import.meta.url);

describe('BATADAL score', () => {
  it('recomputes every published S from its S_TTD and S_CM (Abokifa differs by the source rounding gap)', () => {
    const rows = readFileSync(LEADERBOARD, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    // Published S is rounded to 3 decimals, so a faithful recomputation is within 0.0005.
    const within = rows.map((r) => [r[1], Math.abs(combineBatadal(Number(r[4]), Number(r[5])) - Number(r[3])) <= 0.0005 + 1e-12]);
    expect(within).toEqual([
      ['Housh and Ohar', true],
      ['Abokifa et al.', false],
      ['Giacomoni et al.', true],
      ['Brentan et al.', true],
      ['Chandy et al.', true],
      ['Pasha et al.', true],
      ['Aghashahi et al.', true],
    ]);
    const abokifa = rows[1] as string[];
    expect(combineBatadal(Number(abokifa[4]), Number(abokifa[5]))).toBeCloseTo(0.951, 6);
  });

  it('scores a hand-made sequence with known times to detection', () => {
    //           attack A (4 h)       attack B (2 h)   attack C (3 h, missed)
    const labels = [0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0];
    const alarms = [0, 1, 0, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    const score = batadalScore(labels, alarms);
    expect(score.attacks).toEqual([
      { start: 2, duration: 4, timeToDetection: 2, detected: true },
      { start: 8, duration: 2, timeToDetection: 0, detected: true },
      { start: 12, duration: 3, timeToDetection: 3, detected: false },
    ]);
    expect(score.sTtd).toBeCloseTo(1 - (2 / 4 + 0 + 1) / 3, 12);
    expect(score.tpr).toBeCloseTo(3 / 9, 12);
    expect(score.tnr).toBeCloseTo(9 / 11, 12);
    expect(score.sCm).toBeCloseTo((3 / 9 + 9 / 11) / 2, 12);
    expect(score.S).toBeCloseTo(0.5 * score.sTtd + 0.5 * score.sCm, 12);
  });

  it('gives a perfect detector S = 1 and a silent one S_TTD = 0, S_CM = 0.5', () => {
    const labels = [0, 1, 1, 0, 1, 0];
    expect(batadalScore(labels, labels).S).toBe(1);
    const silent = batadalScore(labels, [0, 0, 0, 0, 0, 0]);
    expect([silent.sTtd, silent.sCm, silent.S]).toEqual([0, 0.5, 0.25]);
    expect(attackRuns(labels)).toEqual([[1, 2], [4, 1]]);
  });
});

describe('binary metrics', () => {
  it('computes macro-F1 and FPR from the confusion counts', () => {
    const m = binaryMetrics([1, 1, 0, 0, 0, 1], [1, 0, 0, 1, 0, 1]);
    expect(m).toEqual({ tp: 2, fp: 1, tn: 2, fn: 1, macroF1: (4 / 6 + 4 / 6) / 2, fpr: 1 / 3, accuracy: 4 / 6 });
  });
});
