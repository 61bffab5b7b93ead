import { loadRow } from '../trees/flat-ensemble.js';
import { flatOf, nextNode } from '../trees/predict.js';
import { treeDepth, type SplitPrecision, type Tree, type TreeEnsemble } from '../trees/tree-ensemble.js';
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
  /** false runs Algorithm 2 as written for every tree (the reference; slow). Default true. */
  readonly fast?: boolean;
}

/**
 * Builds an explainer for an ensemble; explain() is exact and allocates only
 * the returned contributions. Per tree: the leaf-wise closed form over leaf
 * paths precomputed once per model (leaf-path-shap.ts) when no leaf has more
 * than LEAF_PATH_MAX_UNIQUE unique path features; Algorithm 2 otherwise and
 * for `fast: false`. Both give the same values up to rounding (tested to 1e-12).
 */
export function createTreeShapExplainer(ensemble: TreeEnsemble, options: TreeShapOptions = {}): TreeShapExplainer {
  const fast = options.fast !== false;
  const depths = ensemble.trees.map((t) => treeDepth(t));
  const maxDepth = depths.reduce((m, d) => Math.max(m, d), 0);
  const path = createPathBuffer(maxDepth + 1);
  const flat = flatOf(ensemble);
  // Leaf-path tables are built only for the fast path: `fast: false` callers (the live scorer) pay neither their time nor memory.
  const paths = fast ? buildLeafPaths(flat) : undefined;
  const expectedValue = ensemble.trees.reduce((sum, t) => sum + (nodeMeans(t)[0] as number), ensemble.baseMargin);
  const width = Math.max(ensemble.featureNames.length, flat.width);
  const { precision, trees } = ensemble;
  return {
    expectedValue,
    explain(x) {
      const contributions = new Float64Array(width);
      if (paths !== undefined) loadRow(flat, x);
      for (let i = 0; i < trees.length; i++) {
        if (paths !== undefined && paths.eligible[i] === 1) leafPathShap(paths, i, contributions);
        else treeShap(trees[i] as Tree, x, contributions, path, precision);
      }
      return { contributions: width === ensemble.featureNames.length ? contributions : contributions.subarray(0, ensemble.featureNames.length), expectedValue };
    },
  };
}
