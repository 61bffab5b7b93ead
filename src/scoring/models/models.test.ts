import { describe, expect, it } from 'vitest';
import { contentHash, createRandom, EngineError } from '../../core/index.js';
import { createTreeShapExplainer } from '../shap/tree-shap.js';
import { createFeatureMatrix, rowOf, type FeatureMatrix } from '../trees/feature-matrix.js';
import { predictEnsemble } from '../trees/predict.js';
import { treeDepth } from '../trees/tree-ensemble.js';
import { trainGradientBoosting } from './gradient-boosting.js';
import { averagePathLength, isolationScore, trainIsolationForest } from './isolation-forest.js';
import { parseModel, serializeModel } from './model-file.js';
import { scoreRow, type ScoringModel } from './scoring-model.js';

const NAMES = ['a', 'b', 'c', 'd'];

function synthetic(seed: number, n: number): { x: FeatureMatrix; y: number[] } {
  const random = createRandom(seed);
  const rows: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = NAMES.map(() => random.normal());
    if (random.chance(0.05)) row[2] = Number.NaN;
    rows.push(row);
    y.push((row[0] as number) + 0.5 * (row[1] as number) > 0.8 ? 1 : 0);
  }
  return { x: createFeatureMatrix(rows, NAMES), y };
}

describe('gradient-boosted trees', () => {
  const { x, y } = synthetic(1, 600);
  const ensemble = trainGradientBoosting(x, y, { rounds: 40, maxDepth: 4, seed: 3 });

  it('learns a separable rule: training accuracy above 97%', () => {
    let correct = 0;
    for (let r = 0; r < x.rows; r++) correct += (predictEnsemble(ensemble, rowOf(x, r)) > 0 ? 1 : 0) === y[r] ? 1 : 0;
    expect(correct / x.rows).toBeGreaterThan(0.97);
    expect(ensemble.trees).toHaveLength(40);
    expect(Math.max(...ensemble.trees.map((t) => treeDepth(t)))).toBeLessThanOrEqual(4);
  });

  it('is reproducible by seed', () => {
    const again = trainGradientBoosting(x, y, { rounds: 40, maxDepth: 4, seed: 3 });
    expect(serializeModel({ kind: 'gradient-boosted-trees', ensemble: again, threshold: 0.5, metadata: {} })).toBe(
      serializeModel({ kind: 'gradient-boosted-trees', ensemble, threshold: 0.5, metadata: {} }),
    );
  });

  it('refuses labels of one class with CG_TRAINING_DATA_INVALID', () => {
    const thrown = (() => {
      try {
        trainGradientBoosting(x, new Array<number>(x.rows).fill(0));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(thrown).toBeInstanceOf(EngineError);
    expect((thrown as EngineError).code).toBe('CG_TRAINING_DATA_INVALID');
  });
});

describe('isolation forest', () => {
  it('computes c(n) of Liu et al. 2008', () => {
    expect(averagePathLength(1)).toBe(0);
    expect(averagePathLength(2)).toBe(1);
    expect(averagePathLength(256)).toBeCloseTo(10.244770, 5);
    expect(isolationScore(averagePathLength(256), 256)).toBeCloseTo(0.5, 12);
  });

  it('scores an outlier above 0.6 and typical rows below 0.5', () => {
    const { x } = synthetic(2, 1000);
    const ensemble = trainIsolationForest(x, { trees: 100, sampleSize: 256, seed: 5 });
    const model: ScoringModel = { kind: 'isolation-forest', ensemble, threshold: 0.6, metadata: {} };
    expect(scoreRow(model, [6, -6, 6, -6]).score).toBeGreaterThan(0.6);
    expect(scoreRow(model, [0, 0, 0, 0]).score).toBeLessThan(0.5);
  });
});

describe('TreeSHAP local accuracy on random inputs', () => {
  const { x, y } = synthetic(4, 500);
  const kinds = {
    'gradient-boosted-trees': trainGradientBoosting(x, y, { rounds: 30, maxDepth: 6, seed: 9 }),
    'isolation-forest': trainIsolationForest(x, { trees: 50, sampleSize: 128, seed: 9 }),
  };
  for (const [kind, ensemble] of Object.entries(kinds)) {
    it(`holds for ${kind}: expected value + Σφ = output to 1e-9 on 200 random rows`, () => {
      const explainer = createTreeShapExplainer(ensemble);
      const random = createRandom(11);
      for (let i = 0; i < 200; i++) {
        const row = NAMES.map(() => (random.chance(0.1) ? Number.NaN : random.normal(0, 2)));
        const { contributions, expectedValue } = explainer.explain(row);
        const total = contributions.reduce((s, c) => s + c, expectedValue);
        expect(Math.abs(total - predictEnsemble(ensemble, row))).toBeLessThan(1e-9);
      }
    });
  }

  it('gives a feature the trees never split on exactly zero', () => {
    const ensemble = kinds['gradient-boosted-trees'];
    const used = new Set(ensemble.trees.flatMap((t) => [...t.feature].filter((f) => f >= 0)));
    const explainer = createTreeShapExplainer(ensemble);
    const { contributions } = explainer.explain([1, 1, 1, 1]);
    NAMES.forEach((_, f) => {
      if (!used.has(f)) expect(contributions[f]).toBe(0);
    });
    expect(used.has(0) && used.has(1)).toBe(true);
  });
});

describe('model files', () => {
  const { x, y } = synthetic(6, 300);
  const model: ScoringModel = {
    kind: 'gradient-boosted-trees',
    ensemble: trainGradientBoosting(x, y, { rounds: 5, seed: 1 }),
    threshold: 0.5,
    calibration: { method: 'platt', a: -2, b: 1 },
    metadata: { dataset: 'synthetic' },
  };

  it('round-trips with a content-hash version and identical scores', () => {
    const text = serializeModel(model);
    const { model: back, version } = parseModel(JSON.parse(text));
    expect(version).toMatch(/^[0-9a-f]{16}$/);
    expect(JSON.parse(text).version).toBe(version);
    expect(serializeModel(back)).toBe(text);
    expect(scoreRow(back, [1, 2, 3, 4])).toEqual(scoreRow(model, [1, 2, 3, 4]));
  });

  it('refuses an edited file with CG_MODEL_VERSION_MISMATCH', () => {
    const json = JSON.parse(serializeModel(model));
    json.threshold = 0.1;
    expect(() => parseModel(json)).toThrowError(expect.objectContaining({ code: 'CG_MODEL_VERSION_MISMATCH' }));
  });

  it('names the JSON pointer of a malformed tree with CG_MODEL_INVALID', () => {
    const json = JSON.parse(serializeModel(model));
    const { version: _v, ...body } = json;
    body.trees[2].cover = [1];
    const rehashed = { version: contentHash(JSON.stringify(body)), ...body };
    expect(() => parseModel(rehashed)).toThrowError(expect.objectContaining({ code: 'CG_MODEL_INVALID', details: { pointer: '/trees/2/cover' } }));
    expect(() => parseModel({ format: 'nope' })).toThrowError(expect.objectContaining({ code: 'CG_MODEL_INVALID', details: { pointer: '/format' } }));
  });
});
