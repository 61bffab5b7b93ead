import { describe, expect, it } from 'vitest';
import { createRandom } from '../../core/index.js';
import type { FeatureMatrix } from '../trees/feature-matrix.js';
import { bestAtFpr, deviceSeparability, ksStatistic, outOfFoldCellRule, quantileCells } from './ton-iot-separability.js';

const column = (name: string, values: readonly number[]): FeatureMatrix => ({ rows: values.length, columns: 1, data: Float64Array.from(values), featureNames: [name] });

describe('TON_IoT separability', () => {
  it('measures the KS statistic as the largest gap between the two empirical CDFs', () => {
    expect(ksStatistic([1, 2, 3, 4], [1, 2, 3, 4])).toBe(0);
    expect(ksStatistic([1, 2], [3, 4])).toBe(1);
    // CDFs at 2: 2/4 against 0/2; at 3: 3/4 against 1/2.
    expect(ksStatistic([1, 2, 3, 4], [3, 5])).toBe(0.5);
    expect(ksStatistic([], [1])).toBeNaN();
    // Missing values are left out (they stalled the merge before).
    expect(ksStatistic([1, Number.NaN, 2], [3, Number.NaN])).toBe(1);
    expect(ksStatistic([Number.NaN], [1])).toBeNaN();
  });

  it('cuts columns into quantile cells, one per value when there are fewer values than cells', () => {
    const m = quantileCells(column('x', [5, 1, 4, 2, 3, 6, 8, 7]), 4);
    // Cuts at the 2nd, 4th and 6th of the sorted values (3, 5, 7); a value's cell counts the cuts at or below it.
    expect(Array.from(m.data)).toEqual([2, 0, 1, 0, 1, 2, 3, 3]);
    expect(Array.from(quantileCells(column('s', [0, 1, 1, 0, 1]), 100).data)).toEqual([0, 1, 1, 0, 1]);
  });

  it('finds the best macro-F1 at the FPR budget, cutting between distinct scores only', () => {
    // Two attacks score above every normal row: a perfect cut.
    expect(bestAtFpr([0.9, 0.8, 0.1, 0.2, 0.3], [1, 1, 0, 0, 0])).toEqual({ macroF1: 1, fpr: 0 });
    // A tie of an attack and a normal row at the top: with no FP allowed nothing can be flagged.
    const tied = bestAtFpr([0.9, 0.9, 0.1, 0.2], [1, 0, 0, 0], 0);
    expect(tied.fpr).toBe(0);
    expect(tied.macroF1).toBeCloseTo((0 + (2 * 3) / (2 * 3 + 1)) / 2, 12);
  });

  it('tells a separable column from one whose attack rows are drawn like its normal rows, out of fold', () => {
    const random = createRandom(7);
    const labels = Array.from({ length: 4000 }, (_, r) => (r % 3 === 0 ? 1 : 0));
    const noise = labels.map(() => random.next());
    const halves = labels.map((_, r) => r % 2);
    const separable = deviceSeparability(column('x', halves.map((y, r) => 2 * y + (noise[r] as number))), halves, [2, 10]);
    const same = deviceSeparability(column('x', noise), labels, [10, 100]);
    expect(separable.ks['x']).toBe(1);
    // Two cells cut at the median, which is the classes' gap; ten cells split each class further.
    expect(separable.cells.map((c) => c.outOfFold.macroF1)).toEqual([1, 1]);
    expect(same.ks['x']).toBeLessThan(0.05);
    for (const c of same.cells) {
      expect(c.outOfFold.macroF1).toBeLessThan(0.5);
      expect(c.inSample?.macroF1).toBeLessThan(0.5);
    }
    expect(outOfFoldCellRule(quantileCells(column('x', noise), 10), labels, 5, 1).fpr).toBeLessThanOrEqual(0.02);
  });
});
