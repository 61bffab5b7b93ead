import type { SplitPrecision, Tree } from '../trees/tree-ensemble.js';

/**
 * Path-dependent TreeSHAP by leaf-wise closed forms (the reformulation behind
 * Fast TreeSHAP, Yang 2021, arXiv:2109.09847). For a leaf with value v whose
 * path splits on the unique features U (|U| = d), let z_j be the product of
 * the cover ratios of the path's splits on feature j and H ⊆ U the features
 * whose splits x all follows. Algorithm 2 of Lundberg et al. 2020 computes
 *   φ_i += v (o_i − z_i) Σ_{S ⊆ H∖i} W_d(|S|) Π_{j ∈ U∖S∖i} z_j,
 *   W_d(k) = k!(d−k−1)!/d!.
 * With P = Π_{j ∈ U∖H} z_j and Q(A) = Σ_k W_d(k) e_{|A|−k}(z_A), where e_m
 * are the elementary symmetric polynomials of the z values of A:
 *   hot i:  φ_i += v (1 − z_i) · P · Q(H∖i)
 *   cold i: φ_i −= v · P · Q(H).
 * e(z_H) is built once per leaf and e(z_{H∖i}) by deflating it with
 * (1 + z_i t), summed into Q in the same pass, so a leaf costs O(|H|·d) flops
 * and no tables are needed.
 * Bits index U in the order features first appear on the path.
 */
export const FAST_SHAP_MAX_UNIQUE = 30;

/** W_d(k) for every d ≤ max: weights[d][k]. */
export function shapleyWeightTable(max: number): Float64Array[] {
  return Array.from({ length: max + 1 }, (_, d) => {
    const w = new Float64Array(Math.max(d, 1));
    for (let k = 0; k < d; k++) {
      let v = 1 / d;
      for (let t = 1; t <= k; t++) v *= t / (d - t);
      w[k] = v;
    }
    return w;
  });
}

/** Scratch space for one explainer (never shared between concurrent explains). */
export interface FastScratch {
  readonly pathFeature: Int32Array;
  readonly z: Float64Array;
  readonly e: Float64Array;
  readonly weights: readonly Float64Array[];
}

export function createFastScratch(maxUnique: number): FastScratch {
  const n = maxUnique + 2;
  return {
    pathFeature: new Int32Array(n),
    z: new Float64Array(n),
    e: new Float64Array(n),
    weights: shapleyWeightTable(n),
  };
}

/** Cover ratios cover[child]/cover[node] per node, precomputed once per tree. */
export interface TreeRatios {
  readonly left: Float64Array;
  readonly right: Float64Array;
}

export function coverRatios(tree: Tree): TreeRatios {
  const n = tree.feature.length;
  const left = new Float64Array(n);
  const right = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const l = tree.left[i] as number;
    const cover = tree.cover[i] as number;
    if (l < 0 || cover <= 0) continue;
    left[i] = (tree.cover[l] as number) / cover;
    right[i] = (tree.cover[tree.right[i] as number] as number) / cover;
  }
  return { left, right };
}

interface FastState {
  readonly tree: Tree;
  readonly ratios: TreeRatios;
  readonly x: ArrayLike<number>;
  readonly phi: Float64Array;
  readonly precision: SplitPrecision;
  readonly scratch: FastScratch;
}

function qOf(poly: Float64Array, size: number, w: Float64Array, d: number): number {
  let sum = 0;
  for (let k = 0; k <= size && k < d; k++) sum += (w[k] as number) * (poly[size - k] as number);
  return sum;
}

function addLeaf(st: FastState, d: number, mask: number, value: number): void {
  const { z, e, pathFeature, weights } = st.scratch;
  const w = weights[d] as Float64Array;
  let cold = 1;
  let size = 0;
  e[0] = 1;
  for (let b = 0; b < d; b++) {
    const zb = z[b] as number;
    if ((mask & (1 << b)) === 0) {
      cold *= zb;
      continue;
    }
    size++;
    e[size] = 0;
    for (let m = size; m >= 1; m--) e[m] = (e[m] as number) + zb * (e[m - 1] as number);
  }
  const base = value * cold;
  const coldDelta = -base * qOf(e, size, w, d);
  for (let b = 0; b < d; b++) {
    const f = pathFeature[b] as number;
    if ((mask & (1 << b)) === 0) {
      st.phi[f] = (st.phi[f] as number) + coldDelta;
      continue;
    }
    // Deflate e(z_H) by (1 + z_b t) and sum Q(H∖b) = Σ_k W_d(k) e'_{size−1−k} in one pass.
    const zb = z[b] as number;
    let prev = 1;
    let q = size - 1 < d ? (w[size - 1] as number) : 0;
    for (let m = 1; m < size; m++) {
      prev = (e[m] as number) - zb * prev;
      q += (w[size - 1 - m] as number) * prev;
    }
    st.phi[f] = (st.phi[f] as number) + base * (1 - zb) * q;
  }
}

function visitFast(st: FastState, node: number, d: number, mask: number): void {
  const { tree } = st;
  const left = tree.left[node] as number;
  if (left < 0) {
    addLeaf(st, d, mask, tree.value[node] as number);
    return;
  }
  const { pathFeature, z } = st.scratch;
  const f = tree.feature[node] as number;
  const right = tree.right[node] as number;
  const leftRatio = st.ratios.left[node] as number;
  const rightRatio = st.ratios.right[node] as number;
  const raw = st.x[f] as number;
  const goesLeft =
    raw !== raw ? tree.defaultLeft[node] === 1 : (st.precision === 'float32' ? Math.fround(raw) : raw) < (tree.threshold[node] as number);
  let b = -1;
  for (let k = 0; k < d; k++) {
    if (pathFeature[k] === f) {
      b = k;
      break;
    }
  }
  if (b >= 0) {
    const saved = z[b] as number;
    const off = mask & ~(1 << b);
    z[b] = saved * leftRatio;
    visitFast(st, left, d, goesLeft ? mask : off);
    z[b] = saved * rightRatio;
    visitFast(st, right, d, goesLeft ? off : mask);
    z[b] = saved;
    return;
  }
  const on = mask | (1 << d);
  pathFeature[d] = f;
  z[d] = leftRatio;
  visitFast(st, left, d + 1, goesLeft ? on : mask);
  pathFeature[d] = f;
  z[d] = rightRatio;
  visitFast(st, right, d + 1, goesLeft ? mask : on);
}

/** Adds one tree's SHAP values for x into phi (tree depth must be ≤ FAST_SHAP_MAX_UNIQUE). */
export function fastTreeShap(
  tree: Tree,
  ratios: TreeRatios,
  x: ArrayLike<number>,
  phi: Float64Array,
  precision: SplitPrecision,
  scratch: FastScratch,
): void {
  visitFast({ tree, ratios, x, phi, precision, scratch }, 0, 0, 0);
}
