import { describe, expect, it } from 'vitest';
import { createRandom } from '../../core/index.js';
import { trainGradientBoosting } from '../models/gradient-boosting.js';
import { createTreeShapExplainer } from '../shap/tree-shap.js';
import { createFeatureMatrix, rowOf } from '../trees/feature-matrix.js';
import { predictEnsemble } from '../trees/predict.js';
import { averageEnsembles, trainBaggedBoosting } from './batadal-bag.js';

describe('bagging boosted trees over seeds', () => {
  const random = createRandom(7);
  const rows = Array.from({ length: 200 }, () => [random.next(), random.next(), random.next()]);
  const x = createFeatureMatrix(rows, ['a', 'b', 'c']);
  const y = rows.map((r) => ((r[0] as number) + 0.3 * (r[1] as number) > 0.7 ? 1 : 0));
  const params = { rounds: 10, maxDepth: 3, subsample: 0.7, colsample: 0.7, seed: 3 };

  it('outputs the mean margin of the bagged ensembles, and one ensemble unchanged', () => {
    const parts = [3, 4, 5].map((seed) => trainGradientBoosting(x, y, { ...params, seed }));
    const bag = trainBaggedBoosting(x, y, params, 3);
    expect(bag.trees).toHaveLength(30);
    for (let r = 0; r < 20; r++) {
      const mean = parts.reduce((s, e) => s + predictEnsemble(e, rowOf(x, r)), 0) / 3;
      expect(predictEnsemble(bag, rowOf(x, r))).toBeCloseTo(mean, 12);
    }
    expect(trainBaggedBoosting(x, y, params, 1)).toEqual(parts[0]);
    expect(averageEnsembles([parts[0] as (typeof parts)[number]])).toEqual(parts[0]);
  });

  it('keeps TreeSHAP locally accurate on the merged ensemble', () => {
    const bag = trainBaggedBoosting(x, y, params, 3);
    const explainer = createTreeShapExplainer(bag);
    const row = rowOf(x, 11);
    const e = explainer.explain(row);
    const total = e.expectedValue + [...e.contributions].reduce((s, v) => s + v, 0);
    expect(total).toBeCloseTo(predictEnsemble(bag, row), 9);
  });
});
