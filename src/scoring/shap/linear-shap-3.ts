import type { LeafPaths } from './leaf-path-shap.js';

/**
 * The two passes of Linear TreeSHAP (leaf-path-shap.ts) unrolled for n = 3
 * Gauss–Legendre points, i.e. trees with at most 6 unique features on a path
 * (every XGBoost model of max_depth ≤ 6, the default): records of 26 numbers
 * (linear-shap-tables.ts), G and S kept in locals. Same operations in the same
 * order as the general passes except the per-edge sum Σ_q, which is added as
 * (left terms) + (right terms).
 */
const RECORD = 26;

/** From tree t's root down: hot masks, G, and the bottom slots folded (S = G ⊙ A, φ_f += Σ G·B). */
export function forwardPass3(paths: LeafPaths, t: number, phi: Float64Array): void {
  const { mask, g, table, position, bottom, node, left, feature, threshold, defaultLeft } = paths;
  const xs = paths.flat.scratch;
  mask[0] = 0x7fffffff;
  g[0] = 1;
  g[1] = 1;
  g[2] = 1;
  const end = paths.slotStart[t + 1] as number;
  for (let k = paths.slotStart[t] as number; k < end; k++) {
    const i = node[k] as number;
    const m = mask[i] as number;
    const bit = 1 << (position[k] as number);
    const f = feature[k] as number;
    const v = xs[f] as number;
    // Branch-free: the comparison is unpredictable; NaN (rare) takes the default direction.
    let right = +(v >= (threshold[k] as number));
    if (v !== v) right = (defaultLeft[k] as number) ^ 1;
    const gi = i * 3;
    const p0 = g[gi] as number;
    const p1 = g[gi + 1] as number;
    const p2 = g[gi + 2] as number;
    const rec = k * RECORD;
    if (bottom[k] === 1) {
      if ((m & bit) === 0) {
        const cold = table[rec + 24] as number;
        g[gi] = p0 * cold;
        g[gi + 1] = p1 * cold;
        g[gi + 2] = p2 * cold;
        continue;
      }
      const o = rec + right * 12;
      g[gi] = p0 * (table[o] as number);
      g[gi + 1] = p1 * (table[o + 1] as number);
      g[gi + 2] = p2 * (table[o + 2] as number);
      phi[f] = (phi[f] as number) + (p0 * (table[o + 3] as number) + p1 * (table[o + 4] as number) + p2 * (table[o + 5] as number));
      continue;
    }
    const l = left[k] as number;
    mask[l] = m & ~(bit * right);
    mask[l + 1] = m & ~(bit * (right ^ 1));
    const gl = l * 3;
    if ((m & bit) === 0) {
      const coldL = table[rec + 24] as number;
      const coldR = table[rec + 25] as number;
      g[gl] = p0 * coldL;
      g[gl + 1] = p1 * coldL;
      g[gl + 2] = p2 * coldL;
      g[gl + 3] = p0 * coldR;
      g[gl + 4] = p1 * coldR;
      g[gl + 5] = p2 * coldR;
      continue;
    }
    const o = rec + right * 12;
    g[gl] = p0 * (table[o] as number);
    g[gl + 1] = p1 * (table[o + 1] as number);
    g[gl + 2] = p2 * (table[o + 2] as number);
    g[gl + 3] = p0 * (table[o + 3] as number);
    g[gl + 4] = p1 * (table[o + 4] as number);
    g[gl + 5] = p2 * (table[o + 5] as number);
  }
}

/** From tree t's leaves up: S = Σ v·G below each node, and Σ_q S·ω·Δc per edge into phi. */
export function backwardPass3(paths: LeafPaths, t: number, phi: Float64Array): void {
  const { mask, g, table, position, bottom, node, left, feature } = paths;
  const first = paths.slotStart[t] as number;
  for (let k = (paths.slotStart[t + 1] as number) - 1; k >= first; k--) {
    if (bottom[k] === 1) continue;
    const i = node[k] as number;
    const gi = i * 3;
    const gl = (left[k] as number) * 3;
    const a0 = g[gl] as number;
    const a1 = g[gl + 1] as number;
    const a2 = g[gl + 2] as number;
    const b0 = g[gl + 3] as number;
    const b1 = g[gl + 4] as number;
    const b2 = g[gl + 5] as number;
    g[gi] = a0 + b0;
    g[gi + 1] = a1 + b1;
    g[gi + 2] = a2 + b2;
    const pos = position[k] as number;
    if ((((mask[i] as number) >>> pos) & 1) === 0) continue;
    // x went right exactly when the left child lost the bit: side 1's c terms are 12 further.
    const o = k * RECORD + 18 - 12 * (((mask[left[k] as number] as number) >>> pos) & 1);
    const f = feature[k] as number;
    phi[f] =
      (phi[f] as number) +
      (a0 * (table[o] as number) + a1 * (table[o + 1] as number) + a2 * (table[o + 2] as number) +
        (b0 * (table[o + 3] as number) + b1 * (table[o + 4] as number) + b2 * (table[o + 5] as number)));
  }
}
