import { describe, expect, it } from 'vitest';
import { createDedupCache } from './dedup-cache.js';

describe('dedup cache', () => {
  it('remembers the most recently seen keys up to its capacity', () => {
    const cache = createDedupCache(2);
    expect([cache.seen('a'), cache.seen('b'), cache.seen('a'), cache.seen('c')]).toEqual([false, false, true, false]);
    // b was least recently seen, so c pushed it out; a stays.
    expect([cache.seen('a'), cache.seen('b')]).toEqual([true, false]);
    expect(cache.size).toBe(2);
  });
});
