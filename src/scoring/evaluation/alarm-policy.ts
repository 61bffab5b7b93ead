import { rollingMax } from '../features/rolling-window.js';
import { batadalScore, type BatadalScore } from './batadal-score.js';

/**
 * Turns hourly scores into alarms: alarm when score ≥ threshold, and hold each
 * alarm for `hold` hours (persistence), because an attack lasts days while the
 * evidence of it flickers hour to hour.
 */
export interface AlarmPolicy {
  readonly threshold: number;
  readonly hold: number;
}

export const ALARM_THRESHOLDS = [0.05, 0.1, 0.2, 0.3, 0.5, 0.7] as const;
export const ALARM_HOLDS = [1, 6, 12, 24] as const;

export function applyAlarmPolicy(scores: ArrayLike<number>, policy: AlarmPolicy): Int8Array {
  const raw = Float64Array.from(scores, (s) => (s >= policy.threshold ? 1 : 0));
  return Int8Array.from(rollingMax(raw, policy.hold));
}

/** The policy with the best BATADAL S on the given scores and labels (ties: the earlier candidate). */
export function tuneAlarmPolicy(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  thresholds: readonly number[] = ALARM_THRESHOLDS,
): { policy: AlarmPolicy; score: BatadalScore } {
  let best: { policy: AlarmPolicy; score: BatadalScore } | undefined;
  for (const threshold of thresholds) {
    for (const hold of ALARM_HOLDS) {
      const policy = { threshold, hold };
      const score = batadalScore(labels, applyAlarmPolicy(scores, policy));
      if (!best || score.S > best.score.S) best = { policy, score };
    }
  }
  return best as { policy: AlarmPolicy; score: BatadalScore };
}
