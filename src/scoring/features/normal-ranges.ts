import { EngineError } from '../../core/index.js';
import type { Contribution } from '../shap/explain-row.js';
import type { FeatureMatrix } from '../trees/feature-matrix.js';

/**
 * What each feature looks like in normal operation, kept in a model file
 * (`metadata.normalRanges`) so that an alert on a generic feature table
 * (TON_IoT) can say in words how its top features compare with normal rows
 * (issue 6 item 7): "FC1_Read_Input_Register 63501, above the normal range
 * 1024–60112 (5–95 % of normal rows)". A feature with two values (on/off,
 * open/closed, …) keeps the share of normal rows at 1 instead.
 */
export type NormalRange =
  | { readonly kind: 'range'; readonly low: number; readonly median: number; readonly high: number }
  | { readonly kind: 'binary'; readonly shareOne: number };

export type NormalRanges = Readonly<Record<string, NormalRange>>;

/** A flagged row's feature, compared with normal rows. */
export interface FeatureRangeDeviation {
  readonly feature: string;
  readonly actual: number;
  readonly shap: number;
  readonly normal: NormalRange;
  readonly text: string;
}

const quantile = (sorted: Float64Array, q: number): number => {
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (at - lo);
};

/** Ranges over the rows labelled 0 (missing values skipped); a feature with no normal value is left out. */
export function fitNormalRanges(matrix: FeatureMatrix, labels: ArrayLike<number>): NormalRanges {
  const out: Record<string, NormalRange> = {};
  matrix.featureNames.forEach((name, c) => {
    const values: number[] = [];
    for (let r = 0; r < matrix.rows; r++) {
      const v = matrix.data[r * matrix.columns + c] as number;
      if (labels[r] !== 1 && !Number.isNaN(v)) values.push(v);
    }
    if (values.length === 0) return;
    if (values.every((v) => v === 0 || v === 1)) {
      out[name] = { kind: 'binary', shareOne: values.filter((v) => v === 1).length / values.length };
      return;
    }
    const sorted = Float64Array.from(values).sort();
    out[name] = { kind: 'range', low: quantile(sorted, 0.05), median: quantile(sorted, 0.5), high: quantile(sorted, 0.95) };
  });
  return out;
}

const num = (v: number): string => String(Number(v.toPrecision(4)));
const signed = (v: number): string => `${v >= 0 ? '+' : ''}${v.toFixed(3)}`;

function words(c: Contribution, normal: NormalRange): string {
  const head = `${c.feature} ${num(c.value)}`;
  const shap = `SHAP ${signed(c.shap)}`;
  if (normal.kind === 'binary') {
    const share = c.value === 1 ? normal.shareOne : 1 - normal.shareOne;
    return `${head}: ${(100 * share).toFixed(1)} % of normal rows have ${num(c.value)}; ${shap}`;
  }
  const range = `the normal range ${num(normal.low)} to ${num(normal.high)} (5–95 % of normal rows, median ${num(normal.median)})`;
  if (c.value > normal.high) return `${head} is above ${range}; ${shap}`;
  if (c.value < normal.low) return `${head} is below ${range}; ${shap}`;
  return `${head} is inside ${range}; ${shap}, unusual together with the other features`;
}

/**
 * Words for the contributions that raise the score (SHAP > 0), largest first,
 * at most `top`; features without a normal range are skipped.
 */
export function rangeDeviations(contributions: readonly Contribution[], ranges: NormalRanges, top = 3): FeatureRangeDeviation[] {
  return contributions
    .filter((c) => c.shap > 0 && ranges[c.feature] !== undefined && !Number.isNaN(c.value))
    .slice(0, top)
    .map((c) => {
      const normal = ranges[c.feature] as NormalRange;
      return { feature: c.feature, actual: c.value, shap: c.shap, normal, text: words(c, normal) };
    });
}

/** Reads `metadata.normalRanges` of a model file, checked entry by entry; undefined when absent. */
export function normalRangesFromJson(value: unknown): NormalRanges | undefined {
  if (value === undefined) return undefined;
  const bad = (pointer: string, why: string): never => {
    throw new EngineError('CG_MODEL_INVALID', `model normal ranges: ${pointer} ${why}`, { details: { pointer: `/metadata/normalRanges${pointer}` } });
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return bad('', 'must be an object');
  const out: Record<string, NormalRange> = {};
  for (const [feature, raw] of Object.entries(value as Record<string, unknown>)) {
    const at = `/${feature}`;
    const r = (typeof raw === 'object' && raw !== null ? raw : bad(at, 'must be an object')) as Record<string, unknown>;
    const finite = (key: string): number => (typeof r[key] === 'number' && Number.isFinite(r[key]) ? (r[key] as number) : bad(`${at}/${key}`, 'must be a finite number'));
    if (r['kind'] === 'binary') {
      const shareOne = finite('shareOne');
      if (shareOne < 0 || shareOne > 1) bad(`${at}/shareOne`, `must be in [0, 1], got ${shareOne}`);
      out[feature] = { kind: 'binary', shareOne };
    } else if (r['kind'] === 'range') {
      const low = finite('low');
      const median = finite('median');
      const high = finite('high');
      if (!(low <= median && median <= high)) bad(at, `must have low ≤ median ≤ high, got ${low}, ${median}, ${high}`);
      out[feature] = { kind: 'range', low, median, high };
    } else bad(`${at}/kind`, `must be "range" or "binary", got ${JSON.stringify(r['kind'])}`);
  }
  return out;
}
