import { describe, expect, it } from 'vitest';
import { createRandom } from './random.js';

describe('createRandom', () => {
  it('is reproducible by seed and differs across seeds', () => {
    const a = Array.from({ length: 5 }, createRandom(7).next);
    const b = Array.from({ length: 5 }, createRandom(7).next);
    const c = Array.from({ length: 5 }, createRandom(8).next);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('draws uniformly enough and within bounds', () => {
    const random = createRandom(1);
    let sum = 0;
    for (let i = 0; i < 20_000; i++) {
      const value = random.next();
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
      sum += value;
    }
    expect(sum / 20_000).toBeCloseTo(0.5, 1);
    const ints = new Set(Array.from({ length: 500 }, () => random.int(1, 3)));
    expect(ints).toEqual(new Set([1, 2, 3]));
  });

  it('forks independent but reproducible streams', () => {
    const first = createRandom(3).fork('x').next();
    expect(createRandom(3).fork('x').next()).toBe(first);
    expect(createRandom(3).fork('y').next()).not.toBe(first);
  });
});
