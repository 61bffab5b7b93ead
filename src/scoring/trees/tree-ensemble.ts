/**
 * The shared representation of every tree model the engine runs: gradient-boosted
 * trees (trained here or imported from XGBoost JSON) and isolation forests.
 *
 * Each tree is a set of flat typed arrays indexed by node id (root = 0), the
 * layout XGBoost itself uses (`left_children`, `split_indices`, ...). A node is a
 * leaf when `left[n] < 0`. An internal node sends x to the left child when
 * `x[feature[n]] < threshold[n]`, and a missing value (NaN) to the left child
 * when `defaultLeft[n] === 1`. `cover[n]` is the training weight that reached
 * the node: the hessian sum for boosted trees, the sample count for isolation
 * trees; TreeSHAP uses it as the background distribution (Lundberg et al. 2020).
 */
export interface Tree {
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** Leaf output; for internal nodes the value is unused by prediction. */
  readonly value: Float64Array;
  readonly cover: Float64Array;
  readonly defaultLeft: Uint8Array;
}

/**
 * How split comparisons round the input: XGBoost stores thresholds as float32 and
 * compares float32 feature values, so imported models compare `Math.fround(x)`.
 */
export type SplitPrecision = 'float32' | 'float64';

/** A sum of trees plus a constant: output(x) = baseMargin + Σ_t tree_t(x). */
export interface TreeEnsemble {
  readonly trees: readonly Tree[];
  readonly baseMargin: number;
  readonly featureNames: readonly string[];
  readonly precision: SplitPrecision;
}

/** Mutable builder arrays for one tree, grown node by node during training. */
export interface TreeBuilder {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
  cover: number[];
  defaultLeft: number[];
}

export function createTreeBuilder(): TreeBuilder {
  return { feature: [], threshold: [], left: [], right: [], value: [], cover: [], defaultLeft: [] };
}

/** Appends a leaf and returns its id; split() turns it into an internal node later. */
export function addNode(builder: TreeBuilder, value: number, cover: number): number {
  builder.feature.push(-1);
  builder.threshold.push(0);
  builder.left.push(-1);
  builder.right.push(-1);
  builder.value.push(value);
  builder.cover.push(cover);
  builder.defaultLeft.push(1);
  return builder.feature.length - 1;
}

export interface SplitSpec {
  readonly feature: number;
  readonly threshold: number;
  readonly left: number;
  readonly right: number;
  readonly defaultLeft: boolean;
}

export function setSplit(builder: TreeBuilder, node: number, split: SplitSpec): void {
  builder.feature[node] = split.feature;
  builder.threshold[node] = split.threshold;
  builder.left[node] = split.left;
  builder.right[node] = split.right;
  builder.defaultLeft[node] = split.defaultLeft ? 1 : 0;
}

export function freezeTree(builder: TreeBuilder): Tree {
  return {
    feature: Int32Array.from(builder.feature),
    threshold: Float64Array.from(builder.threshold),
    left: Int32Array.from(builder.left),
    right: Int32Array.from(builder.right),
    value: Float64Array.from(builder.value),
    cover: Float64Array.from(builder.cover),
    defaultLeft: Uint8Array.from(builder.defaultLeft),
  };
}

/** Depth of the deepest leaf (root alone = 0). */
export function treeDepth(tree: Tree, node = 0): number {
  const left = tree.left[node] ?? -1;
  if (left < 0) return 0;
  return 1 + Math.max(treeDepth(tree, left), treeDepth(tree, tree.right[node] ?? -1));
}
