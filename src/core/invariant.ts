import { EngineError } from './errors.js';

/**
 * Asserts a condition that only a bug can break (graphql-js `invariant`).
 * Bad input must never reach here: it is reported as a diagnostic instead.
 */
export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new EngineError('CG_INVARIANT', `Invariant failed: ${message}`);
}
