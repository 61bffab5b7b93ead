import { fitCalibration } from '../calibration/calibration.js';
import { BATADAL_FEATURE_SET, buildBatadalFeatures, fitBatadalNormalModel, type BatadalFeatures, type BatadalNormalModel } from '../features/batadal-features.js';
import { batadalNormalToJson } from '../features/batadal-normal-json.js';
import { trainGradientBoosting, type BoostingParams } from '../models/gradient-boosting.js';
import { isolationScore, trainIsolationForest } from '../models/isolation-forest.js';
import type { ScoringModel } from '../models/scoring-model.js';
import { rowOf, type FeatureMatrix } from '../trees/feature-matrix.js';
import { predictEnsemble } from '../trees/predict.js';
import type { TreeEnsemble } from '../trees/tree-ensemble.js';
import { applyAlarmPolicy, tuneAlarmPolicy, type AlarmPolicy } from './alarm-policy.js';
import type { BatadalFrame } from './batadal-data.js';
import { attackRuns, batadalScore, type BatadalScore } from './batadal-score.js';

/**
 * The BATADAL protocol (issue 6 item 6), time-ordered throughout:
 * 1. normal-operation tag models are fitted on training set 1 (no attacks);
 * 2. training set 2 is split at `validateFrom` (default 2016-10-20 00:00, row
 *    2592): hours before it (attacks 1–3) train, hours from it (attacks 4–7)
 *    validate and are never used for fitting or tuning;
 * 3. the alarm threshold and hold are tuned inside the training hours by a
 *    second time-ordered split at `tuneFrom` (default 2016-09-20 00:00, row
 *    1872: fit on attack 1, tune on attacks 2–3);
 * 4. the model trained on training set 1 + the training hours scores the
 *    validation hours: the reported S, S_TTD, S_CM;
 * 5. a Platt calibration is fitted on the validation scores, and the final
 *    model is retrained on training set 1 + all of training set 2 to score
 *    the test set.
 */
export interface BatadalProtocol {
  readonly validateFrom: number;
  readonly tuneFrom: number;
  readonly boosting: Partial<BoostingParams>;
}

export const DEFAULT_BATADAL_PROTOCOL: BatadalProtocol = {
  validateFrom: 2592,
  tuneFrom: 1872,
  boosting: { rounds: 100, maxDepth: 3, eta: 0.1, subsample: 0.8, colsample: 0.8, minChildWeight: 5, seed: 1 },
};

export interface BatadalEvaluation {
  readonly split: { readonly trainHours: string; readonly tuneHours: string; readonly validationHours: string };
  readonly policy: AlarmPolicy;
  readonly validation: BatadalScore;
  /**
   * Unsupervised baseline on the same split: an isolation forest fitted on
   * training set 1 only (no labels), its alarm policy tuned on the tuning hours.
   */
  readonly isolationBaseline: { readonly policy: AlarmPolicy; readonly validation: BatadalScore };
  /** 1-based ids in training set 2 of the attacks in the validation hours, in order. */
  readonly validationAttackIds: readonly number[];
  readonly model: ScoringModel;
  readonly normal: BatadalNormalModel;
  readonly test: { readonly times: readonly string[]; readonly scores: Float64Array; readonly flags: Int8Array; readonly features: BatadalFeatures };
}

function stack(parts: readonly { matrix: FeatureMatrix; from: number; to: number }[]): FeatureMatrix {
  const first = parts[0]?.matrix as FeatureMatrix;
  const rows = parts.reduce((s, p) => s + p.to - p.from, 0);
  const data = new Float64Array(rows * first.columns);
  let at = 0;
  for (const p of parts) {
    data.set(p.matrix.data.subarray(p.from * first.columns, p.to * first.columns), at);
    at += (p.to - p.from) * first.columns;
  }
  return { rows, columns: first.columns, data, featureNames: first.featureNames };
}

function scores(ensemble: TreeEnsemble, m: FeatureMatrix, from: number, to: number): Float64Array {
  return Float64Array.from({ length: to - from }, (_, i) => 1 / (1 + Math.exp(-predictEnsemble(ensemble, rowOf(m, from + i)))));
}

function trainOn(f1: FeatureMatrix, f2: FeatureMatrix, labels: Int8Array, until: number, params: Partial<BoostingParams>): TreeEnsemble {
  const x = stack([{ matrix: f1, from: 0, to: f1.rows }, { matrix: f2, from: 0, to: until }]);
  const y = [...new Array<number>(f1.rows).fill(0), ...labels.subarray(0, until)];
  return trainGradientBoosting(x, y, params);
}

function isolationOn(f1: FeatureMatrix, f2: FeatureMatrix, labels: Int8Array, protocol: BatadalProtocol): BatadalEvaluation['isolationBaseline'] {
  const forest = trainIsolationForest(f1, { trees: 200, sampleSize: 256, seed: 1 });
  const psi = forest.trees[0]?.cover[0] ?? 256;
  const score = (from: number, to: number): Float64Array =>
    Float64Array.from({ length: to - from }, (_, i) => isolationScore(predictEnsemble(forest, rowOf(f2, from + i)), psi));
  const { tuneFrom, validateFrom } = protocol;
  const { policy } = tuneAlarmPolicy(score(tuneFrom, validateFrom), labels.subarray(tuneFrom, validateFrom), ISOLATION_THRESHOLDS);
  return { policy, validation: batadalScore(labels.subarray(validateFrom), applyAlarmPolicy(score(validateFrom, f2.rows), policy)) };
}

/** Isolation scores sit near 0.5 for normal rows, so the baseline tunes over this grid. */
const ISOLATION_THRESHOLDS = [0.5, 0.55, 0.6, 0.65, 0.7, 0.75] as const;

/** Runs the protocol on the three BATADAL frames. */
export function evaluateBatadal(
  data: { training1: BatadalFrame; training2: BatadalFrame; test: BatadalFrame },
  protocol: BatadalProtocol = DEFAULT_BATADAL_PROTOCOL,
): BatadalEvaluation {
  const { validateFrom, tuneFrom, boosting } = protocol;
  const normal = fitBatadalNormalModel(data.training1);
  const f1 = buildBatadalFeatures(data.training1, normal).matrix;
  const f2 = buildBatadalFeatures(data.training2, normal).matrix;
  const labels = data.training2.labels as Int8Array;
  const inner = trainOn(f1, f2, labels, tuneFrom, boosting);
  const { policy } = tuneAlarmPolicy(scores(inner, f2, tuneFrom, validateFrom), labels.subarray(tuneFrom, validateFrom));
  const outer = trainOn(f1, f2, labels, validateFrom, boosting);
  const validationScores = scores(outer, f2, validateFrom, f2.rows);
  const validationLabels = labels.subarray(validateFrom);
  const validation = batadalScore(validationLabels, applyAlarmPolicy(validationScores, policy));
  const isolationBaseline = isolationOn(f1, f2, labels, protocol);
  const final = trainOn(f1, f2, labels, f2.rows, boosting);
  const testFeatures = buildBatadalFeatures(data.test, normal);
  const testScores = scores(final, testFeatures.matrix, 0, data.test.rows);
  const t2 = data.training2.times;
  const span = (from: number, to: number): string => `${t2[from]} – ${t2[to - 1]} (${to - from} h)`;
  const model: ScoringModel = {
    kind: 'gradient-boosted-trees',
    ensemble: final,
    threshold: policy.threshold,
    features: BATADAL_FEATURE_SET,
    calibration: fitCalibration('platt', validationScores, validationLabels),
    metadata: { dataset: 'batadal', normalModel: batadalNormalToJson(normal), policy, validation: { S: validation.S, sTtd: validation.sTtd, sCm: validation.sCm }, boosting },
  };
  return {
    split: {
      trainHours: `training set 1 + ${span(0, validateFrom)}`,
      tuneHours: `${span(tuneFrom, validateFrom)}, scored by a model fitted on training set 1 + ${span(0, tuneFrom)}`,
      validationHours: span(validateFrom, t2.length),
    },
    policy,
    validation,
    isolationBaseline,
    validationAttackIds: validation.attacks.map((_, i) => attackRuns(labels.subarray(0, validateFrom)).length + i + 1),
    model,
    normal,
    test: { times: data.test.times, scores: testScores, flags: applyAlarmPolicy(testScores, policy), features: testFeatures },
  };
}
