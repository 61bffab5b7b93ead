import { describe, expect, it } from 'vitest';
import { alarmReasons, applyAlarmPolicy, tuneAlarmPolicy, type AlarmPolicy } from './alarm-policy.js';

const scores = [0.1, 0.6, 0.4, 0.2, 0.4, 0.6, 0.1, 0.1];

describe('alarm policy', () => {
  it('judges each hour alone without a release level (the batadal-v1 policy)', () => {
    expect([...applyAlarmPolicy(scores, { threshold: 0.5, hold: 1 })]).toEqual([0, 1, 0, 0, 0, 1, 0, 0]);
    expect([...applyAlarmPolicy(scores, { threshold: 0.5, hold: 1, release: 0.5 })]).toEqual([0, 1, 0, 0, 0, 1, 0, 0]);
  });

  it('keeps a raised alarm up while the score stays at or above the release level', () => {
    expect([...applyAlarmPolicy(scores, { threshold: 0.5, hold: 1, release: 0.3 })]).toEqual([0, 1, 1, 0, 0, 1, 0, 0]);
    expect([...applyAlarmPolicy(scores, { threshold: 0.5, hold: 1, release: 0.15 })]).toEqual([0, 1, 1, 1, 1, 1, 0, 0]);
  });

  it('holds every alarmed hour for `hold` hours', () => {
    expect([...applyAlarmPolicy(scores, { threshold: 0.5, hold: 2, release: 0.3 })]).toEqual([0, 1, 1, 1, 0, 1, 1, 0]);
  });

  it('adds the physical evidence stage only when the policy asks for it', () => {
    const evidence = [0, 0, 0, 0, 0, 0, 1.5, 1];
    expect([...applyAlarmPolicy(scores, { threshold: 0.5, hold: 1 }, evidence)]).toEqual([0, 1, 0, 0, 0, 1, 0, 0]);
    expect([...applyAlarmPolicy(scores, { threshold: 0.5, hold: 1, evidence: true }, evidence)]).toEqual([0, 1, 0, 0, 0, 1, 1, 0]);
    expect(() => applyAlarmPolicy(scores, { threshold: 0.5, hold: 1, evidence: true })).toThrow(/one evidence value per score/);
    // Score alarms are held; evidence alarms last only while the evidence exceeds 1.
    expect([...applyAlarmPolicy(scores, { threshold: 0.5, hold: 2, evidence: true }, [1.2, 0, 0, 0, 0, 0, 0, 0])]).toEqual([1, 1, 1, 0, 0, 1, 1, 0]);
  });

  it('says why each hour alarms, and alarms exactly when applyAlarmPolicy does', () => {
    const policy: AlarmPolicy = { threshold: 0.5, hold: 2, release: 0.3, evidence: true };
    const evidence = [0, 0, 0, 0, 0, 0, 0, 1.5];
    expect(alarmReasons(scores, policy, evidence)).toEqual([
      undefined,
      { reason: 'score' },
      { reason: 'hysteresis' },
      { reason: 'held', since: 1 },
      undefined,
      { reason: 'score' },
      { reason: 'held', since: 1 },
      { reason: 'evidence' },
    ]);
    const policies: AlarmPolicy[] = [
      { threshold: 0.5, hold: 1 },
      { threshold: 0.5, hold: 3, release: 0.15 },
      { threshold: 0.3, hold: 6, evidence: true },
      policy,
    ];
    const long = Array.from({ length: 200 }, (_, i) => (Math.sin(i * 0.37) + 1) / 2);
    const ev = Array.from({ length: 200 }, (_, i) => ((i * 7) % 13) / 6);
    for (const p of policies) expect(alarmReasons(long, p, ev).map((r) => (r ? 1 : 0))).toEqual([...applyAlarmPolicy(long, p, ev)]);
  });

  it('tunes on S and keeps the earlier candidate on ties, so no hysteresis without a gain', () => {
    const labels = [0, 1, 1, 1, 1, 1, 0, 0];
    const plain = tuneAlarmPolicy(scores, labels, { thresholds: [0.5], holds: [1], releaseFactors: [1] });
    expect(plain.policy).toEqual({ threshold: 0.5, hold: 1 });
    const tuned = tuneAlarmPolicy(scores, labels, { thresholds: [0.5], holds: [1], releaseFactors: [1, 0.6, 0.3] });
    expect(tuned.policy).toEqual({ threshold: 0.5, hold: 1, release: 0.15 });
    expect(tuned.score).toEqual(expect.objectContaining({ S: 1, tpr: 1, tnr: 1 }));
    const tie = tuneAlarmPolicy([0.9, 0, 0], [1, 0, 0], { thresholds: [0.5], holds: [1], releaseFactors: [1, 0.5] });
    expect(tie.policy).toEqual({ threshold: 0.5, hold: 1 });
  });
});
