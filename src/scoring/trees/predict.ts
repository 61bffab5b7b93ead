import { flattenEnsemble, predictFlat, type FlatEnsemble } from './flat-ensemble.js';
import type { SplitPrecision, Tree, TreeEnsemble } from './tree-ensemble.js';

/**
 * The child x goes to at internal node n: left when x < threshold, the default
 * direction when x is missing (NaN), as in XGBoost's `GetNext`. Float32 models
 * (XGBoost imports) compare Math.fround(x), as XGBoost does.
 */
export function nextNode(tree: Tree, node: number, x: ArrayLike<number>, precision: SplitPrecision): number {
  const raw = x[tree.feature[node] as number] as number;
  if (raw !== raw) return tree.defaultLeft[node] === 1 ? (tree.left[node] as number) : (tree.right[node] as number);
  const v = precision === 'float32' ? Math.fround(raw) : raw;
  return v < (tree.threshold[node] as number) ? (tree.left[node] as number) : (tree.right[node] as number);
}

/** The leaf id x lands in (a tight loop: this is the per-event hot path). */
export function leafOf(tree: Tree, x: ArrayLike<number>, precision: SplitPrecision): number {
  const { feature, threshold, left, right, defaultLeft } = tree;
  const float32 = precision === 'float32';
  let node = 0;
  let l = left[0] as number;
  while (l >= 0) {
    const raw = x[feature[node] as number] as number;
    if (raw !== raw) node = defaultLeft[node] === 1 ? l : (right[node] as number);
    else node = (float32 ? Math.fround(raw) : raw) < (threshold[node] as number) ? l : (right[node] as number);
    l = left[node] as number;
  }
  return node;
}

/** One tree's output for x. */
export function predictTree(tree: Tree, x: ArrayLike<number>, precision: SplitPrecision): number {
  return tree.value[leafOf(tree, x, precision)] as number;
}

const flatCache = new WeakMap<TreeEnsemble, FlatEnsemble>();

/**
 * The flattened form of an ensemble, built once per ensemble object and cached
 * (weakly, so a dropped model frees it). Rebuilt if the tree list changed
 * length, which only a caller growing a mutable array would do.
 */
export function flatOf(ensemble: TreeEnsemble): FlatEnsemble {
  const cached = flatCache.get(ensemble);
  if (cached && cached.treeCount === ensemble.trees.length) return cached;
  const flat = flattenEnsemble(ensemble);
  flatCache.set(ensemble, flat);
  return flat;
}

/**
 * The raw ensemble output (margin for boosted trees): baseMargin + Σ tree
 * outputs, walked over the cached flat layout (flat-ensemble.ts).
 */
export function predictEnsemble(ensemble: TreeEnsemble, x: ArrayLike<number>): number {
  return predictFlat(flatOf(ensemble), x);
}
