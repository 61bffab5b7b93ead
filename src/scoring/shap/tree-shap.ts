import { loadRow, type FlatEnsemble } from '../trees/flat-ensemble.js';
import { flatOf, nextNode } from '../trees/predict.js';
import { treeDepth, type SplitPrecision, type Tree, type TreeEnsemble } from '../trees/tree-ensemble.js';
import { buildLeafClosedForm, leafClosedFormShap } from './leaf-closed-form.js';
import { buildLeafPaths, leafPathShap } from './leaf-path-shap.js';
import { copyPath, createPathBuffer, extendPath, unwindPath, type PathBuffer } from './path-buffer.js';

/**
 * Exact SHAP values for tree ensembles in polynomial time: TreeSHAP, Algorithm 2
 * of Lundberg et al. 2020, "From local explanations to global understanding
 * with explainable AI for trees" (Nature Machine Intelligence 2:56–67), the
 * path-dependent variant XGBoost's `pred_contribs` computes.
 *
 *   φ_i = Σ_{S ⊆ F∖{i}} |S|!(M−|S|−1)!/M! · (f_x(S ∪ {i}) − f_x(S)),
 *   f_x(S) = E[f(x) | x_S] under the tree's cover distribution,
 *
 * computed per tree by walking every root-to-leaf path once while tracking the
 * permutation weights of the unique features on the path (O(T·L·D²)).
 * Local accuracy holds: expectedValue + Σ φ_i = model output.
 */
export interface ShapExplanation {
  /** φ_i per feature, in the ensemble's feature order. */
  readonly contributions: Float64Array;
  /** E[f(X)]: the base margin plus each tree's cover-weighted mean leaf value. */
  readonly expectedValue: number;
}

/** A reusable explainer: precomputes node means and allocates path buffers once. */
export interface TreeShapExplainer {
  explain(x: ArrayLike<number>): ShapExplanation;
  readonly expectedValue: number;
}

interface WalkState {
  readonly tree: Tree;
  readonly x: ArrayLike<number>;
  readonly phi: Float64Array;
  readonly path: PathBuffer;
  readonly precision: SplitPrecision;
}

/** Cover-weighted mean of the leaves under each node (XGBoost `FillNodeMeanValues`). */
export function nodeMeans(tree: Tree): Float64Array {
  const means = new Float64Array(tree.feature.length);
  const fill = (node: number): number => {
    const left = tree.left[node] as number;
    if (left < 0) {
      means[node] = tree.value[node] as number;
      return means[node] as number;
    }
    const right = tree.right[node] as number;
    const cover = tree.cover[node] as number;
    const sum = fill(left) * (tree.cover[left] as number) + fill(right) * (tree.cover[right] as number);
    means[node] = cover > 0 ? sum / cover : 0;
    return means[node] as number;
  };
  fill(0);
  return means;
}

/**
 * Adds a leaf's contributions for every feature on the unique path. This is
 * UNWOUND-SUM of Algorithm 2 specialised by the one fraction, which is 0 or 1
 * in path-dependent TreeSHAP: for a cold element (one = 0) the unwound sum is
 * C₀/zero with C₀ = Σ_k w_k (d+1)/(d−k) shared by all cold elements, so only
 * hot elements pay the O(d) recurrence.
 */
function addLeafContributions(st: WalkState, s: number, depth: number, leafValue: number): void {
  const { feature, zero, one, weight } = st.path;
  const d1 = depth + 1;
  let coldSum = -1;
  for (let i = 1; i <= depth; i++) {
    const o = one[s + i] as number;
    const z = zero[s + i] as number;
    let total = 0;
    if (o === 0) {
      if (coldSum < 0) {
        coldSum = 0;
        for (let k = depth - 1; k >= 0; k--) coldSum += ((weight[s + k] as number) * d1) / (depth - k);
      }
      total = coldSum / z;
    } else {
      let next = weight[s + depth] as number;
      for (let k = depth - 1; k >= 0; k--) {
        const tmp = (next * d1) / ((k + 1) * o);
        total += tmp;
        next = (weight[s + k] as number) - (tmp * z * (depth - k)) / d1;
      }
    }
    const f = feature[s + i] as number;
    st.phi[f] = (st.phi[f] as number) + total * (o - z) * leafValue;
  }
}

function walk(st: WalkState, node: number, parentStart: number, depth: number, zero: number, one: number, feature: number): void {
  const s = parentStart + depth + 1;
  const { tree, path } = st;
  copyPath(path, parentStart, s, depth);
  extendPath(path, s, depth, zero, one, feature);
  const left = tree.left[node] as number;
  if (left < 0) {
    addLeafContributions(st, s, depth, tree.value[node] as number);
    return;
  }
  const splitFeature = tree.feature[node] as number;
  const hot = nextNode(tree, node, st.x, st.precision);
  const cold = hot === left ? (tree.right[node] as number) : left;
  const cover = tree.cover[node] as number;
  const hotZero = cover > 0 ? (tree.cover[hot] as number) / cover : 0;
  const coldZero = cover > 0 ? (tree.cover[cold] as number) / cover : 0;
  let incomingZero = 1;
  let incomingOne = 1;
  let d = depth;
  let k = 0;
  while (k <= d && path.feature[s + k] !== splitFeature) k++;
  if (k <= d) {
    incomingZero = path.zero[s + k] as number;
    incomingOne = path.one[s + k] as number;
    unwindPath(path, s, d, k);
    d -= 1;
  }
  walk(st, hot, s, d + 1, hotZero * incomingZero, incomingOne, splitFeature);
  walk(st, cold, s, d + 1, coldZero * incomingZero, 0, splitFeature);
}

/** Adds one tree's SHAP values for x into phi. */
export function treeShap(tree: Tree, x: ArrayLike<number>, phi: Float64Array, path: PathBuffer, precision: SplitPrecision): void {
  walk({ tree, x, phi, path, precision }, 0, 0, 0, 1, 1, -1);
}

/** Options for the explainer. */
export interface TreeShapOptions {
  /** false runs Algorithm 2 as written for every tree (the reference; slow; builds no tables). Default true. */
  readonly fast?: boolean;
  /**
   * The fast method: 'linear' (default) is Linear TreeSHAP over per-model tables
   * (leaf-path-shap.ts); 'leaf-closed-form' is the leaf-wise closed form
   * (leaf-closed-form.ts), the previous default, kept as an independent check.
   * Both equal Algorithm 2 to 1e-12. Ignored when fast is false.
   */
  readonly method?: 'linear' | 'leaf-closed-form';
}

/** Adds the SHAP values of every tree for x into contributions. */
type ExplainTrees = (x: ArrayLike<number>, contributions: Float64Array) => void;

/** A fast method's per-model tables: which trees they cover, and how to add tree t's values for the loaded row. */
interface FastTables {
  readonly eligible: Uint8Array;
  add(t: number, phi: Float64Array): void;
}

const FAST_METHODS: Readonly<Record<NonNullable<TreeShapOptions['method']>, (flat: FlatEnsemble) => FastTables>> = {
  linear: (flat) => {
    const paths = buildLeafPaths(flat);
    return { eligible: paths.eligible, add: (t, phi) => leafPathShap(paths, t, phi) };
  },
  'leaf-closed-form': (flat) => {
    const form = buildLeafClosedForm(flat);
    return { eligible: form.eligible, add: (t, phi) => leafClosedFormShap(form, t, phi) };
  },
};

function explainTrees(ensemble: TreeEnsemble, flat: FlatEnsemble, options: TreeShapOptions): ExplainTrees {
  const { precision, trees } = ensemble;
  const path = createPathBuffer(trees.reduce((m, t) => Math.max(m, treeDepth(t)), 0) + 1);
  const reference = (i: number, x: ArrayLike<number>, phi: Float64Array): void => treeShap(trees[i] as Tree, x, phi, path, precision);
  if (options.fast === false) {
    return (x, phi) => {
      for (let i = 0; i < trees.length; i++) reference(i, x, phi);
    };
  }
  // Tables are built only for the fast path: `fast: false` callers (the reference in tests) pay neither their time nor memory.
  const tables = FAST_METHODS[options.method ?? 'linear'](flat);
  return (x, phi) => {
    loadRow(flat, x);
    for (let i = 0; i < trees.length; i++) {
      if (tables.eligible[i] === 1) tables.add(i, phi);
      else reference(i, x, phi);
    }
  };
}

/**
 * Builds an explainer for an ensemble; explain() is exact and allocates only
 * the returned contributions. Per tree: Linear TreeSHAP over tables built once
 * per model (leaf-path-shap.ts) when no path has more than
 * LEAF_PATH_MAX_UNIQUE unique features; Algorithm 2 otherwise and for
 * `fast: false`. All give the same values up to rounding (tested to 1e-12).
 */
export function createTreeShapExplainer(ensemble: TreeEnsemble, options: TreeShapOptions = {}): TreeShapExplainer {
  const flat = flatOf(ensemble);
  const run = explainTrees(ensemble, flat, options);
  const expectedValue = ensemble.trees.reduce((sum, t) => sum + (nodeMeans(t)[0] as number), ensemble.baseMargin);
  const names = ensemble.featureNames.length;
  const width = Math.max(names, flat.width);
  return {
    expectedValue,
    explain(x) {
      const contributions = new Float64Array(width);
      run(x, contributions);
      return { contributions: width === names ? contributions : contributions.subarray(0, names), expectedValue };
    },
  };
}
