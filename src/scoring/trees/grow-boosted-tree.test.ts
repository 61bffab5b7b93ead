import { describe, expect, it } from 'vitest';
import { createRandom } from '../../core/index.js';
import type { FeatureMatrix } from './feature-matrix.js';
import { growBoostedTree, type GrowParams } from './grow-boosted-tree.js';
import { binMatrix, MAX_BINS, MISSING_BIN } from './histogram-bins.js';
import type { Tree } from './tree-ensemble.js';

/**
 * 3,000 rows, 4 columns: a feature with ≈ 2,000 distinct values (more cut
 * points than most nodes have rows), one with 40 repeated values, one with
 * missing values, one constant; gradients of a logistic start on a label that
 * depends on all but the constant.
 */
function data(seed: number): { x: FeatureMatrix; grad: Float64Array; hess: Float64Array } {
  const random = createRandom(seed);
  const rows = 3000;
  const x = new Float64Array(rows * 4);
  const grad = new Float64Array(rows);
  const hess = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const a = Math.round(random.next() * 2000) / 7;
    const b = Math.floor(random.next() * 40);
    const c = random.next() < 0.15 ? Number.NaN : random.next() * 10;
    x.set([a, b, c, 3], r * 4);
    const y = (a > 150 && b % 3 === 0) || (Number.isNaN(c) && b > 20) || random.next() < 0.1 ? 1 : 0;
    const p = 0.3 + 0.4 * random.next();
    grad[r] = p - y;
    hess[r] = p * (1 - p);
  }
  return { x: { rows, columns: 4, data: x, featureNames: ['a', 'b', 'c', 'd'] }, grad, hess };
}

const plain = (t: Tree): unknown => ({
  feature: [...t.feature], threshold: [...t.threshold], left: [...t.left], right: [...t.right],
  value: [...t.value], cover: [...t.cover], defaultLeft: [...t.defaultLeft],
});

describe('growBoostedTree', () => {
  it('gives bins up to MAX_BINS and keeps MISSING_BIN for NaN', () => {
    const { x } = data(1);
    const binned = binMatrix(x, MAX_BINS);
    expect(binned.cuts.map((c) => c.length)).toEqual([
      new Set(Array.from({ length: x.rows }, (_, r) => x.data[r * 4] as number)).size - 1,
      39,
      binned.cuts[2]?.length,
      0,
    ]);
    expect(binned.cuts[2]?.length).toBeGreaterThan(2000);
    let missing = 0;
    for (let r = 0; r < x.rows; r++) missing += binned.bins[2 * x.rows + r] === MISSING_BIN ? 1 : 0;
    expect(missing).toBe(Array.from({ length: x.rows }, (_, r) => x.data[r * 4 + 2] as number).filter(Number.isNaN).length);
  });

  it.each([
    ['exact splits, deep', MAX_BINS, 12, 1],
    ['64 bins', 64, 6, 0],
    ['exact splits, min child weight 5', MAX_BINS, 8, 5],
  ])('chooses the same tree scanning occupied bins only or the whole histogram (%s)', (_name, maxBins, maxDepth, minChildWeight) => {
    for (const seed of [1, 2, 3]) {
      const { x, grad, hess } = data(seed);
      const binned = binMatrix(x, maxBins);
      const rows = Int32Array.from({ length: x.rows }, (_, i) => i).filter((r) => r % 5 !== 0);
      const features = Int32Array.from([0, 1, 2, 3]);
      const params: GrowParams = { maxDepth, lambda: 1, gamma: 0, minChildWeight, eta: 0.3 };
      const dense = growBoostedTree(binned, grad, hess, rows, features, { ...params, sparseNodeFactor: 0 });
      const sparse = growBoostedTree(binned, grad, hess, rows, features, { ...params, sparseNodeFactor: Number.POSITIVE_INFINITY });
      const auto = growBoostedTree(binned, grad, hess, rows, features, params);
      expect(dense.feature.length).toBeGreaterThan(20);
      expect(plain(sparse)).toEqual(plain(dense));
      expect(plain(auto)).toEqual(plain(dense));
    }
  });
});
