import { describe, expect, it } from 'vitest';
import { createRandom } from '../../core/index.js';
import { createPageHinkley, updatePageHinkley } from './page-hinkley.js';
import { createSensorTrustTracker } from './sensor-trust.js';

describe('Page–Hinkley', () => {
  it('stays quiet on a stationary stream and fires "up" soon after a mean shift', () => {
    const random = createRandom(1);
    const state = createPageHinkley();
    const params = { delta: 0.05, lambda: 10, minSamples: 30 };
    const alarms: [number, string][] = [];
    for (let t = 0; t < 600; t++) {
      const change = updatePageHinkley(state, random.normal(t < 400 ? 0 : 1, 0.2), params);
      if (change) alarms.push([t, change]);
    }
    expect(alarms).toHaveLength(1);
    expect(alarms[0]?.[1]).toBe('up');
    expect(alarms[0]?.[0]).toBeGreaterThanOrEqual(400);
    expect(alarms[0]?.[0]).toBeLessThan(420);
  });
});

describe('sensor trust', () => {
  it('lowers the trust of a drifting sensor and leaves a steady one at 1', () => {
    const random = createRandom(2);
    const tracker = createSensorTrustTracker({ delta: 0.05, lambda: 10, minSamples: 30, penalty: 0.5, recovery: 0 });
    for (let t = 0; t < 500; t++) {
      tracker.observe('steady', random.normal(5, 0.2));
      tracker.observe('wandering', random.normal(5 + t * 0.02, 0.2));
    }
    expect(tracker.trust('steady')).toBe(1);
    expect(tracker.trust('wandering')).toBeLessThanOrEqual(0.25);
    expect(tracker.trust('never-seen')).toBe(1);
  });
});
