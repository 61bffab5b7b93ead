import { describe, expect, it } from 'vitest';
import { createRandom } from '../../core/index.js';
import { calibrate, fitCalibration } from './calibration.js';

describe('calibration', () => {
  it('isotonic: pool-adjacent-violators gives the monotone least-squares fit', () => {
    const c = fitCalibration('isotonic', [0.1, 0.2, 0.3, 0.4, 0.5, 0.6], [0, 1, 0, 0, 1, 1]);
    expect(c).toEqual({ method: 'isotonic', x: [0.1, 0.3, 0.55], y: [0, 1 / 3, 1] });
    expect(calibrate(c, 0)).toBe(0);
    expect(calibrate(c, 0.2)).toBeCloseTo(1 / 6, 12);
    expect(calibrate(c, 0.9)).toBe(1);
  });

  it('platt: recovers the logistic curve the labels were drawn from', () => {
    const random = createRandom(3);
    const scores: number[] = [];
    const labels: number[] = [];
    for (let i = 0; i < 20000; i++) {
      const s = random.next() * 4 - 2;
      scores.push(s);
      labels.push(random.next() < 1 / (1 + Math.exp(-3 * s + 0.5)) ? 1 : 0);
    }
    const c = fitCalibration('platt', scores, labels);
    expect(c.method).toBe('platt');
    if (c.method !== 'platt') return;
    expect(c.a).toBeCloseTo(-3, 0);
    expect(c.b).toBeCloseTo(0.5, 0);
    expect(calibrate(c, 0)).toBeCloseTo(1 / (1 + Math.exp(c.b)), 12);
  });
});
