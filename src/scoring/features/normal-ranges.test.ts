import { describe, expect, it } from 'vitest';
import { fitNormalRanges, normalRangesFromJson, rangeDeviations } from './normal-ranges.js';

describe('normal ranges', () => {
  // 21 normal rows: a = 0 … 20, b alternates 0/1 (11 zeros), c missing in one row; 2 attack rows.
  const rows = [...Array.from({ length: 21 }, (_, i) => [i, i % 2, i === 3 ? Number.NaN : 100 + i]), [500, 1, 900], [600, 1, 901]];
  const labels = [...new Array<number>(21).fill(0), 1, 1];
  const matrix = { rows: rows.length, columns: 3, data: Float64Array.from(rows.flat()), featureNames: ['a', 'b', 'c'] };

  it('keeps the 5 %, 50 % and 95 % points of the normal rows, or the share of 1 for a two-valued feature', () => {
    const r = fitNormalRanges(matrix, labels);
    expect(r['a']).toEqual({ kind: 'range', low: 1, median: 10, high: 19 });
    expect(r['b']).toEqual({ kind: 'binary', shareOne: 10 / 21 });
    // c: 20 values 100 … 120 without 103; the 5 % point lies between 100 and 101.
    expect(r['c']).toEqual({ kind: 'range', low: 100.95, median: 110.5, high: 119.05 });
  });

  it('words the features that raise the score, largest first, against their normal range', () => {
    const ranges = fitNormalRanges(matrix, labels);
    const words = rangeDeviations(
      [
        { feature: 'a', value: 500, shap: 2.5 },
        { feature: 'c', value: -4, shap: -1 },
        { feature: 'b', value: 1, shap: 0.4 },
        { feature: 'c', value: 110, shap: 0.2 },
        { feature: 'z', value: 1, shap: 0.1 },
      ],
      ranges,
    ).map((d) => d.text);
    expect(words).toEqual([
      'a 500 is above the normal range 1 to 19 (5–95 % of normal rows, median 10); SHAP +2.500',
      'b 1: 47.6 % of normal rows have 1; SHAP +0.400',
      'c 110 is inside the normal range 101 to 119 (5–95 % of normal rows, median 110.5); SHAP +0.200, unusual together with the other features',
    ]);
    expect(rangeDeviations([{ feature: 'a', value: -3, shap: 1 }], ranges)[0]?.text).toMatch(/^a -3 is below the normal range 1 to 19 /);
  });

  it('round-trips through JSON and refuses a malformed entry naming it', () => {
    const ranges = fitNormalRanges(matrix, labels);
    expect(normalRangesFromJson(JSON.parse(JSON.stringify(ranges)))).toEqual(ranges);
    expect(normalRangesFromJson(undefined)).toBeUndefined();
    expect(() => normalRangesFromJson({ a: { kind: 'range', low: 3, median: 2, high: 4 } })).toThrow('model normal ranges: /a must have low ≤ median ≤ high, got 3, 2, 4');
    expect(() => normalRangesFromJson({ b: { kind: 'binary', shareOne: 'half' } })).toThrow('model normal ranges: /b/shareOne must be a finite number');
    expect(() => normalRangesFromJson({ c: { kind: 'set' } })).toThrow('model normal ranges: /c/kind must be "range" or "binary", got "set"');
    expect(() => normalRangesFromJson([])).toThrow('model normal ranges:  must be an object');
  });
});
