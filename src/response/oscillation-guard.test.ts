import { describe, expect, it } from 'vitest';
import { createOscillationGuard } from './oscillation-guard.js';

const at = (minute: number): string => new Date(Date.UTC(2026, 0, 5, 10, minute)).toISOString();

describe('oscillation guard', () => {
  it('damps an action rolled back twice within the window, and lets it through once the window passes', () => {
    const guard = createOscillationGuard({ windowMinutes: 60, maxFlips: 2 });
    const key = 'isolate-device@gw-shared';
    const verdicts: string[] = [];
    for (const [minute, applied] of [[0, true], [5, false], [10, true], [15, false]] as const) {
      verdicts.push(guard.check(key, at(minute)));
      guard.record(key, applied, at(minute));
    }
    expect(verdicts).toEqual(['apply', 'apply', 'apply', 'apply']);
    expect(guard.check(key, at(20))).toBe('damped');
    expect(guard.check('filter-traffic@gw-shared', at(20))).toBe('apply');
    expect(guard.check(key, at(70))).toBe('apply');
  });

  it('counts repeated rollbacks without an apply in between once', () => {
    const guard = createOscillationGuard({ windowMinutes: 60, maxFlips: 2 });
    guard.record('a@t', true, at(0));
    guard.record('a@t', false, at(1));
    guard.record('a@t', false, at(2));
    expect(guard.check('a@t', at(3))).toBe('apply');
  });
});
