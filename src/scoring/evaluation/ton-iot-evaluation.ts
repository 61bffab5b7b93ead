import { createRandom } from '../../core/index.js';
import { fitNormalRanges } from '../features/normal-ranges.js';
import { trainGradientBoosting, type BoostingParams } from '../models/gradient-boosting.js';
import type { ScoringModel } from '../models/scoring-model.js';
import { MAX_BINS } from '../trees/histogram-bins.js';
import { rowKey, rowOf, selectRows, type FeatureMatrix } from '../trees/feature-matrix.js';
import { predictEnsemble } from '../trees/predict.js';
import { binaryMetrics, macroF1, wilsonUpper, type BinaryMetrics } from './binary-metrics.js';
import { readTonIotFile, type TonIotFile } from './ton-iot-data.js';

/**
 * Per-device TON_IoT evaluation: the labelled train file is split at random
 * (seeded, 80 % fit / 20 % validate; the held-out file is itself a random 20 %
 * row sample, so a random split mirrors it), a boosted model is fitted on the
 * 80 %, and macro-F1 and FPR are measured on the 20 %. The alarm threshold is
 * chosen inside the 80 % only: a model fitted on 80 % of it scores the other
 * 20 %, and the threshold with the best macro-F1 among those with FPR ≤ 2 %
 * (the operating point; met with 95 % confidence, `TON_IOT_FPR_Z`)
 * is kept. The model's capacity is chosen the same way, inside the 80 %: each
 * candidate of `TON_IOT_CAPACITIES` is fitted on the inner 80 % and tuned on
 * the inner 20 %, and the one with the best macro-F1 at FPR ≤ 2 % there wins
 * (a tie keeps the earlier, smaller one). The model refitted on the whole
 * train file then scores the held-out rows at that threshold.
 */
export interface TonIotCapacity {
  readonly name: string;
  readonly params: Partial<BoostingParams>;
}

/** What the inner split said of one capacity: its tuned threshold and the metrics there. */
export interface TonIotCapacityTrial {
  readonly capacity: string;
  readonly threshold: number;
  readonly macroF1: number;
  readonly fpr: number;
  /** One-sided 95 % Wilson upper bound of `fpr` (what the bound is checked against). */
  readonly fprUpper: number;
}

export interface TonIotDeviceResult {
  readonly device: string;
  readonly features: readonly string[];
  readonly trainRows: number;
  readonly validationRows: number;
  readonly validation: BinaryMetrics;
  /** Score threshold tuned inside the fit rows (see above). */
  readonly threshold: number;
  /**
   * The most any rule that flags by the feature values alone can reach on the
   * train file (see `featureVectorCeiling`); absent when the values take
   * more than `CEILING_MAX_VECTORS` distinct vectors or `CEILING_MAX_SHARE`
   * of the rows.
   */
  readonly ceiling?: FeatureVectorCeiling;
  /** The capacity chosen inside the fit rows, and every candidate's inner result. */
  readonly capacity: string;
  readonly trials: readonly TonIotCapacityTrial[];
  readonly model: ScoringModel;
  readonly heldout?: { readonly hids: readonly string[]; readonly scores: Float64Array; readonly flags: Int8Array };
}

export const TON_IOT_BOOSTING: Partial<BoostingParams> = {
  rounds: 150, maxDepth: 8, eta: 0.2, maxBins: 254, subsample: 1, colsample: 1, minChildWeight: 1, lambda: 1, seed: 1,
};
/**
 * The same learner with a cut between every two distinct values (XGBoost's
 * `exact` splits) and deeper, more trees: Modbus registers take up to ≈ 13,000
 * distinct values and GPS coordinates ≈ 37,000, which 254 quantile bins merge.
 */
export const TON_IOT_BOOSTING_EXACT: Partial<BoostingParams> = { ...TON_IOT_BOOSTING, rounds: 300, maxDepth: 12, maxBins: MAX_BINS };
/**
 * Deep enough to isolate single feature vectors: Modbus's 40,746 rows take
 * 13,688 distinct vectors, and 93 % of a random fifth of its rows repeat a
 * vector of the other four fifths, so a model that remembers vectors (as
 * 1-nearest-neighbour does) gains where depth 12 merges them.
 */
export const TON_IOT_BOOSTING_DEEP: Partial<BoostingParams> = { ...TON_IOT_BOOSTING_EXACT, maxDepth: 20 };
export const TON_IOT_CAPACITIES: readonly TonIotCapacity[] = [
  { name: 'hist-254-d8x150', params: TON_IOT_BOOSTING },
  { name: 'exact-d12x300', params: TON_IOT_BOOSTING_EXACT },
  { name: 'exact-d20x300', params: TON_IOT_BOOSTING_DEEP },
];
export const TON_IOT_VALIDATION_FRACTION = 0.2;
export const TON_IOT_SPLIT_SEED = 20;
/** The false-positive rate the threshold must keep on the tuning rows (issue 6: FPR ≤ 2 %). */
export const TON_IOT_MAX_FPR = 0.02;
/**
 * The FPR bound is met with one-sided 95 % confidence: the Wilson upper bound
 * of the tuning rows' FPR must be ≤ 2 %, not only the rate itself. With ≈ 5,000
 * normal tuning rows a rate of 2.0 % has an upper bound of ≈ 2.3 %, and the
 * first protocol (z = 0) gave 2.1–2.2 % on the validation rows of Weather and
 * GPS_Tracker; the bound asks for ≈ 1.6 % on the tuning rows instead.
 */
export const TON_IOT_FPR_Z = 1.645;
/** Candidate thresholds: 0.5 first (kept on ties), then 0.02 … 0.98. */
export const TON_IOT_THRESHOLDS: readonly number[] = [0.5, ...Array.from({ length: 49 }, (_, i) => (i + 1) / 50)];

/**
 * Among candidates that meet the FPR bound the better macro-F1 ranks above;
 * among those that do not, the lower FPR, then the better macro-F1. A tie
 * ranks below (the earlier candidate stays).
 */
function ranksAbove(meetsBound: boolean, f1: number, fpr: number, bestF1: number, bestFpr: number): boolean {
  if (meetsBound) return f1 > bestF1;
  return fpr < bestFpr || (fpr === bestFpr && f1 > bestF1);
}

/**
 * The threshold with the best macro-F1 among those whose FPR is ≤ maxFpr on
 * the given scores — its Wilson upper bound at `z`, see `TON_IOT_FPR_Z`; if
 * none meets it, the one with the lowest FPR (`ranksAbove`).
 */
export function tuneThreshold(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  maxFpr = TON_IOT_MAX_FPR,
  candidates = TON_IOT_THRESHOLDS,
  z = TON_IOT_FPR_Z,
): number {
  let best: { threshold: number; ok: boolean; f1: number; fpr: number } | undefined;
  for (const threshold of candidates) {
    const m = binaryMetrics(labels, Array.from(scores, (v) => (v >= threshold ? 1 : 0)));
    const ok = wilsonUpper(m.fp, m.fp + m.tn, z) <= maxFpr;
    const better = !best || (ok && !best.ok) || (ok === best.ok && ranksAbove(ok, m.macroF1, m.fpr, best.f1, best.fpr));
    if (better) best = { threshold, ok, f1: m.macroF1, fpr: m.fpr };
  }
  return best?.threshold ?? 0.5;
}

/**
 * Fits each capacity on 80 % of the fit rows and tunes its threshold on the
 * other 20 % (never the validation rows); keeps the best (see above).
 */
function innerChoice(matrix: FeatureMatrix, labels: Int8Array, fit: Int32Array, capacities: readonly TonIotCapacity[]): { chosen: TonIotCapacity; trials: TonIotCapacityTrial[] } {
  const [innerFit, innerTune] = randomSplit(fit.length, TON_IOT_VALIDATION_FRACTION, TON_IOT_SPLIT_SEED + 1);
  const fitRows = Int32Array.from(innerFit, (i) => fit[i] as number);
  const tuneRows = Int32Array.from(innerTune, (i) => fit[i] as number);
  const fitX = selectRows(matrix, fitRows);
  const fitY = Array.from(fitRows, (r) => labels[r] as number);
  const tuneY = Array.from(tuneRows, (r) => labels[r] as number);
  const trials = capacities.map((capacity): TonIotCapacityTrial => {
    const model = trainGradientBoosting(fitX, fitY, capacity.params);
    const scores = Array.from(tuneRows, (r) => probability(model, matrix, r));
    const threshold = tuneThreshold(scores, tuneY);
    const m = binaryMetrics(tuneY, scores.map((v) => (v >= threshold ? 1 : 0)));
    return { capacity: capacity.name, threshold, macroF1: m.macroF1, fpr: m.fpr, fprUpper: wilsonUpper(m.fp, m.fp + m.tn, TON_IOT_FPR_Z) };
  });
  let best = 0;
  trials.forEach((t, i) => {
    const b = trials[best] as TonIotCapacityTrial;
    const ok = t.fprUpper <= TON_IOT_MAX_FPR;
    const bOk = b.fprUpper <= TON_IOT_MAX_FPR;
    if ((ok && !bOk) || (ok === bOk && ranksAbove(ok, t.macroF1, t.fpr, b.macroF1, b.fpr))) best = i;
  });
  return { chosen: capacities[best] as TonIotCapacity, trials };
}

const probability = (model: ScoringModel['ensemble'], m: FeatureMatrix, r: number): number => 1 / (1 + Math.exp(-predictEnsemble(model, rowOf(m, r))));

export interface FeatureVectorCeiling {
  readonly distinctVectors: number;
  readonly macroF1: number;
  readonly fpr: number;
}

/**
 * Devices whose feature vectors take at most this many values, and at most
 * `CEILING_MAX_SHARE` of the rows (a vector repeats 20 times on average),
 * get a ceiling.
 */
export const CEILING_MAX_VECTORS = 1000;
export const CEILING_MAX_SHARE = 0.05;

/**
 * An upper bound on the macro-F1 at FPR ≤ maxFpr of every rule that decides
 * from the feature values alone — deterministic or randomised, any model —
 * on these rows: rows with equal feature vectors get the same decision, so
 * the best rule flags whole vectors in order of their attack-to-normal ratio
 * (the ROC convex hull, Neyman–Pearson), and macro-F1 rises with TP and falls
 * with FP. The hull's TP is read at every whole FP count up to the budget,
 * with the boundary vector flagged in part. Only computed for at most
 * `maxVectors` distinct vectors and `CEILING_MAX_SHARE` of the rows: with
 * one vector per row it is trivially 1 and says nothing about new rows.
 */
export function featureVectorCeiling(
  matrix: FeatureMatrix,
  labels: ArrayLike<number>,
  maxFpr = TON_IOT_MAX_FPR,
  maxVectors = CEILING_MAX_VECTORS,
): FeatureVectorCeiling | undefined {
  const counts = new Map<string, [number, number]>();
  const bound = Math.min(maxVectors, Math.floor(matrix.rows * CEILING_MAX_SHARE));
  for (let r = 0; r < matrix.rows; r++) {
    const key = rowKey(matrix, r);
    let c = counts.get(key);
    if (!c) {
      if (counts.size === bound) return undefined;
      c = [0, 0];
      counts.set(key, c);
    }
    c[labels[r] === 1 ? 1 : 0]++;
  }
  const groups = [...counts.values()].sort((a, b) => b[1] * a[0] - a[1] * b[0]);
  const negatives = groups.reduce((s, g) => s + g[0], 0);
  const positives = groups.reduce((s, g) => s + g[1], 0);
  const budget = Math.floor(maxFpr * negatives);
  let best: { macroF1: number; fp: number } = { macroF1: -1, fp: 0 };
  let gi = 0;
  let fpBefore = 0;
  let tpBefore = 0;
  for (let fp = 0; fp <= budget; fp++) {
    // Whole vectors with no normal rows come first and cost no FP.
    while (gi < groups.length && fpBefore + (groups[gi] as [number, number])[0] <= fp) {
      const g = groups[gi] as [number, number];
      fpBefore += g[0];
      tpBefore += g[1];
      gi++;
    }
    const g = groups[gi];
    const tp = g && g[0] > 0 ? tpBefore + (g[1] * (fp - fpBefore)) / g[0] : tpBefore;
    const m = macroF1(tp, fp, negatives - fp, positives - tp);
    if (m > best.macroF1) best = { macroF1: m, fp };
  }
  return { distinctVectors: counts.size, macroF1: best.macroF1, fpr: negatives > 0 ? best.fp / negatives : 0 };
}

/** Seeded random split of row indices into [fit, validate]. */
export function randomSplit(rows: number, fraction: number, seed: number): [Int32Array, Int32Array] {
  const random = createRandom(seed);
  const fit: number[] = [];
  const validate: number[] = [];
  for (let r = 0; r < rows; r++) (random.next() < fraction ? validate : fit).push(r);
  return [Int32Array.from(fit), Int32Array.from(validate)];
}

/** Evaluates one device from its train file, and scores its held-out file if given. */
export function evaluateTonIotDevice(trainFile: string, heldoutFile?: string, capacities: readonly TonIotCapacity[] = TON_IOT_CAPACITIES): TonIotDeviceResult {
  const train: TonIotFile = readTonIotFile(trainFile, { labelled: true });
  const labels = train.labels as Int8Array;
  const [fit, validate] = randomSplit(train.matrix.rows, TON_IOT_VALIDATION_FRACTION, TON_IOT_SPLIT_SEED);
  const ceiling = featureVectorCeiling(train.matrix, labels);
  const { chosen, trials } = innerChoice(train.matrix, labels, fit, capacities);
  const { params } = chosen;
  const threshold = (trials.find((t) => t.capacity === chosen.name) as TonIotCapacityTrial).threshold;
  const fitted = trainGradientBoosting(selectRows(train.matrix, fit), Array.from(fit, (r) => labels[r] as number), params);
  const predictions = Array.from(validate, (r) => (probability(fitted, train.matrix, r) >= threshold ? 1 : 0));
  const validation = binaryMetrics(Array.from(validate, (r) => labels[r] as number), predictions);
  const full = trainGradientBoosting(train.matrix, labels, params);
  const model: ScoringModel = {
    kind: 'gradient-boosted-trees',
    ensemble: full,
    threshold,
    metadata: {
      dataset: 'ton-iot', device: train.device, validation: { macroF1: validation.macroF1, fpr: validation.fpr }, capacity: chosen.name, boosting: params,
      normalRanges: fitNormalRanges(train.matrix, labels),
    },
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
    ...(ceiling ? { ceiling } : {}),
    capacity: chosen.name,
    trials,
    model,
    ...(heldout ? { heldout } : {}),
  };
}
