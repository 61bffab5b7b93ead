/**
 * Applies the typed transform union of mapping-spec.ts to one value. A failure
 * returns a reason string (it becomes a CG_INGEST_TRANSFORM_FAILED diagnostic);
 * `null` means "no value" and stops the chain.
 */
import { UNIT_FACTORS, type Transform } from './mapping-spec.js';

export type Scalar = string | number | boolean | null;
export type TransformResult = { readonly ok: true; readonly value: Scalar } | { readonly ok: false; readonly reason: string };

const ok = (value: Scalar): TransformResult => ({ ok: true, value });
const fail = (reason: string): TransformResult => ({ ok: false, reason });

function toNumber(value: Scalar): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value.trim());
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** `dd/mm/yy HH` as used by BATADAL's DATETIME column (UTC, hourly). */
function parseDayMonthYearHour(text: string): string | undefined {
  const m = /^(\d{2})\/(\d{2})\/(\d{2}) (\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const [, dd, mm, yy, hh] = m;
  return `20${yy}-${mm}-${dd}T${hh}:00:00.000Z`;
}

function parseTime(value: Scalar, format: Extract<Transform, { type: 'parseTime' }>['format']): TransformResult {
  const text = String(value).trim();
  const n = toNumber(value);
  const table: Record<typeof format, () => string | undefined> = {
    iso: () => (Number.isNaN(Date.parse(text)) ? undefined : new Date(Date.parse(text)).toISOString()),
    'epoch-s': () => (n === undefined ? undefined : new Date(n * 1000).toISOString()),
    'epoch-ms': () => (n === undefined ? undefined : new Date(n).toISOString()),
    'dd/mm/yy HH': () => parseDayMonthYearHour(text),
  };
  const parsed = table[format]();
  return parsed ? ok(parsed) : fail(`cannot parse ${JSON.stringify(value)} as time (${format})`);
}

const STEPS: { readonly [K in Transform['type']]: (value: Scalar, t: Extract<Transform, { type: K }>) => TransformResult } = {
  unit: (value, t) => {
    const n = toNumber(value);
    const from = UNIT_FACTORS[t.from];
    const to = UNIT_FACTORS[t.to];
    if (n === undefined) return fail(`${JSON.stringify(value)} is not a number for unit conversion`);
    if (!from || !to || from.dimension !== to.dimension) return fail(`cannot convert ${t.from} to ${t.to}`);
    const base = n * from.factor + (from.offset ?? 0);
    return ok((base - (to.offset ?? 0)) / to.factor);
  },
  lookup: (value, t) => {
    const hit = t.table[String(value)];
    if (hit !== undefined) return ok(hit);
    return t.default !== undefined ? ok(t.default) : fail(`no lookup entry for ${JSON.stringify(value)}`);
  },
  parseTime: (value, t) => parseTime(value, t.format),
  number: (value) => {
    const n = toNumber(value);
    return n === undefined ? fail(`${JSON.stringify(value)} is not a number`) : ok(n);
  },
  boolean: (value) => {
    const text = String(value).trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(text)) return ok(true);
    if (['false', '0', 'no', 'off'].includes(text)) return ok(false);
    return fail(`${JSON.stringify(value)} is not a boolean`);
  },
  prefix: (value, t) => ok(`${t.value}${String(value)}`),
  trim: (value) => ok(typeof value === 'string' ? value.trim() : value),
  lowercase: (value) => ok(typeof value === 'string' ? value.toLowerCase() : value),
  nullIf: (value, t) => ok(t.values.some((v) => String(v) === String(value)) ? null : value),
};

export function applyTransforms(value: Scalar, transforms: readonly Transform[] | undefined): TransformResult {
  let current = value;
  for (const t of transforms ?? []) {
    if (current === null) return ok(null);
    const step = STEPS[t.type] as (v: Scalar, t: Transform) => TransformResult;
    const result = step(current, t);
    if (!result.ok) return result;
    current = result.value;
  }
  return ok(current);
}
