import { invariant } from '../../core/index.js';
import { batadalScore, type BatadalScore } from './batadal-score.js';

/**
 * Turns hourly scores into alarms, because an attack lasts days while the
 * evidence of it flickers hour to hour:
 * - hysteresis (a Schmitt trigger): an alarm is raised when the score reaches
 *   `threshold` and stays up while the score stays at or above `release`
 *   (≤ threshold); without `release` (or release = threshold) every hour is
 *   judged alone, as in the first BATADAL policy;
 * - evidence (a second stage, after Abokifa et al. in Taormina et al. 2018):
 *   with `evidence`, an hour also alarms when its evidence exceeds 1, i.e. a
 *   tank's mass-balance CUSUM is above the largest seen in a year of normal
 *   operation, a running pump's flow disagrees with its head curve more than
 *   it ever did then and more than its meter's accuracy, or a reading replays
 *   an earlier stretch (`BatadalFeatures.evidence`). The tank evidence is an
 *   accumulator, a pump's lasts while it runs and a replay while it goes on,
 *   so evidence alarms are not held: they last while it stays above 1;
 * - hold (persistence): each hour alarmed by the score keeps the alarm up
 *   `hold` hours.
 */
export interface AlarmPolicy {
  readonly threshold: number;
  readonly hold: number;
  /** Score below which a raised alarm is released; defaults to `threshold`. */
  readonly release?: number;
  /** Also alarm when the hour's physical evidence exceeds 1. */
  readonly evidence?: boolean;
}

export const ALARM_THRESHOLDS = [0.05, 0.1, 0.2, 0.3, 0.5, 0.7] as const;
export const ALARM_HOLDS = [1, 6, 12, 24] as const;
/** Release levels as fractions of the threshold; 1 = no hysteresis. */
export const ALARM_RELEASE_FACTORS = [1, 0.5, 0.25] as const;

/**
 * Alarms per hour (1/0); `evidence` (one value per hour) is required when the
 * policy uses it. The same decision as `alarmReasons`, without the cause.
 */
export function applyAlarmPolicy(scores: ArrayLike<number>, policy: AlarmPolicy, evidence?: ArrayLike<number>): Int8Array {
  return Int8Array.from(alarmReasons(scores, policy, evidence), (r) => (r === undefined ? 0 : 1));
}

/** A policy in words: "score ≥ 0.05, held 6 h; or evidence > 1 — physical or a replay (not held)". */
export function describeAlarmPolicy(policy: AlarmPolicy): string {
  const release = policy.release !== undefined ? `, released below ${policy.release}` : '';
  const evidence = policy.evidence === true ? '; or evidence > 1 — physical or a replay (not held)' : '';
  return `score ≥ ${policy.threshold}${release}, held ${policy.hold} h${evidence}`;
}

/**
 * Why an hour alarms under a policy, for the operator who sees an alarm on a
 * low score: `score` — the score reached the threshold; `hysteresis` — an
 * alarm raised earlier stays up because the score is still at or above the
 * release level; `held` — the hold keeps up an alarm whose last hour up by
 * score or hysteresis was `since` hours ago; `evidence` — only the physical
 * evidence stage (evidence > 1).
 */
export type AlarmReason =
  | { readonly reason: 'score' | 'hysteresis' | 'evidence' }
  | { readonly reason: 'held'; readonly since: number };

/**
 * Per hour, why it alarms (undefined: no alarm), the same decision as
 * `applyAlarmPolicy` with its cause; the first cause in the order score,
 * hysteresis, held, evidence is given.
 */
export function alarmReasons(scores: ArrayLike<number>, policy: AlarmPolicy, evidence?: ArrayLike<number>): (AlarmReason | undefined)[] {
  invariant(!policy.evidence || evidence?.length === scores.length, 'an evidence policy needs one evidence value per score');
  const release = policy.release ?? policy.threshold;
  const out: (AlarmReason | undefined)[] = [];
  let up = false;
  let lastUp = -Infinity;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i] as number;
    const byScore = s >= policy.threshold;
    up = byScore || (up && s >= release);
    if (up) lastUp = i;
    if (byScore) out.push({ reason: 'score' });
    else if (up) out.push({ reason: 'hysteresis' });
    else if (i - lastUp < policy.hold) out.push({ reason: 'held', since: i - lastUp });
    else if (policy.evidence === true && (evidence?.[i] as number) > 1) out.push({ reason: 'evidence' });
    else out.push(undefined);
  }
  return out;
}

export interface AlarmPolicyGrid {
  readonly thresholds?: readonly number[];
  readonly holds?: readonly number[];
  readonly releaseFactors?: readonly number[];
  /** Whether to try the evidence stage (needs `evidence` in `tuneAlarmPolicy`). */
  readonly evidence?: readonly boolean[];
}

/**
 * The policy with the best BATADAL S on the given scores and labels. The grid
 * is walked evidence, threshold, release factor, hold in the given orders
 * and a tie keeps the earlier candidate, so without a gain neither hysteresis
 * nor the evidence stage is chosen. By default neither is tried.
 */
export function tuneAlarmPolicy(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  grid: AlarmPolicyGrid = {},
  evidence?: ArrayLike<number>,
): { policy: AlarmPolicy; score: BatadalScore } {
  const { thresholds = ALARM_THRESHOLDS, holds = ALARM_HOLDS, releaseFactors = [1], evidence: stages = [false] } = grid;
  let best: { policy: AlarmPolicy; score: BatadalScore } | undefined;
  for (const stage of stages) {
    for (const threshold of thresholds) {
      for (const factor of releaseFactors) {
        for (const hold of holds) {
          const policy: AlarmPolicy = { threshold, hold, ...(factor === 1 ? {} : { release: threshold * factor }), ...(stage ? { evidence: true } : {}) };
          const score = batadalScore(labels, applyAlarmPolicy(scores, policy, evidence));
          if (!best || score.S > best.score.S) best = { policy, score };
        }
      }
    }
  }
  return best as { policy: AlarmPolicy; score: BatadalScore };
}
