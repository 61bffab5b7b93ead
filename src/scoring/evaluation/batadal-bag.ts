import { trainGradientBoosting, type BoostingParams } from '../models/gradient-boosting.js';
import type { FeatureMatrix } from '../trees/feature-matrix.js';
import type { TreeEnsemble } from '../trees/tree-ensemble.js';

/**
 * One ensemble whose output is the mean of the given ensembles' outputs
 * (bagging over seeds, Breiman 1996): every tree's values and the base margins
 * are divided by their number, so output(x) = (1/k) Σ_j output_j(x) exactly
 * and TreeSHAP of the merged ensemble is the mean of their explanations.
 */
export function averageEnsembles(ensembles: readonly TreeEnsemble[]): TreeEnsemble {
  const first = ensembles[0];
  if (first === undefined) throw new RangeError('averageEnsembles needs at least one ensemble');
  const k = ensembles.length;
  return {
    trees: ensembles.flatMap((e) => e.trees.map((t) => ({ ...t, value: Float64Array.from(t.value, (v) => v / k) }))),
    baseMargin: ensembles.reduce((s, e) => s + e.baseMargin, 0) / k,
    featureNames: first.featureNames,
    precision: first.precision,
  };
}

/** Boosted trees trained with seeds seed … seed + bag − 1 on the same rows, averaged. */
export function trainBaggedBoosting(x: FeatureMatrix, y: ArrayLike<number>, params: Partial<BoostingParams>, bag: number): TreeEnsemble {
  const seed = params.seed ?? 1;
  const models = Array.from({ length: Math.max(1, bag) }, (_, i) => trainGradientBoosting(x, y, { ...params, seed: seed + i }));
  return models.length === 1 ? (models[0] as TreeEnsemble) : averageEnsembles(models);
}
