import { buildBatadalFeatures, fitBatadalNormalModel } from '../features/batadal-features.js';
import { applyAlarmPolicy, type AlarmPolicy } from './alarm-policy.js';
import { binaryMetrics } from './binary-metrics.js';
import { outOfBlockScores } from './batadal-blocks.js';
import type { BatadalFrame } from './batadal-data.js';
import { DEFAULT_BATADAL_PROTOCOL, type BatadalProtocol } from './batadal-evaluation.js';
import { batadalScore, combineBatadal, type AttackDetection } from './batadal-score.js';

/**
 * Leave-one-attack-out on training set 2: a check of how the detector
 * generalises to an attack it has not seen, over all seven labelled attacks
 * rather than the four of the time-ordered validation split.
 *
 * Training set 2 is cut into one block per attack, at the midpoints between
 * consecutive attacks (the first block starts at hour 0, the last ends at the
 * last hour). For each block, a bag of boosted ensembles (the protocol's
 * parameters and bag) is fitted on training set 1 plus training set 2 without
 * the block, and scores the block; the alarm policy is fixed, not tuned per
 * fold. Pooled over the blocks: S_TTD = 1 − mean of TTD/Δt over the seven
 * attacks, TPR and TNR over all hours, S = ½·S_TTD + ½·S_CM.
 *
 * This is not the competition's protocol (which trains on everything before
 * the test set): folds train on attacks later than the one they test, and
 * hour features (rolling windows, CUSUMs) are computed over the whole file.
 */
export interface BatadalLoaoFold {
  /** 1-based attack number in training set 2. */
  readonly attack: number;
  readonly from: number;
  readonly to: number;
  readonly hours: string;
  readonly detection: AttackDetection;
  readonly tp: number;
  readonly fp: number;
  readonly tn: number;
  readonly fn: number;
}

export interface BatadalLoao {
  readonly policy: AlarmPolicy;
  readonly folds: readonly BatadalLoaoFold[];
  readonly S: number;
  readonly sTtd: number;
  readonly sCm: number;
  readonly tpr: number;
  readonly tnr: number;
}

/**
 * Runs leave-one-attack-out with `policy` (the shipped model's tuned policy,
 * or a fixed one such as `{ threshold: 0.5, hold: 1 }` to judge the scores
 * alone).
 */
export function batadalLeaveOneAttackOut(
  data: { training1: BatadalFrame; training2: BatadalFrame },
  policy: AlarmPolicy,
  protocol: Pick<BatadalProtocol, 'boosting' | 'bag'> = DEFAULT_BATADAL_PROTOCOL,
): BatadalLoao {
  const normal = fitBatadalNormalModel(data.training1);
  const f1 = buildBatadalFeatures(data.training1, normal).matrix;
  const features2 = buildBatadalFeatures(data.training2, normal);
  const f2 = features2.matrix;
  const labels = data.training2.labels as Int8Array;
  const evidence = features2.evidence;
  const times = data.training2.times;
  const { blocks, scores: all } = outOfBlockScores(f1, f2, labels, labels.length, protocol.boosting, protocol.bag);
  const folds = blocks.map(([from, to], i): BatadalLoaoFold => {
    const scores = all.subarray(from, to);
    const alarms = applyAlarmPolicy(scores, policy, evidence.subarray(from, to));
    const held = labels.subarray(from, to);
    const score = batadalScore(held, alarms);
    const { tp, fp, tn, fn } = binaryMetrics(held, alarms);
    return { attack: i + 1, from, to, hours: `${times[from]} – ${times[to - 1]} (${to - from} h)`, detection: score.attacks[0] as AttackDetection, tp, fp, tn, fn };
  });
  const sum = (pick: (f: BatadalLoaoFold) => number): number => folds.reduce((s, f) => s + pick(f), 0);
  const tpr = sum((f) => f.tp) / Math.max(1, sum((f) => f.tp + f.fn));
  const tnr = sum((f) => f.tn) / Math.max(1, sum((f) => f.tn + f.fp));
  const sTtd = 1 - sum((f) => f.detection.timeToDetection / f.detection.duration) / folds.length;
  const sCm = (tpr + tnr) / 2;
  return { policy, folds, S: combineBatadal(sTtd, sCm), sTtd, sCm, tpr, tnr };
}
