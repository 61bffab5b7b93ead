import { EngineError } from '../../core/index.js';

/**
 * Turns a push subscription (LiveFeed.subscribe / watchServiceRisk: `attach(push)` returns a
 * detach function) into the AsyncIterator graphql-js `subscribe` consumes. Items wait in a
 * buffer of at most `buffer`; a subscriber that falls further behind is ended with
 * CG_API_SUBSCRIPTION_OVERFLOW instead of silently losing items or growing without bound.
 * `return()` (client completes, socket closes, server stops) detaches from the feed.
 */
export function liveIterator<T>(attach: (push: (item: T) => void) => () => void, buffer: number): AsyncIterableIterator<T> {
  const queue: T[] = [];
  let waiting: { resolve: (result: IteratorResult<T>) => void; reject: (error: unknown) => void } | undefined;
  let failure: EngineError | undefined;
  let done = false;
  let detach: (() => void) | undefined;
  const finish = (): void => {
    done = true;
    detach?.();
    detach = undefined;
  };
  const push = (item: T): void => {
    if (done) return;
    if (waiting !== undefined) {
      const w = waiting;
      waiting = undefined;
      w.resolve({ value: item, done: false });
      return;
    }
    queue.push(item);
    if (queue.length <= buffer) return;
    failure = new EngineError('CG_API_SUBSCRIPTION_OVERFLOW', `the subscriber fell more than ${buffer} items behind the live stream`, { details: { buffer } });
    queue.length = 0;
    finish();
  };
  detach = attach(push);
  if (done) detach();
  const iterator: AsyncIterableIterator<T> = {
    next() {
      if (queue.length > 0) return Promise.resolve({ value: queue.shift() as T, done: false });
      if (failure !== undefined) {
        const error = failure;
        failure = undefined;
        return Promise.reject(error);
      }
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve, reject) => {
        waiting = { resolve, reject };
      });
    },
    return() {
      finish();
      queue.length = 0;
      waiting?.resolve({ value: undefined, done: true });
      waiting = undefined;
      return Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
