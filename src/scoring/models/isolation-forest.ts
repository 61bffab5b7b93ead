import { EngineError, createRandom, type Random } from '../../core/index.js';
import { addNode, createTreeBuilder, freezeTree, setSplit, type Tree, type TreeBuilder, type TreeEnsemble } from '../trees/tree-ensemble.js';
import type { FeatureMatrix } from '../trees/feature-matrix.js';

/**
 * Isolation forest (Liu, Ting & Zhou 2008, "Isolation Forest", ICDM): random
 * axis-aligned splits isolate anomalies in few steps. Each tree is grown on ψ
 * rows sampled without replacement up to depth ⌈log2 ψ⌉; a leaf holding n rows
 * at depth e has path length e + c(n), where
 *   c(n) = 2H(n−1) − 2(n−1)/n,  H(i) ≈ ln i + 0.5772156649,
 * and the anomaly score is s(x) = 2^(−E[h(x)]/c(ψ)).
 *
 * The forest is stored as a tree ensemble whose leaf values are (e + c(n))/T,
 * so its output is E[h(x)] and TreeSHAP explains the expected path length
 * (negative contributions push a row towards anomalous). Cover is the number
 * of sampled rows that reached each node.
 */
export interface IsolationForestParams {
  readonly trees: number;
  readonly sampleSize: number;
  readonly seed: number;
}

export const DEFAULT_ISOLATION_PARAMS: IsolationForestParams = { trees: 100, sampleSize: 256, seed: 1 };

const EULER_GAMMA = 0.5772156649015329;

/** Average path length of an unsuccessful BST search over n points (Liu et al. 2008, eq. 1). */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + EULER_GAMMA) - (2 * (n - 1)) / n;
}

/** s(x) = 2^(−E[h(x)]/c(ψ)): near 1 anomalous, well below 0.5 normal. */
export function isolationScore(expectedPathLength: number, sampleSize: number): number {
  return Math.pow(2, -expectedPathLength / averagePathLength(sampleSize));
}

interface GrowState {
  readonly x: FeatureMatrix;
  readonly builder: TreeBuilder;
  readonly random: Random;
  readonly maxDepth: number;
  readonly scale: number;
}

function featureRange(x: FeatureMatrix, rows: readonly number[], f: number): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const r of rows) {
    const v = x.data[r * x.columns + f] as number;
    if (Number.isNaN(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return [min, max];
}

function growNode(st: GrowState, node: number, rows: readonly number[], depth: number): void {
  if (depth >= st.maxDepth || rows.length <= 1) return;
  const candidates: number[] = [];
  for (let f = 0; f < st.x.columns; f++) {
    const [min, max] = featureRange(st.x, rows, f);
    if (max > min) candidates.push(f);
  }
  if (candidates.length === 0) return;
  const feature = st.random.pick(candidates);
  const [min, max] = featureRange(st.x, rows, feature);
  let threshold = min + st.random.next() * (max - min);
  if (threshold <= min) threshold = (min + max) / 2;
  const leftRows: number[] = [];
  const rightRows: number[] = [];
  const missing: number[] = [];
  for (const r of rows) {
    const v = st.x.data[r * st.x.columns + feature] as number;
    if (Number.isNaN(v)) missing.push(r);
    else (v < threshold ? leftRows : rightRows).push(r);
  }
  const defaultLeft = leftRows.length >= rightRows.length;
  (defaultLeft ? leftRows : rightRows).push(...missing);
  const leafValue = (n: number): number => (depth + 1 + averagePathLength(n)) * st.scale;
  const left = addNode(st.builder, leafValue(leftRows.length), leftRows.length);
  const right = addNode(st.builder, leafValue(rightRows.length), rightRows.length);
  setSplit(st.builder, node, { feature, threshold, left, right, defaultLeft });
  growNode(st, left, leftRows, depth + 1);
  growNode(st, right, rightRows, depth + 1);
}

function sampleRows(n: number, size: number, random: Random): number[] {
  const all = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < size; i++) {
    const j = random.int(i, n - 1);
    [all[i], all[j]] = [all[j] as number, all[i] as number];
  }
  return all.slice(0, size);
}

/** Trains a seeded isolation forest; the ensemble's output is E[h(x)]. */
export function trainIsolationForest(x: FeatureMatrix, overrides: Partial<IsolationForestParams> = {}): TreeEnsemble {
  const params = { ...DEFAULT_ISOLATION_PARAMS, ...overrides };
  if (x.rows < 2) throw new EngineError('CG_TRAINING_DATA_INVALID', `isolation forest needs at least 2 rows, got ${x.rows}`, { details: { rows: x.rows } });
  const sampleSize = Math.min(params.sampleSize, x.rows);
  const random = createRandom(params.seed);
  const trees: Tree[] = [];
  const scale = 1 / params.trees;
  for (let t = 0; t < params.trees; t++) {
    const builder = createTreeBuilder();
    const rows = sampleRows(x.rows, sampleSize, random);
    addNode(builder, averagePathLength(rows.length) * scale, rows.length);
    growNode({ x, builder, random, maxDepth: Math.ceil(Math.log2(sampleSize)), scale }, 0, rows, 0);
    trees.push(freezeTree(builder));
  }
  return { trees, baseMargin: 0, featureNames: [...x.featureNames], precision: 'float64' };
}

/** The sample size an isolation ensemble was grown with (the root cover). */
export function isolationSampleSize(ensemble: TreeEnsemble): number {
  return ensemble.trees[0]?.cover[0] ?? 0;
}
