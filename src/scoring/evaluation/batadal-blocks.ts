import { invariant } from '../../core/index.js';
import type { BoostingParams } from '../models/gradient-boosting.js';
import { rowOf, type FeatureMatrix } from '../trees/feature-matrix.js';
import { predictEnsemble } from '../trees/predict.js';
import { trainBaggedBoosting } from './batadal-bag.js';
import { attackRuns } from './batadal-score.js';

/**
 * Attack blocks of a labelled BATADAL stretch: one block per attack, cut at
 * the midpoints between consecutive attacks (the first block starts at hour
 * 0, the last ends at the last hour).
 */
export function attackBlocks(labels: ArrayLike<number>): [number, number][] {
  const runs = attackRuns(labels);
  invariant(runs.length > 0, 'attack blocks need at least one attack');
  const cuts = [0, ...runs.slice(1).map(([start], i) => Math.floor(((runs[i] as [number, number])[0] + (runs[i] as [number, number])[1] + start) / 2)), labels.length];
  return runs.map((_, i) => [cuts[i] as number, cuts[i + 1] as number]);
}

/** Training set 1 followed by training set 2's hours [0, until) without [from, to). */
function stackWithout(f1: FeatureMatrix, f2: FeatureMatrix, until: number, from: number, to: number): FeatureMatrix {
  const c = f1.columns;
  const rows = f1.rows + until - (to - from);
  const data = new Float64Array(rows * c);
  data.set(f1.data);
  data.set(f2.data.subarray(0, from * c), f1.rows * c);
  data.set(f2.data.subarray(to * c, until * c), (f1.rows + from) * c);
  return { rows, columns: c, data, featureNames: f1.featureNames };
}

/**
 * Out-of-block scores of training set 2's hours [0, until): each attack block
 * of that stretch is scored by a bag fitted on training set 1 plus the
 * stretch without the block, so every hour is scored by a model that saw
 * neither it nor its attack.
 */
export function outOfBlockScores(
  f1: FeatureMatrix,
  f2: FeatureMatrix,
  labels: Int8Array,
  until: number,
  boosting: Partial<BoostingParams>,
  bag: number,
): { blocks: [number, number][]; scores: Float64Array } {
  const blocks = attackBlocks(labels.subarray(0, until));
  const scores = new Float64Array(until);
  for (const [from, to] of blocks) {
    const x = stackWithout(f1, f2, until, from, to);
    const y = [...new Array<number>(f1.rows).fill(0), ...labels.subarray(0, from), ...labels.subarray(to, until)];
    const model = trainBaggedBoosting(x, y, boosting, bag);
    for (let r = from; r < to; r++) scores[r] = 1 / (1 + Math.exp(-predictEnsemble(model, rowOf(f2, r))));
  }
  return { blocks, scores };
}
