import { EngineError, createRandom } from '../../core/index.js';
import { binMatrix } from '../trees/histogram-bins.js';
import { growBoostedTree } from '../trees/grow-boosted-tree.js';
import { predictTree } from '../trees/predict.js';
import type { FeatureMatrix } from '../trees/feature-matrix.js';
import type { Tree, TreeEnsemble } from '../trees/tree-ensemble.js';

/**
 * Gradient-boosted trees for binary labels with the logistic loss, trained
 * second-order as in XGBoost (Chen & Guestrin 2016): g = p − y, h = p(1 − p),
 * histogram split finding, shrinkage η, L2 penalty λ, split penalty γ,
 * min_child_weight, and seeded row and column subsampling.
 */
export interface BoostingParams {
  readonly rounds: number;
  readonly maxDepth: number;
  readonly eta: number;
  readonly lambda: number;
  readonly gamma: number;
  readonly minChildWeight: number;
  readonly subsample: number;
  readonly colsample: number;
  readonly maxBins: number;
  /** Weight on positive rows' gradients (XGBoost scale_pos_weight). */
  readonly scalePosWeight: number;
  readonly seed: number;
}

export const DEFAULT_BOOSTING_PARAMS: BoostingParams = {
  rounds: 100,
  maxDepth: 5,
  eta: 0.1,
  lambda: 1,
  gamma: 0,
  minChildWeight: 1,
  subsample: 0.8,
  colsample: 0.8,
  maxBins: 64,
  scalePosWeight: 1,
  seed: 1,
};

const sigmoid = (m: number): number => 1 / (1 + Math.exp(-m));

function sampleIndices(n: number, fraction: number, next: () => number): Int32Array {
  if (fraction >= 1) return Int32Array.from({ length: n }, (_, i) => i);
  const picked: number[] = [];
  for (let i = 0; i < n; i++) if (next() < fraction) picked.push(i);
  return Int32Array.from(picked.length > 0 ? picked : [0]);
}

function checkLabels(x: FeatureMatrix, y: ArrayLike<number>): number {
  if (x.rows === 0 || y.length !== x.rows) {
    throw new EngineError('CG_TRAINING_DATA_INVALID', `boosting needs one label per row (${x.rows} rows, ${y.length} labels)`, {
      details: { rows: x.rows, labels: y.length },
    });
  }
  let positives = 0;
  for (let i = 0; i < y.length; i++) positives += y[i] === 1 ? 1 : 0;
  if (positives === 0 || positives === y.length) {
    throw new EngineError('CG_TRAINING_DATA_INVALID', 'boosting needs both classes in the labels', { details: { positives, rows: y.length } });
  }
  return positives / y.length;
}

/** Trains a logistic-loss boosted ensemble; output(x) is a margin (log-odds). */
export function trainGradientBoosting(x: FeatureMatrix, y: ArrayLike<number>, overrides: Partial<BoostingParams> = {}): TreeEnsemble {
  const params = { ...DEFAULT_BOOSTING_PARAMS, ...overrides };
  const prior = checkLabels(x, y);
  const baseMargin = Math.log(prior / (1 - prior));
  const binned = binMatrix(x, params.maxBins);
  const random = createRandom(params.seed);
  const margin = new Float64Array(x.rows).fill(baseMargin);
  const grad = new Float64Array(x.rows);
  const hess = new Float64Array(x.rows);
  const trees: Tree[] = [];
  const row = new Float64Array(x.columns);
  for (let t = 0; t < params.rounds; t++) {
    for (let i = 0; i < x.rows; i++) {
      const p = sigmoid(margin[i] as number);
      const w = y[i] === 1 ? params.scalePosWeight : 1;
      grad[i] = (p - (y[i] as number)) * w;
      hess[i] = Math.max(p * (1 - p), 1e-16) * w;
    }
    const rows = sampleIndices(x.rows, params.subsample, random.next);
    const features = sampleIndices(x.columns, params.colsample, random.next);
    const tree = growBoostedTree(binned, grad, hess, rows, features, params);
    trees.push(tree);
    for (let i = 0; i < x.rows; i++) {
      for (let c = 0; c < x.columns; c++) row[c] = x.data[i * x.columns + c] as number;
      margin[i] = (margin[i] as number) + predictTree(tree, row, 'float64');
    }
  }
  return { trees, baseMargin, featureNames: [...x.featureNames], precision: 'float64' };
}
