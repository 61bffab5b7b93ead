/**
 * Gauss–Legendre quadrature on [0, 1]: n nodes and positive weights that
 * integrate every polynomial of degree ≤ 2n − 1 exactly (Golub & Welsch 1969;
 * nodes by Newton's method on the Legendre polynomial P_n from the Chebyshev
 * guess, Numerical Recipes §4.6 `gauleg`). Linear TreeSHAP (leaf-path-shap.ts)
 * integrates the Shapley weight polynomials with it.
 */
export interface Quadrature {
  /** Ascending nodes in (0, 1). */
  readonly nodes: Float64Array;
  readonly weights: Float64Array;
}

/** P_n(x) and P_n'(x) by the three-term recurrence. */
function legendre(n: number, x: number): { p: number; dp: number } {
  let p0 = 1;
  let p1 = x;
  for (let k = 2; k <= n; k++) {
    const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
    p0 = p1;
    p1 = p2;
  }
  const p = n === 0 ? 1 : p1;
  const dp = n === 0 ? 0 : (n * (x * p1 - p0)) / (x * x - 1);
  return { p, dp };
}

/** The n-point rule on [0, 1] (n ≥ 1). */
export function gaussLegendre(n: number): Quadrature {
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 1;
    for (let iter = 0; iter < 100; iter++) {
      const r = legendre(n, x);
      dp = r.dp;
      const dx = r.p / r.dp;
      x -= dx;
      if (Math.abs(dx) <= 1e-16) break;
    }
    dp = legendre(n, x).dp;
    // x descends from near +1; t = (1 − x)/2 ascends.
    nodes[i] = (1 - x) / 2;
    weights[i] = 1 / ((1 - x * x) * dp * dp);
  }
  return { nodes, weights };
}
