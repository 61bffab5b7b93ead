/**
 * Loop guard, second half (issue 7 §9): damps oscillating decisions. When an
 * action on a target has been applied and rolled back `maxFlips` times within
 * the window, applying it again is held for human approval instead of
 * flapping (hysteresis, as in alarm management practice). The first half —
 * events derived from our own decisions never count as evidence — lives in
 * EventHistory (src/policy/facts.ts) and decide().
 */
export interface OscillationGuardOptions {
  readonly windowMinutes?: number;
  readonly maxFlips?: number;
}

export type GuardVerdict = 'apply' | 'damped';

export interface OscillationGuard {
  /** Records that `key` (action@target) was applied or rolled back at `time` (ISO). */
  record(key: string, applied: boolean, time: string): void;
  /** Whether applying `key` at `time` may go ahead or is damped. */
  check(key: string, time: string): GuardVerdict;
}

export function createOscillationGuard(options: OscillationGuardOptions = {}): OscillationGuard {
  const window = (options.windowMinutes ?? 120) * 60_000;
  const maxFlips = options.maxFlips ?? 2;
  const changes = new Map<string, { time: number; applied: boolean }[]>();
  const recent = (key: string, now: number): { time: number; applied: boolean }[] => (changes.get(key) ?? []).filter((c) => c.time >= now - window && c.time <= now);
  return {
    record(key, applied, time) {
      const now = Date.parse(time);
      const list = recent(key, now);
      const last = list.at(-1);
      if (last === undefined || last.applied !== applied) list.push({ time: now, applied });
      changes.set(key, list);
    },
    check(key, time) {
      const flips = recent(key, Date.parse(time)).filter((c) => !c.applied).length;
      return flips >= maxFlips ? 'damped' : 'apply';
    },
  };
}
