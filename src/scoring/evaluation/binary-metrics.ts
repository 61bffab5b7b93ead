/** Confusion counts and the rates derived from them, for 0/1 labels and predictions. */
export interface BinaryMetrics {
  readonly tp: number;
  readonly fp: number;
  readonly tn: number;
  readonly fn: number;
  /** Mean of the F1 of class 1 and the F1 of class 0 (macro-F1 over two classes). */
  readonly macroF1: number;
  /** False-positive rate FP / (FP + TN). */
  readonly fpr: number;
  readonly accuracy: number;
}

/** F1 of one class from its counts (fractional counts allowed); 1 when the class is neither present nor predicted. */
export const f1 = (tp: number, fp: number, fn: number): number => (tp === 0 ? (fp + fn === 0 ? 1 : 0) : (2 * tp) / (2 * tp + fp + fn));

/** Mean of the F1 of class 1 and of class 0 from the confusion counts (fractional counts allowed). */
export const macroF1 = (tp: number, fp: number, tn: number, fn: number): number => (f1(tp, fp, fn) + f1(tn, fn, fp)) / 2;

export function binaryMetrics(labels: ArrayLike<number>, predictions: ArrayLike<number>): BinaryMetrics {
  let tp = 0, fp = 0, tn = 0, fn = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = predictions[i] === 1;
    if (labels[i] === 1) {
      if (p) tp++;
      else fn++;
    } else if (p) fp++;
    else tn++;
  }
  const total = tp + fp + tn + fn;
  return {
    tp, fp, tn, fn,
    macroF1: macroF1(tp, fp, tn, fn),
    fpr: fp + tn > 0 ? fp / (fp + tn) : 0,
    accuracy: total > 0 ? (tp + tn) / total : 0,
  };
}

/**
 * Upper end of the Wilson score interval for a rate of `k` in `n` at normal
 * quantile `z` (1.645: one-sided 95 %); `k / n` for z = 0, 0 for n = 0.
 */
export function wilsonUpper(k: number, n: number, z: number): number {
  if (n === 0) return 0;
  const p = k / n;
  if (z === 0) return p;
  const z2 = z * z;
  return (p + z2 / (2 * n) + z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
}
