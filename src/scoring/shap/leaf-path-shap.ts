import type { FlatEnsemble } from '../trees/flat-ensemble.js';
import { buildSlotLayout, LINEAR_SHAP_MAX_UNIQUE, recordSize, type SlotLayout } from './linear-shap-tables.js';
import { forwardPass3, backwardPass3 } from './linear-shap-3.js';

/**
 * Path-dependent TreeSHAP in O(N·n) per tree (N nodes, n = ⌈d/2⌉ quadrature
 * points, d the most unique features on a root-to-leaf path): Linear TreeSHAP
 * (Yu et al., "Linear TreeShap", NeurIPS 2022) over tables built once per model
 * (linear-shap-tables.ts). With W_d(k) = k!(d−k−1)!/d! = ∫₀¹ t^k (1−t)^(d−k−1) dt,
 * Algorithm 2 of Lundberg et al. 2020 gives, for a leaf of value v whose path
 * splits on the unique features U (merged one fraction o_j ∈ {0, 1}, merged
 * cover product z_j) and F_j(t) = t·o_j + (1 − t)·z_j,
 *   φ_i += v (o_i − z_i) ∫₀¹ Π_{j ∈ U∖i} F_j(t) dt = ∫₀¹ v·G(t) · c_i(t) dt,
 *   G = Π_{j ∈ U} F_j,  c_i = (o_i − z_i) / F_i   (hot: (1 − z)/F, cold: −1/(1 − t)).
 * The integrand is a polynomial of degree < d, so n-point Gauss–Legendre
 * quadrature is exact. One pass from the root (a parent precedes its children
 * in the flat layout) builds G at every node by one multiplication per point
 * (a repeated feature replaces its factor: ×F_new/F_old); one pass back sums
 * S(node) = Σ_{leaves below} v·G and adds Σ_q S(child)·ω_q·Δc_q per edge, where
 * Δc is the edge's c minus that of the same feature's previous edge on the path
 * (the differences telescope to the deepest edge's c, the leaf's merged one;
 * once the feature is cold, Δc = 0). Hot masks (one bit per unique path
 * feature) say whether a feature is still hot. Leaves are folded into their
 * parents' records, child selection is branch-free, n = 3 (d ≤ 6) is unrolled
 * (linear-shap-3.ts). No recursion, no search, no allocation per row.
 * Replaces the leaf-wise closed form (leaf-closed-form.ts, O(L·d·|H|) per
 * tree), which it equals to 1e-12 (linear-tree-shap.test.ts); the names
 * buildLeafPaths / LeafPaths / leafPathShap are kept for existing callers.
 */
export interface LeafPaths extends SlotLayout {
  readonly flat: FlatEnsemble;
  /** Scratch, n values per node of the tree being explained: G, then S. */
  readonly g: Float64Array;
  /** Scratch: the hot mask reaching each node. */
  readonly mask: Int32Array;
}

/** Masks are 31-bit integers: trees with more unique features on a path use Algorithm 2. */
export const LEAF_PATH_MAX_UNIQUE = LINEAR_SHAP_MAX_UNIQUE;

/** Precomputes the tables of every tree whose paths have ≤ LEAF_PATH_MAX_UNIQUE unique features. */
export function buildLeafPaths(flat: FlatEnsemble): LeafPaths {
  const layout = buildSlotLayout(flat);
  return { ...layout, flat, g: new Float64Array(layout.maxNodes * layout.points), mask: new Int32Array(layout.maxNodes) };
}

/** Which child x follows at slot k: 0 left, 1 right (x < threshold goes left; NaN takes the default direction). */
function sideOf(paths: LeafPaths, k: number, xs: Float64Array): number {
  const v = xs[paths.feature[k] as number] as number;
  // Branch-free: the comparison is unpredictable; NaN is rare.
  let right = +(v >= (paths.threshold[k] as number));
  if (v !== v) right = (paths.defaultLeft[k] as number) ^ 1;
  return right;
}

/** A bottom slot: S = G ⊙ A and its feature gains Σ G·B (or S = G·K when the feature is cold above). */
function foldBottom(paths: LeafPaths, k: number, gi: number, hotAbove: boolean, right: number, phi: Float64Array): void {
  const { g, table, points: n } = paths;
  const rec = k * recordSize(n);
  if (!hotAbove) {
    const cold = table[rec + 8 * n] as number;
    for (let q = 0; q < n; q++) g[gi + q] = (g[gi + q] as number) * cold;
    return;
  }
  const o = rec + right * 4 * n;
  let s = 0;
  for (let q = 0; q < n; q++) {
    const p = g[gi + q] as number;
    g[gi + q] = p * (table[o + q] as number);
    s += p * (table[o + n + q] as number);
  }
  const f = paths.feature[k] as number;
  phi[f] = (phi[f] as number) + s;
}

/** From tree t's root down: hot masks and G at every node; bottom slots folded. */
function forwardPass(paths: LeafPaths, t: number, phi: Float64Array): void {
  const { mask, g, table, points: n, position, bottom, node, left } = paths;
  const xs = paths.flat.scratch;
  const size = recordSize(n);
  mask[0] = 0x7fffffff;
  for (let q = 0; q < n; q++) g[q] = 1;
  for (let k = paths.slotStart[t] as number; k < (paths.slotStart[t + 1] as number); k++) {
    const i = node[k] as number;
    const m = mask[i] as number;
    const bit = 1 << (position[k] as number);
    const right = sideOf(paths, k, xs);
    const gi = i * n;
    if (bottom[k] === 1) {
      foldBottom(paths, k, gi, (m & bit) !== 0, right, phi);
      continue;
    }
    const l = left[k] as number;
    mask[l] = m & ~(bit * right);
    mask[l + 1] = m & ~(bit * (right ^ 1));
    const rec = k * size;
    const hot = (m & bit) !== 0;
    const o = rec + right * 4 * n;
    const coldL = table[rec + 8 * n] as number;
    const coldR = table[rec + 8 * n + 1] as number;
    for (let q = 0; q < n; q++) {
      const p = g[gi + q] as number;
      g[l * n + q] = p * (hot ? (table[o + q] as number) : coldL);
      g[(l + 1) * n + q] = p * (hot ? (table[o + n + q] as number) : coldR);
    }
  }
}

/** From tree t's leaves up: S = Σ v·G below each node, and Σ_q S·ω·Δc per edge into phi. */
function backwardPass(paths: LeafPaths, t: number, phi: Float64Array): void {
  const { mask, g, table, points: n, position, bottom, node, left, feature } = paths;
  const size = recordSize(n);
  for (let k = (paths.slotStart[t + 1] as number) - 1; k >= (paths.slotStart[t] as number); k--) {
    if (bottom[k] === 1) continue;
    const gi = (node[k] as number) * n;
    const l = left[k] as number;
    const gl = l * n;
    const gr = gl + n;
    const pos = position[k] as number;
    const hot = (((mask[node[k] as number] as number) >>> pos) & 1) === 1;
    // x went right exactly when the left child lost the bit.
    const o = k * size + (((mask[l] as number) >>> pos) & 1 ? 0 : 4 * n) + 2 * n;
    let s = 0;
    for (let q = 0; q < n; q++) {
      const a = g[gl + q] as number;
      const b = g[gr + q] as number;
      g[gi + q] = a + b;
      if (hot) s += a * (table[o + q] as number) + b * (table[o + n + q] as number);
    }
    const f = feature[k] as number;
    phi[f] = (phi[f] as number) + s;
  }
}

/**
 * Adds tree t's SHAP values for the row already loaded in paths.flat.scratch
 * (loadRow) into phi. Requires paths.eligible[t] === 1.
 */
export function leafPathShap(paths: LeafPaths, t: number, phi: Float64Array): void {
  if (paths.points === 3) {
    forwardPass3(paths, t, phi);
    backwardPass3(paths, t, phi);
    return;
  }
  forwardPass(paths, t, phi);
  backwardPass(paths, t, phi);
}
