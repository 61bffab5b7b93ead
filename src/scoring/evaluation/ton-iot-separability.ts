import { createRandom } from '../../core/index.js';
import { rowKey, type FeatureMatrix } from '../trees/feature-matrix.js';
import { binMatrix, MAX_BINS } from '../trees/histogram-bins.js';
import { macroF1 } from './binary-metrics.js';
import { featureVectorCeiling, TON_IOT_MAX_FPR, type FeatureVectorCeiling } from './ton-iot-evaluation.js';

/**
 * How far normal and attack rows of a TON_IoT device can be told apart from
 * the allowed feature columns at all — the question behind a macro-F1 that
 * no model capacity moves (`tools/ton-iot-separability.ts`, BENCHMARKS.md).
 */

/** Two-sample Kolmogorov–Smirnov statistic: the largest gap between the two empirical CDFs of the finite values (NaN when a side has none). */
export function ksStatistic(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const x = Float64Array.from(a).filter(Number.isFinite).sort();
  const y = Float64Array.from(b).filter(Number.isFinite).sort();
  if (x.length === 0 || y.length === 0) return Number.NaN;
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i] as number, y[j] as number);
    while (i < x.length && (x[i] as number) <= v) i++;
    while (j < y.length && (y[j] as number) <= v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  return d;
}

/**
 * Each column replaced by the index of its quantile cell: the tree trainer's
 * binning (`binMatrix`) with `q` cells, (about) equal row counts cut at
 * distinct values, so a column of at most `q` distinct values keeps one cell
 * per value. NaN gets a cell of its own.
 */
export function quantileCells(matrix: FeatureMatrix, q: number): FeatureMatrix {
  const { bins, rows, columns } = binMatrix(matrix, Math.min(q, MAX_BINS));
  const data = new Float64Array(rows * columns);
  for (let c = 0; c < columns; c++) for (let r = 0; r < rows; r++) data[r * columns + c] = bins[c * rows + r] as number;
  return { ...matrix, data };
}

export interface CellRule {
  readonly macroF1: number;
  readonly fpr: number;
}

/**
 * The best macro-F1 at FPR ≤ maxFpr when rows are ranked by a score, higher
 * first, cutting between distinct scores only.
 */
export function bestAtFpr(scores: ArrayLike<number>, labels: ArrayLike<number>, maxFpr = TON_IOT_MAX_FPR): CellRule {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => (scores[b] as number) - (scores[a] as number));
  const positives = Array.from(labels).filter((y) => y === 1).length;
  const negatives = scores.length - positives;
  let tp = 0;
  let fp = 0;
  let best: CellRule = { macroF1: macroF1(0, 0, negatives, positives), fpr: 0 };
  for (let k = 0; k < order.length; k++) {
    const r = order[k] as number;
    if (labels[r] === 1) tp++;
    else fp++;
    const next = order[k + 1];
    if (next !== undefined && scores[next] === scores[r]) continue;
    if (fp > maxFpr * negatives) break;
    const m = macroF1(tp, fp, negatives - fp, positives - tp);
    if (m > best.macroF1) best = { macroF1: m, fpr: negatives > 0 ? fp / negatives : 0 };
  }
  return best;
}

/**
 * Out of fold: each row scored by the attack share (Laplace-smoothed) of its
 * cell among the rows of the other folds, then `bestAtFpr` over all rows —
 * what a rule constant on each cell achieves on rows it was not fitted on
 * (the cut is still chosen with the labels, so this leans optimistic).
 */
export function outOfFoldCellRule(cells: FeatureMatrix, labels: ArrayLike<number>, folds = 5, seed = 1, maxFpr = TON_IOT_MAX_FPR): CellRule {
  const random = createRandom(seed);
  const fold = Int32Array.from({ length: cells.rows }, () => Math.floor(random.next() * folds));
  const keys = Array.from({ length: cells.rows }, (_, r) => rowKey(cells, r));
  const scores = new Float64Array(cells.rows);
  for (let f = 0; f < folds; f++) {
    const counts = new Map<string, [number, number]>();
    let attacks = 0;
    let fitted = 0;
    keys.forEach((k, r) => {
      if (fold[r] === f) return;
      const c = counts.get(k) ?? [0, 0];
      c[labels[r] === 1 ? 1 : 0]++;
      counts.set(k, c);
      attacks += labels[r] === 1 ? 1 : 0;
      fitted++;
    });
    const prior = fitted > 0 ? attacks / fitted : 0.5;
    keys.forEach((k, r) => {
      if (fold[r] !== f) return;
      const [n, a] = counts.get(k) ?? [0, 0];
      scores[r] = (a + prior) / (n + a + 1);
    });
  }
  return bestAtFpr(scores, labels, maxFpr);
}

export interface DeviceSeparability {
  /** Per feature column, the KS statistic between its normal and attack rows. */
  readonly ks: Readonly<Record<string, number>>;
  /** Per number of quantile cells per column: in-sample cell ceiling (absent: too many cells) and the out-of-fold cell rule. */
  readonly cells: readonly { readonly q: number; readonly distinctCells: number; readonly inSample?: FeatureVectorCeiling; readonly outOfFold: CellRule }[];
}

/** KS per column and cell rules at each `qs` for one labelled device matrix. */
export function deviceSeparability(matrix: FeatureMatrix, labels: ArrayLike<number>, qs: readonly number[] = [10, 100, 1000]): DeviceSeparability {
  const ks: Record<string, number> = {};
  matrix.featureNames.forEach((name, c) => {
    const normal: number[] = [];
    const attack: number[] = [];
    for (let r = 0; r < matrix.rows; r++) (labels[r] === 1 ? attack : normal).push(matrix.data[r * matrix.columns + c] as number);
    ks[name] = ksStatistic(normal, attack);
  });
  const cells = qs.map((q) => {
    const binned = quantileCells(matrix, q);
    const distinct = new Set(Array.from({ length: binned.rows }, (_, r) => rowKey(binned, r))).size;
    const inSample = featureVectorCeiling(binned, labels, TON_IOT_MAX_FPR, Number.POSITIVE_INFINITY);
    return { q, distinctCells: distinct, ...(inSample ? { inSample } : {}), outOfFold: outOfFoldCellRule(binned, labels) };
  });
  return { ks, cells };
}
