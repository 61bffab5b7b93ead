import { EngineError } from '../core/index.js';

const HOURS_PER_UNIT: Readonly<Record<string, number>> = { m: 1 / 60, min: 1 / 60, h: 1, d: 24, w: 168 };

/**
 * Parses a simulation horizon such as `24h`, `90m`, `2d`, `1.5w` or a bare
 * number of hours into hours; anything else, zero or negative throws
 * CG_RISK_INVALID_HORIZON.
 */
export function parseHorizon(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(m|min|h|d|w)?\s*$/i.exec(text);
  const hours = match ? Number(match[1]) * (HOURS_PER_UNIT[(match[2] ?? 'h').toLowerCase()] as number) : NaN;
  if (!(hours > 0 && Number.isFinite(hours))) {
    throw new EngineError('CG_RISK_INVALID_HORIZON', `horizon "${text}" does not parse: use e.g. 90m, 24h or 2d`, { details: { horizon: text } });
  }
  return hours;
}

/** Parses a share of failures: `30%` or `0.3`, in (0, 1]; else CG_RISK_INVALID_FRACTION. */
export function parseShare(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(%)?\s*$/.exec(text);
  const share = match ? Number(match[1]) / (match[2] === '%' ? 100 : 1) : NaN;
  if (!(share > 0 && share <= 1)) {
    throw new EngineError('CG_RISK_INVALID_FRACTION', `failure share "${text}" does not parse: use e.g. 30% or 0.3`, { details: { share: text } });
  }
  return share;
}

/** Splits `a,b , c` into ids, dropping empties. */
export function parseIdList(text: string): string[] {
  return text
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id.length > 0);
}

/** Parses a positive integer flag (`--k`, `--top`); else CG_RISK_INVALID_K naming the field. */
export function parseCount(text: string, field: string): number {
  const value = /^\s*-?\d+\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(value) || value <= 0) {
    throw new EngineError('CG_RISK_INVALID_K', `${field} must be a positive integer, got "${text}"`, { details: { field, value: text } });
  }
  return value;
}
