/**
 * Isotonic calibration (Zadrozny & Elkan 2002): the monotone non-decreasing step
 * function of the score that best fits the labels in squared error, found by
 * pool-adjacent-violators (Ayer et al. 1955). Between fitted blocks the
 * probability is interpolated linearly, outside them it is held constant.
 */
export interface IsotonicCalibration {
  readonly method: 'isotonic';
  /** Block score centres, ascending. */
  readonly x: readonly number[];
  /** Fitted probability per block, non-decreasing. */
  readonly y: readonly number[];
}

export function fitIsotonic(scores: ArrayLike<number>, labels: ArrayLike<number>): IsotonicCalibration {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((i, j) => (scores[i] as number) - (scores[j] as number));
  const blocks: { sum: number; weight: number; xs: number }[] = [];
  for (const i of order) {
    blocks.push({ sum: labels[i] === 1 ? 1 : 0, weight: 1, xs: scores[i] as number });
    while (blocks.length > 1) {
      const last = blocks[blocks.length - 1] as { sum: number; weight: number; xs: number };
      const prev = blocks[blocks.length - 2] as { sum: number; weight: number; xs: number };
      if (prev.sum / prev.weight < last.sum / last.weight) break;
      blocks.pop();
      prev.sum += last.sum;
      prev.xs += last.xs;
      prev.weight += last.weight;
    }
  }
  return { method: 'isotonic', x: blocks.map((b) => b.xs / b.weight), y: blocks.map((b) => b.sum / b.weight) };
}

export function applyIsotonic(c: IsotonicCalibration, score: number): number {
  const { x, y } = c;
  if (x.length === 0) return 0.5;
  if (score <= (x[0] as number)) return y[0] as number;
  if (score >= (x[x.length - 1] as number)) return y[y.length - 1] as number;
  let lo = 0;
  let hi = x.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((x[mid] as number) <= score) lo = mid;
    else hi = mid;
  }
  const x0 = x[lo] as number;
  const x1 = x[hi] as number;
  const t = x1 > x0 ? (score - x0) / (x1 - x0) : 0;
  return (y[lo] as number) + t * ((y[hi] as number) - (y[lo] as number));
}
