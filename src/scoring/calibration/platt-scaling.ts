/**
 * Platt scaling (Platt 1999, "Probabilistic outputs for support vector
 * machines"): P(y=1 | s) = 1 / (1 + exp(A·s + B)), fitted by Newton's method on
 * the log-loss with Platt's smoothed targets t+ = (N+ + 1)/(N+ + 2),
 * t− = 1/(N− + 2), following Lin, Lin & Weng 2007's stable variant.
 */
export interface PlattCalibration {
  readonly method: 'platt';
  readonly a: number;
  readonly b: number;
}

export function fitPlatt(scores: ArrayLike<number>, labels: ArrayLike<number>): PlattCalibration {
  let pos = 0;
  for (let i = 0; i < labels.length; i++) pos += labels[i] === 1 ? 1 : 0;
  const neg = labels.length - pos;
  const hi = (pos + 1) / (pos + 2);
  const lo = 1 / (neg + 2);
  let a = 0;
  let b = Math.log((neg + 1) / (pos + 1));
  for (let iter = 0; iter < 100; iter++) {
    let g1 = 0, g2 = 0, h11 = 1e-12, h22 = 1e-12, h21 = 0;
    for (let i = 0; i < scores.length; i++) {
      const s = scores[i] as number;
      const t = labels[i] === 1 ? hi : lo;
      const p = 1 / (1 + Math.exp(a * s + b));
      const d1 = t - p;
      const d2 = p * (1 - p);
      g1 += s * d1;
      g2 += d1;
      h11 += s * s * d2;
      h22 += d2;
      h21 += s * d2;
    }
    const det = h11 * h22 - h21 * h21;
    if (Math.abs(g1) < 1e-9 && Math.abs(g2) < 1e-9) break;
    const da = -(h22 * g1 - h21 * g2) / det;
    const db = -(-h21 * g1 + h11 * g2) / det;
    a += da;
    b += db;
    if (Math.abs(da) < 1e-10 && Math.abs(db) < 1e-10) break;
  }
  return { method: 'platt', a, b };
}

export function applyPlatt(c: PlattCalibration, score: number): number {
  return 1 / (1 + Math.exp(c.a * score + c.b));
}
