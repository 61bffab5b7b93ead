import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readBatadalFrame } from './batadal-data.js';
import { attackBlocks } from './batadal-blocks.js';
import { batadalLeaveOneAttackOut } from './batadal-loao.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../../../fixtures/datasets/batadal/${name}`, import.meta.url));

describe('BATADAL leave-one-attack-out', () => {
  it('cuts the hours into one block per attack at the midpoints between attacks', () => {
    //            0  1  2  3  4  5  6  7  8  9 10 11
    const labels = [0, 1, 1, 0, 0, 0, 0, 1, 0, 0, 1, 0];
    // Attack 1 ends at 3, attack 2 starts at 7: cut at 5; attack 2 ends at 8, attack 3 starts at 10: cut at 9.
    expect(attackBlocks(labels)).toEqual([[0, 5], [5, 9], [9, 12]]);
    expect(() => attackBlocks([0, 0])).toThrow(/need at least one attack/);
  });

  it('tests each attack with a model that never saw its block, and pools the hours', () => {
    const data = { training1: readBatadalFrame(fixture('training1-slice.csv'), true), training2: readBatadalFrame(fixture('training2-slice.csv'), true) };
    const r = batadalLeaveOneAttackOut(data, { threshold: 0.5, hold: 1 }, { boosting: { rounds: 10, maxDepth: 3, seed: 1 }, bag: 1 });
    expect(r.folds.map((f) => [f.attack, f.from, f.to])).toEqual(attackBlocks(data.training2.labels as Int8Array).map(([from, to], i) => [i + 1, from, to]));
    expect(r.folds.map((f) => f.detection.duration)).toEqual([50, 24, 60]);
    expect(r.folds.reduce((s, f) => s + f.tp + f.fp + f.tn + f.fn, 0)).toBe(data.training2.rows);
    const tp = r.folds.reduce((s, f) => s + f.tp, 0);
    expect(r.tpr).toBe(tp / r.folds.reduce((s, f) => s + f.tp + f.fn, 0));
    expect(r.sTtd).toBeCloseTo(1 - r.folds.reduce((s, f) => s + f.detection.timeToDetection / f.detection.duration, 0) / 3, 12);
    expect(r.S).toBeCloseTo(0.5 * r.sTtd + 0.25 * (r.tpr + r.tnr), 12);
    expect(r.folds[0]?.hours).toMatch(/^\d\d\/\d\d\/16 \d\d – \d\d\/\d\d\/16 \d\d \(\d+ h\)$/);
  });
});
