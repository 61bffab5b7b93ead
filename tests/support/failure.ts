import type { EngineError } from '../../src/core/index.js';

/** The error `work` rejects with, for assertions on its code and details; fails the test when it resolves. */
export async function failure(work: () => Promise<unknown>): Promise<EngineError> {
  try {
    await work();
  } catch (error) {
    return error as EngineError;
  }
  throw new Error('expected a failure');
}
