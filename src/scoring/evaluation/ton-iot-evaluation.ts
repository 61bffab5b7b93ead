import { createRandom } from '../../core/index.js';
import { trainGradientBoosting, type BoostingParams } from '../models/gradient-boosting.js';
import type { ScoringModel } from '../models/scoring-model.js';
import { rowOf, selectRows, type FeatureMatrix } from '../trees/feature-matrix.js';
import { predictEnsemble } from '../trees/predict.js';
import { binaryMetrics, type BinaryMetrics } from './binary-metrics.js';
import { readTonIotFile, type TonIotFile } from './ton-iot-data.js';

/**
 * Per-device TON_IoT evaluation: the labelled train file is split at random
 * (seeded, 80 % fit / 20 % validate; the held-out file is itself a random 20 %
 * row sample, so a random split mirrors it), a boosted model is fitted on the
 * 80 %, and macro-F1 and FPR are measured on the 20 %. The alarm threshold is
 * chosen inside the 80 % only: a model fitted on 80 % of it scores the other
 * 20 %, and the threshold with the best macro-F1 among those with FPR ≤ 2 %
 * (the operating point) is kept. The model refitted on the whole train
 * file then scores the held-out rows at that threshold.
 */
export interface TonIotDeviceResult {
  readonly device: string;
  readonly features: readonly string[];
  readonly trainRows: number;
  readonly validationRows: number;
  readonly validation: BinaryMetrics;
  /** Score threshold tuned inside the fit rows (see above). */
  readonly threshold: number;
  readonly model: ScoringModel;
  readonly heldout?: { readonly hids: readonly string[]; readonly scores: Float64Array; readonly flags: Int8Array };
}

export const TON_IOT_BOOSTING: Partial<BoostingParams> = {
  rounds: 150, maxDepth: 8, eta: 0.2, maxBins: 254, subsample: 1, colsample: 1, minChildWeight: 1, lambda: 1, seed: 1,
};
export const TON_IOT_VALIDATION_FRACTION = 0.2;
export const TON_IOT_SPLIT_SEED = 20;
/** The false-positive rate the threshold must keep on the tuning rows (issue 6: FPR ≤ 2 %). */
export const TON_IOT_MAX_FPR = 0.02;
/** Candidate thresholds: 0.5 first (kept on ties), then 0.02 … 0.98. */
export const TON_IOT_THRESHOLDS: readonly number[] = [0.5, ...Array.from({ length: 49 }, (_, i) => (i + 1) / 50)];

/**
 * The threshold with the best macro-F1 among those whose FPR ≤ maxFpr on the
 * given scores; if none meets it, the one with the lowest FPR.
 */
export function tuneThreshold(scores: ArrayLike<number>, labels: ArrayLike<number>, maxFpr = TON_IOT_MAX_FPR, candidates = TON_IOT_THRESHOLDS): number {
  let best: { threshold: number; ok: boolean; f1: number; fpr: number } | undefined;
  for (const threshold of candidates) {
    const m = binaryMetrics(labels, Array.from(scores, (v) => (v >= threshold ? 1 : 0)));
    const ok = m.fpr <= maxFpr;
    const better = !best || (ok && !best.ok) || (ok === best.ok && (ok ? m.macroF1 > best.f1 : m.fpr < best.fpr));
    if (better) best = { threshold, ok, f1: m.macroF1, fpr: m.fpr };
  }
  return best?.threshold ?? 0.5;
}

/** Fits on 80 % of the fit rows and tunes the threshold on the other 20 % (never the validation rows). */
function innerThreshold(matrix: FeatureMatrix, labels: Int8Array, fit: Int32Array, params: Partial<BoostingParams>): number {
  const [innerFit, innerTune] = randomSplit(fit.length, TON_IOT_VALIDATION_FRACTION, TON_IOT_SPLIT_SEED + 1);
  const fitRows = Int32Array.from(innerFit, (i) => fit[i] as number);
  const tuneRows = Int32Array.from(innerTune, (i) => fit[i] as number);
  const model = trainGradientBoosting(selectRows(matrix, fitRows), Array.from(fitRows, (r) => labels[r] as number), params);
  return tuneThreshold(
    Array.from(tuneRows, (r) => probability(model, matrix, r)),
    Array.from(tuneRows, (r) => labels[r] as number),
  );
}

const probability = (model: ScoringModel['ensemble'], m: FeatureMatrix, r: number): number => 1 / (1 + Math.exp(-predictEnsemble(model, rowOf(m, r))));

/** Seeded random split of row indices into [fit, validate]. */
export function randomSplit(rows: number, fraction: number, seed: number): [Int32Array, Int32Array] {
  const random = createRandom(seed);
  const fit: number[] = [];
  const validate: number[] = [];
  for (let r = 0; r < rows; r++) (random.next() < fraction ? validate : fit).push(r);
  return [Int32Array.from(fit), Int32Array.from(validate)];
}

/** Evaluates one device from its train file, and scores its held-out file if given. */
export function evaluateTonIotDevice(trainFile: string, heldoutFile?: string, params: Partial<BoostingParams> = TON_IOT_BOOSTING): TonIotDeviceResult {
  const train: TonIotFile = readTonIotFile(trainFile, { labelled: true });
  const labels = train.labels as Int8Array;
  const [fit, validate] = randomSplit(train.matrix.rows, TON_IOT_VALIDATION_FRACTION, TON_IOT_SPLIT_SEED);
  const threshold = innerThreshold(train.matrix, labels, fit, params);
  const fitted = trainGradientBoosting(selectRows(train.matrix, fit), Array.from(fit, (r) => labels[r] as number), params);
  const predictions = Array.from(validate, (r) => (probability(fitted, train.matrix, r) >= threshold ? 1 : 0));
  const validation = binaryMetrics(Array.from(validate, (r) => labels[r] as number), predictions);
  const full = trainGradientBoosting(train.matrix, labels, params);
  const model: ScoringModel = {
    kind: 'gradient-boosted-trees',
    ensemble: full,
    threshold,
    metadata: { dataset: 'ton-iot', device: train.device, validation: { macroF1: validation.macroF1, fpr: validation.fpr }, boosting: params },
  };
  let heldout: TonIotDeviceResult['heldout'];
  if (heldoutFile) {
    const rows = readTonIotFile(heldoutFile, { labelled: false, expected: train.matrix.featureNames });
    const scores = Float64Array.from({ length: rows.matrix.rows }, (_, r) => probability(full, rows.matrix, r));
    heldout = { hids: rows.hids ?? [], scores, flags: Int8Array.from(scores, (s) => (s >= threshold ? 1 : 0)) };
  }
  return {
    device: train.device,
    features: train.matrix.featureNames,
    trainRows: fit.length,
    validationRows: validate.length,
    validation,
    threshold,
    model,
    ...(heldout ? { heldout } : {}),
  };
}
