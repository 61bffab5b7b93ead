import { describe, expect, it } from 'vitest';
import { liveIterator } from './live-iterator.js';

/** A push source like LiveFeed.subscribe: handlers attached, and a way to count them. */
function source<T>() {
  const handlers = new Set<(item: T) => void>();
  return {
    attach: (push: (item: T) => void) => {
      handlers.add(push);
      return () => handlers.delete(push);
    },
    emit: (item: T) => {
      for (const h of handlers) h(item);
    },
    listeners: () => handlers.size,
  };
}

describe('liveIterator', () => {
  it('yields pushed items in order, whether they arrive before or after next()', async () => {
    const feed = source<number>();
    const iterator = liveIterator(feed.attach, 10);
    feed.emit(1);
    feed.emit(2);
    const first = await iterator.next();
    const second = await iterator.next();
    const third = iterator.next();
    feed.emit(3);
    expect([first, second, await third]).toEqual([
      { value: 1, done: false },
      { value: 2, done: false },
      { value: 3, done: false },
    ]);
  });

  it('detaches from the source on return(), and ends a pending next()', async () => {
    const feed = source<number>();
    const iterator = liveIterator(feed.attach, 10);
    const pending = iterator.next();
    expect(feed.listeners()).toBe(1);
    await iterator.return?.();
    expect(feed.listeners()).toBe(0);
    expect(await pending).toEqual({ value: undefined, done: true });
    feed.emit(1);
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });

  it('ends a subscriber that falls more than `buffer` items behind with CG_API_SUBSCRIPTION_OVERFLOW', async () => {
    const feed = source<number>();
    const iterator = liveIterator(feed.attach, 2);
    feed.emit(1);
    feed.emit(2);
    feed.emit(3);
    expect(feed.listeners()).toBe(0);
    await expect(iterator.next()).rejects.toMatchObject({ code: 'CG_API_SUBSCRIPTION_OVERFLOW', details: { buffer: 2 } });
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });
});
