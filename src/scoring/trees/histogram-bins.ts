import { upperBound } from '../../core/index.js';
import type { FeatureMatrix } from './feature-matrix.js';

/** Bin index reserved for missing values (NaN). */
export const MISSING_BIN = 0xffff;
/**
 * The most cut points a feature can get (MISSING_BIN − 1): a feature with at
 * most this many distinct values gets a cut between every two of them, so
 * the histogram search finds the same splits as XGBoost's `exact` method.
 */
export const MAX_BINS = MISSING_BIN - 1;

/**
 * Quantile binning for histogram split finding (as in XGBoost `hist` and
 * LightGBM): each feature gets at most `maxBins` ascending cut points; value x
 * falls in bin b = #{cuts ≤ x}, so "bin ≤ b" is exactly "x < cuts[b]" and a
 * split after bin b becomes the tree threshold cuts[b].
 */
export interface BinnedMatrix {
  readonly rows: number;
  readonly columns: number;
  /** Column-major bins: bins[c * rows + r]. */
  readonly bins: Uint16Array;
  readonly cuts: readonly Float64Array[];
}

function cutsFor(values: Float64Array, maxBins: number): Float64Array {
  const sorted = Float64Array.from(values.filter((v) => !Number.isNaN(v))).sort();
  const unique: number[] = [];
  for (const v of sorted) if (unique.length === 0 || unique[unique.length - 1] !== v) unique.push(v);
  if (unique.length <= 1) return new Float64Array(0);
  if (unique.length <= maxBins) {
    return Float64Array.from(unique.slice(1).map((v, i) => (v + (unique[i] as number)) / 2));
  }
  const cuts: number[] = [];
  for (let k = 1; k < maxBins; k++) {
    const v = sorted[Math.floor((k * sorted.length) / maxBins)] as number;
    const prev = unique[0] as number;
    if (v > prev && (cuts.length === 0 || v > (cuts[cuts.length - 1] as number))) cuts.push(v);
  }
  return Float64Array.from(cuts);
}

function binOf(cuts: Float64Array, x: number): number {
  return Number.isNaN(x) ? MISSING_BIN : upperBound(cuts, x);
}

export function binMatrix(matrix: FeatureMatrix, maxBins = 64): BinnedMatrix {
  const { rows, columns, data } = matrix;
  const bins = new Uint16Array(rows * columns);
  const cuts: Float64Array[] = [];
  const column = new Float64Array(rows);
  for (let c = 0; c < columns; c++) {
    for (let r = 0; r < rows; r++) column[r] = data[r * columns + c] as number;
    const featureCuts = cutsFor(column, Math.min(maxBins, MAX_BINS));
    cuts.push(featureCuts);
    for (let r = 0; r < rows; r++) bins[c * rows + r] = binOf(featureCuts, column[r] as number);
  }
  return { rows, columns, bins, cuts };
}
