import type { FlatEnsemble } from '../trees/flat-ensemble.js';
import { shapleyWeightTable } from './fast-tree-shap.js';
import { PATH_MAX_UNIQUE, walkPathCovers } from './path-covers.js';

/**
 * Path-dependent TreeSHAP over precomputed leaf paths (Fast TreeSHAP, Yang 2021,
 * arXiv:2109.09847: per-model precomputation traded for per-row work). A leaf's
 * SHAP values depend on x only through its hot set H, the unique path features
 * whose every split x follows (fast-tree-shap.ts has the closed form). The unique
 * features of each leaf's path and their cover products z are fixed by the model,
 * so they are stored once, contiguously; explaining a row is a single pass over
 * the nodes of each tree in breadth-first order (a parent precedes its children
 * in the flat layout) that propagates H as a bit mask, then the closed form per
 * leaf from the stored z, with all-cold leaves (H = ∅) reduced to one
 * precomputed constant −v·Πz/d. No recursion, no search, no allocation.
 * (Full v2 tables of all 2^d outcomes per leaf were measured slower here:
 * 5–30 MB of tables make every leaf a cache miss.) This was the default fast
 * method until Linear TreeSHAP (leaf-path-shap.ts, about 3× faster at depth 6)
 * replaced it; it stays selectable (`method: 'leaf-closed-form'`) as an
 * independent derivation the default is tested against to 1e-12.
 */
export interface LeafClosedForm {
  readonly flat: FlatEnsemble;
  /** 1 when tree t is explained here; 0 when a leaf has more than CLOSED_FORM_MAX_UNIQUE unique features. */
  readonly eligible: Uint8Array;
  /** Internal node: path position b of its split feature. */
  readonly position: Uint8Array;
  /** Leaf: number d of unique features on its path. */
  readonly unique: Uint8Array;
  /** Leaf: start of its d entries in pathFeatures and pathZ. */
  readonly pathStart: Int32Array;
  readonly pathFeatures: Int32Array;
  readonly pathZ: Float64Array;
  /** Leaf: each feature's contribution when x follows none of the path's features. */
  readonly allCold: Float64Array;
  readonly weights: readonly Float64Array[];
  /** Scratch: elementary symmetric polynomials of the hot z values. */
  readonly e: Float64Array;
  /** Scratch: the hot mask reaching each node of the tree being explained. */
  readonly mask: Int32Array;
}

/** Masks are 31-bit integers. */
export const CLOSED_FORM_MAX_UNIQUE = PATH_MAX_UNIQUE;

interface LeafInfo {
  readonly node: number;
  readonly features: readonly number[];
  readonly z: readonly number[];
}

/** Every leaf of tree t with its unique path features and cover products; fills `position`. */
function collectLeaves(flat: FlatEnsemble, t: number, position: Uint8Array): LeafInfo[] {
  const leaves: LeafInfo[] = [];
  walkPathCovers(flat, t, position, (node, features, z) => void leaves.push({ node, features: [...features], z: [...z] }));
  return leaves;
}

function allocate(flat: FlatEnsemble, perTree: readonly LeafInfo[][], eligible: Uint8Array): LeafClosedForm {
  const n = flat.feature.length;
  const total = perTree.reduce((s, leaves, t) => (eligible[t] === 1 ? s + leaves.reduce((a, l) => a + l.features.length, 0) : s), 0);
  const maxNodes = perTree.reduce((m, _, t) => Math.max(m, (flat.start[t + 1] as number) - (flat.start[t] as number)), 1);
  return {
    flat, eligible, position: new Uint8Array(n), unique: new Uint8Array(n), pathStart: new Int32Array(n),
    pathFeatures: new Int32Array(total), pathZ: new Float64Array(total), allCold: new Float64Array(n),
    weights: shapleyWeightTable(CLOSED_FORM_MAX_UNIQUE + 1), e: new Float64Array(CLOSED_FORM_MAX_UNIQUE + 2), mask: new Int32Array(maxNodes),
  };
}

/** Precomputes the leaf paths of every tree whose leaves have ≤ CLOSED_FORM_MAX_UNIQUE unique features. */
export function buildLeafClosedForm(flat: FlatEnsemble): LeafClosedForm {
  const position = new Uint8Array(flat.feature.length);
  const perTree = Array.from({ length: flat.treeCount }, (_, t) => collectLeaves(flat, t, position));
  const eligible = Uint8Array.from(perTree, (leaves) => (leaves.every((l) => l.features.length <= CLOSED_FORM_MAX_UNIQUE) ? 1 : 0));
  const paths = allocate(flat, perTree, eligible);
  paths.position.set(position);
  let at = 0;
  perTree.forEach((leaves, t) => {
    if (eligible[t] !== 1) return;
    for (const { node, features, z } of leaves) {
      const d = features.length;
      const value = flat.value[node] as number;
      paths.unique[node] = d;
      paths.pathStart[node] = at;
      paths.pathFeatures.set(features, at);
      paths.pathZ.set(z, at);
      // Same operation order as the closed form with H = ∅: −(v·Πz)·W_d(0).
      const cold = z.reduce((p, zb) => p * zb, 1);
      paths.allCold[node] = d > 0 ? -(value * cold) * ((paths.weights[d] as Float64Array)[0] as number) : 0;
      at += d;
    }
  });
  return paths;
}

/**
 * Adds one leaf's SHAP values for hot mask m ≠ 0 into phi: the closed form of
 * fast-tree-shap.ts (hot i: v(1 − z_i)·P·Q(H∖i), cold i: −v·P·Q(H)), reading z from the stored path.
 */
function addHotLeaf(paths: LeafClosedForm, phi: Float64Array, p: number, d: number, m: number, value: number): void {
  const { pathZ, pathFeatures, e } = paths;
  const w = paths.weights[d] as Float64Array;
  let cold = 1;
  let size = 0;
  e[0] = 1;
  for (let b = 0; b < d; b++) {
    const zb = pathZ[p + b] as number;
    if ((m & (1 << b)) === 0) {
      cold *= zb;
      continue;
    }
    size++;
    e[size] = 0;
    for (let k = size; k >= 1; k--) e[k] = (e[k] as number) + zb * (e[k - 1] as number);
  }
  const base = value * cold;
  let qAll = 0;
  for (let k = 0; k <= size && k < d; k++) qAll += (w[k] as number) * (e[size - k] as number);
  const coldDelta = -base * qAll;
  for (let b = 0; b < d; b++) {
    const f = pathFeatures[p + b] as number;
    if ((m & (1 << b)) === 0) {
      phi[f] = (phi[f] as number) + coldDelta;
      continue;
    }
    const zb = pathZ[p + b] as number;
    let prev = 1;
    let q = size - 1 < d ? (w[size - 1] as number) : 0;
    for (let k = 1; k < size; k++) {
      prev = (e[k] as number) - zb * prev;
      q += (w[size - 1 - k] as number) * prev;
    }
    phi[f] = (phi[f] as number) + base * (1 - zb) * q;
  }
}

/** Propagates the hot mask from tree t's root to every node (paths.mask, indexed from the root). */
function propagateMasks(paths: LeafClosedForm, t: number): void {
  const { flat, position, mask } = paths;
  const { feature, threshold, left, defaultLeft } = flat;
  const xs = flat.scratch;
  const first = flat.start[t] as number;
  const end = flat.start[t + 1] as number;
  mask[0] = 0x7fffffff;
  for (let i = first; i < end; i++) {
    const f = feature[i] as number;
    if (f < 0) continue;
    const m = mask[i - first] as number;
    const v = xs[f] as number;
    const goesLeft = v < (threshold[i] as number) || (v !== v && defaultLeft[i] === 1);
    const l = (left[i] as number) - first;
    const off = m & ~(1 << (position[i] as number));
    mask[l] = goesLeft ? m : off;
    mask[l + 1] = goesLeft ? off : m;
  }
}

/** The closed form per leaf of tree t, with all-cold leaves from the stored constant. */
function closedFormTree(paths: LeafClosedForm, t: number, phi: Float64Array): void {
  const { flat, unique, pathStart, pathFeatures, allCold, mask } = paths;
  const first = flat.start[t] as number;
  const end = flat.start[t + 1] as number;
  for (let i = first; i < end; i++) {
    if ((flat.feature[i] as number) >= 0) continue;
    const d = unique[i] as number;
    const hot = (mask[i - first] as number) & ((1 << d) - 1);
    const p = pathStart[i] as number;
    if (hot !== 0) {
      addHotLeaf(paths, phi, p, d, hot, flat.value[i] as number);
      continue;
    }
    const c = allCold[i] as number;
    for (let b = 0; b < d; b++) {
      const f = pathFeatures[p + b] as number;
      phi[f] = (phi[f] as number) + c;
    }
  }
}

/**
 * Adds tree t's SHAP values for the row already loaded in paths.flat.scratch
 * (loadRow) into phi. Requires paths.eligible[t] === 1.
 */
export function leafClosedFormShap(paths: LeafClosedForm, t: number, phi: Float64Array): void {
  propagateMasks(paths, t);
  closedFormTree(paths, t, phi);
}
