/**
 * Ridge regression by the normal equations, (XᵀX + λI) w = Xᵀy, solved with a
 * Cholesky factorisation; the intercept is not penalised (inputs are centred).
 * Used for per-tag "expected value" models learned on normal operation.
 */
export interface RidgeModel {
  readonly means: Float64Array;
  readonly weights: Float64Array;
  readonly intercept: number;
}

function cholesky(a: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j] as number;
      for (let k = 0; k < j; k++) sum -= (l[i * n + k] as number) * (l[j * n + k] as number);
      l[i * n + j] = i === j ? Math.sqrt(Math.max(sum, 1e-12)) : sum / (l[j * n + j] as number);
    }
  }
  return l;
}

function solveCholesky(l: Float64Array, n: number, b: Float64Array): Float64Array {
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = b[i] as number;
    for (let k = 0; k < i; k++) sum -= (l[i * n + k] as number) * (z[k] as number);
    z[i] = sum / (l[i * n + i] as number);
  }
  const w = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = z[i] as number;
    for (let k = i + 1; k < n; k++) sum -= (l[k * n + i] as number) * (w[k] as number);
    w[i] = sum / (l[i * n + i] as number);
  }
  return w;
}

/** Fits y ≈ intercept + Σ w_j (x_j − mean_j) over the given predictor columns. */
export function fitRidge(columns: readonly Float64Array[], y: Float64Array, lambda: number): RidgeModel {
  const p = columns.length;
  const n = y.length;
  const means = Float64Array.from(columns, (c) => c.reduce((s, v) => s + v, 0) / n);
  const yMean = y.reduce((s, v) => s + v, 0) / n;
  const a = new Float64Array(p * p);
  const b = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    const ci = columns[i] as Float64Array;
    const mi = means[i] as number;
    for (let j = 0; j <= i; j++) {
      const cj = columns[j] as Float64Array;
      const mj = means[j] as number;
      let sum = 0;
      for (let r = 0; r < n; r++) sum += ((ci[r] as number) - mi) * ((cj[r] as number) - mj);
      a[i * p + j] = sum;
      a[j * p + i] = sum;
    }
    a[i * p + i] = (a[i * p + i] as number) + lambda * n;
    let sum = 0;
    for (let r = 0; r < n; r++) sum += ((ci[r] as number) - mi) * ((y[r] as number) - yMean);
    b[i] = sum;
  }
  return { means, weights: solveCholesky(cholesky(a, p), p, b), intercept: yMean };
}

/** The prediction for row r of the given predictor columns. */
export function predictRidge(model: RidgeModel, columns: readonly Float64Array[], r: number): number {
  let sum = model.intercept;
  for (let j = 0; j < columns.length; j++) sum += (model.weights[j] as number) * (((columns[j] as Float64Array)[r] as number) - (model.means[j] as number));
  return sum;
}
