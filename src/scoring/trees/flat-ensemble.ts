import type { SplitPrecision, Tree, TreeEnsemble } from './tree-ensemble.js';

/**
 * A whole ensemble in one set of typed arrays: the layout the hot paths
 * (per-event scoring, TreeSHAP) walk. Nodes of tree t occupy
 * [start[t], start[t + 1]) in breadth-first order with the two children of a
 * node adjacent (right = left + 1), so a split is one load and one add, and a
 * parent always precedes its children (TreeSHAP's mask pass relies on that).
 * This is the array-of-structures-free layout of treelite / XGBoost's
 * `RegTree::Node` flattened across trees; no per-tree objects are touched.
 */
export interface FlatEnsemble {
  readonly treeCount: number;
  /** start[t] = index of tree t's root; start[treeCount] = node count. */
  readonly start: Int32Array;
  /** Split feature, or -1 at a leaf. */
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  /** Absolute index of the left child (the right child is left + 1); -1 at a leaf. */
  readonly left: Int32Array;
  readonly defaultLeft: Uint8Array;
  readonly value: Float64Array;
  readonly cover: Float64Array;
  /**
   * The same nodes for the fixed-step walk: a leaf reads feature 0, has a NaN
   * threshold (x < NaN is false, so it takes "right") and "left" = itself − 1,
   * i.e. a leaf is a fixed point and every tree walks exactly depth[t] steps
   * without testing for leaves.
   */
  readonly walkFeature: Int32Array;
  readonly walkThreshold: Float64Array;
  readonly walkLeft: Int32Array;
  /** Depth of each tree's deepest leaf. */
  readonly depth: Int32Array;
  readonly baseMargin: number;
  readonly precision: SplitPrecision;
  /** Row width the ensemble reads: max(feature names, highest split feature + 1). */
  readonly width: number;
  /** Per-call copy of x (rounded to float32 for float32 models); reused, never escapes. */
  readonly scratch: Float64Array;
}

function breadthFirst(tree: Tree): number[] {
  const order = [0];
  for (let i = 0; i < order.length; i++) {
    const node = order[i] as number;
    const l = tree.left[node] as number;
    if (l >= 0) order.push(l, tree.right[node] as number);
  }
  return order;
}

function walkArrays(
  flat: { feature: Int32Array; threshold: Float64Array; left: Int32Array },
  start: Int32Array,
): { walkFeature: Int32Array; walkThreshold: Float64Array; walkLeft: Int32Array; depth: Int32Array } {
  const n = flat.feature.length;
  const walkFeature = new Int32Array(n);
  const walkThreshold = new Float64Array(n);
  const walkLeft = new Int32Array(n);
  const level = new Int32Array(n);
  const depth = new Int32Array(start.length - 1);
  for (let t = 0; t + 1 < start.length; t++) {
    for (let i = start[t] as number; i < (start[t + 1] as number); i++) {
      const l = flat.left[i] as number;
      const leaf = l < 0;
      walkFeature[i] = leaf ? 0 : (flat.feature[i] as number);
      walkThreshold[i] = leaf ? Number.NaN : (flat.threshold[i] as number);
      walkLeft[i] = leaf ? i - 1 : l;
      if (!leaf) level[l] = level[l + 1] = (level[i] as number) + 1;
      if ((level[i] as number) > (depth[t] as number)) depth[t] = level[i] as number;
    }
  }
  return { walkFeature, walkThreshold, walkLeft, depth };
}

/** Flattens every tree of the ensemble (see FlatEnsemble). */
export function flattenEnsemble(ensemble: TreeEnsemble): FlatEnsemble {
  const orders = ensemble.trees.map(breadthFirst);
  const start = new Int32Array(orders.length + 1);
  orders.forEach((o, t) => (start[t + 1] = (start[t] as number) + o.length));
  const n = start[orders.length] as number;
  const flat = {
    feature: new Int32Array(n), threshold: new Float64Array(n), left: new Int32Array(n),
    defaultLeft: new Uint8Array(n), value: new Float64Array(n), cover: new Float64Array(n),
  };
  let width = ensemble.featureNames.length;
  ensemble.trees.forEach((tree, t) => {
    const order = orders[t] as number[];
    const base = start[t] as number;
    const position = new Map<number, number>(order.map((node, i) => [node, base + i]));
    order.forEach((node, i) => {
      const at = base + i;
      const l = tree.left[node] as number;
      const f = l >= 0 ? (tree.feature[node] as number) : -1;
      flat.feature[at] = f;
      flat.threshold[at] = tree.threshold[node] as number;
      flat.left[at] = l >= 0 ? (position.get(l) as number) : -1;
      flat.defaultLeft[at] = tree.defaultLeft[node] as number;
      flat.value[at] = tree.value[node] as number;
      flat.cover[at] = tree.cover[node] as number;
      if (f >= width) width = f + 1;
    });
  });
  return {
    treeCount: orders.length, start, ...flat, ...walkArrays(flat, start), baseMargin: ensemble.baseMargin,
    precision: ensemble.precision, width, scratch: new Float64Array(width),
  };
}

/** Copies x into flat.scratch (float32-rounded for float32 models); returns whether any value is NaN. */
export function loadRow(flat: FlatEnsemble, x: ArrayLike<number>): boolean {
  const { scratch, width } = flat;
  let nan = false;
  if (flat.precision === 'float32') {
    for (let i = 0; i < width; i++) {
      const v = Math.fround(x[i] as number);
      scratch[i] = v;
      if (v !== v) nan = true;
    }
  } else {
    for (let i = 0; i < width; i++) {
      const v = x[i] as number;
      scratch[i] = v;
      if (v !== v) nan = true;
    }
  }
  return nan;
}

/** One branch-free step of the fixed-step walk (see FlatEnsemble.walkFeature). */
function step(flat: FlatEnsemble, xs: Float64Array, node: number, steps: number): number {
  const { walkFeature: wf, walkThreshold: wt, walkLeft: wl } = flat;
  let a = node;
  for (let j = 0; j < steps; j++) a = (wl[a] as number) + ((xs[wf[a] as number] as number) < (wt[a] as number) ? 0 : 1);
  return a;
}

/**
 * Sum of leaves when no input is missing: every tree takes exactly depth[t]
 * branch-free steps (child = left + (x ≥ threshold)), four trees at a time so
 * their dependent load chains overlap.
 */
function sumDense(flat: FlatEnsemble, xs: Float64Array): number {
  const { start, walkFeature: wf, walkThreshold: wt, walkLeft: wl, value, depth, treeCount } = flat;
  let sum = flat.baseMargin;
  let t = 0;
  for (; t + 3 < treeCount; t += 4) {
    let a = start[t] as number;
    let b = start[t + 1] as number;
    let c = start[t + 2] as number;
    let d = start[t + 3] as number;
    const common = Math.min(depth[t] as number, depth[t + 1] as number, depth[t + 2] as number, depth[t + 3] as number);
    for (let k = 0; k < common; k++) {
      a = (wl[a] as number) + ((xs[wf[a] as number] as number) < (wt[a] as number) ? 0 : 1);
      b = (wl[b] as number) + ((xs[wf[b] as number] as number) < (wt[b] as number) ? 0 : 1);
      c = (wl[c] as number) + ((xs[wf[c] as number] as number) < (wt[c] as number) ? 0 : 1);
      d = (wl[d] as number) + ((xs[wf[d] as number] as number) < (wt[d] as number) ? 0 : 1);
    }
    sum += value[step(flat, xs, a, (depth[t] as number) - common)] as number;
    sum += value[step(flat, xs, b, (depth[t + 1] as number) - common)] as number;
    sum += value[step(flat, xs, c, (depth[t + 2] as number) - common)] as number;
    sum += value[step(flat, xs, d, (depth[t + 3] as number) - common)] as number;
  }
  for (; t < treeCount; t++) sum += value[step(flat, xs, start[t] as number, depth[t] as number)] as number;
  return sum;
}

/** Sum of leaves when some input is missing: NaN follows each node's default direction. */
function sumMissing(flat: FlatEnsemble, xs: Float64Array): number {
  const { start, feature, threshold, left, defaultLeft, value, treeCount } = flat;
  let sum = flat.baseMargin;
  for (let t = 0; t < treeCount; t++) {
    let node = start[t] as number;
    let f = feature[node] as number;
    while (f >= 0) {
      const v = xs[f] as number;
      const l = left[node] as number;
      node = v < (threshold[node] as number) ? l : v === v || defaultLeft[node] === 0 ? l + 1 : l;
      f = feature[node] as number;
    }
    sum += value[node] as number;
  }
  return sum;
}

/**
 * The raw ensemble output baseMargin + Σ_t tree_t(x), summed in tree order as
 * predictEnsemble always has; allocation-free.
 */
export function predictFlat(flat: FlatEnsemble, x: ArrayLike<number>): number {
  return loadRow(flat, x) ? sumMissing(flat, flat.scratch) : sumDense(flat, flat.scratch);
}
