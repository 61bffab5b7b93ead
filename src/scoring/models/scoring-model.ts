import { calibrate, type Calibration } from '../calibration/calibration.js';
import { predictEnsemble } from '../trees/predict.js';
import type { TreeEnsemble } from '../trees/tree-ensemble.js';
import { isolationScore, isolationSampleSize } from './isolation-forest.js';

/**
 * A model the engine runs: a tree ensemble plus how its raw output becomes an
 * anomaly score in [0, 1] (its `kind`), an optional calibration into a
 * probability, and the alert threshold on the score.
 *
 * - `gradient-boosted-trees` and `xgboost`: raw = margin, score = σ(margin).
 * - `isolation-forest`: raw = E[h(x)], score = 2^(−E[h]/c(ψ)) (Liu et al. 2008).
 */
export type ModelKind = 'gradient-boosted-trees' | 'isolation-forest' | 'xgboost';

export interface ScoringModel {
  readonly kind: ModelKind;
  readonly ensemble: TreeEnsemble;
  readonly calibration?: Calibration;
  /** Alert when score ≥ threshold. */
  readonly threshold: number;
  /** Feature builder that turns source rows into model features (e.g. `batadal-v1`), if any. */
  readonly features?: string;
  /** Free-form training facts: dataset, parameters, validation figures. */
  readonly metadata: Readonly<Record<string, unknown>>;
}

export interface RowScore {
  readonly raw: number;
  readonly score: number;
  readonly probability: number;
  readonly flag: boolean;
}

const sigmoid = (m: number): number => 1 / (1 + Math.exp(-m));

const SCORE_OF_RAW: Readonly<Record<ModelKind, (model: ScoringModel, raw: number) => number>> = {
  'gradient-boosted-trees': (_m, raw) => sigmoid(raw),
  xgboost: (_m, raw) => sigmoid(raw),
  'isolation-forest': (m, raw) => isolationScore(raw, isolationSampleSize(m.ensemble)),
};

/** The anomaly score in [0, 1] for a raw ensemble output. */
export function scoreOfRaw(model: ScoringModel, raw: number): number {
  return SCORE_OF_RAW[model.kind](model, raw);
}

/** Scores one feature row: raw output, score, calibrated probability, alert flag. */
export function scoreRow(model: ScoringModel, x: ArrayLike<number>): RowScore {
  const raw = predictEnsemble(model.ensemble, x);
  const score = scoreOfRaw(model, raw);
  const probability = model.calibration ? calibrate(model.calibration, score) : score;
  return { raw, score, probability, flag: score >= model.threshold };
}
