import type { PropValue } from './port.js';

function isValidArray(value: readonly unknown[]): boolean {
  if (value.length === 0) return true;
  const first = typeof value[0];
  if (first === 'string') return value.every((item) => typeof item === 'string');
  if (first === 'number') return value.every((item) => typeof item === 'number' && Number.isFinite(item));
  return false;
}

/**
 * True when a value is a `PropValue` of the port: a JSON scalar (finite
 * numbers only) or a homogeneous array of strings or finite numbers. Every
 * store refuses anything else with CG_WRITE_INPUT_INVALID before writing.
 */
export function isValidPropValue(value: unknown): value is PropValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  return Array.isArray(value) && isValidArray(value);
}
