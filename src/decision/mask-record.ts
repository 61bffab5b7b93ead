import { createHash } from 'node:crypto';

/** Fields masked by default: remote peer addresses and operator names. */
export const DEFAULT_SENSITIVE_FIELDS = ['peer', 'operator', 'user'] as const;

/**
 * Replaces the value of every key named in `fields`, at any depth, by
 * `masked:<sha-256 prefix>` so equal values still correlate but cannot be
 * read back. Masking happens before a record is chained, so the log proves
 * the masked record.
 */
export function maskRecord<T>(record: T, fields: readonly string[] = DEFAULT_SENSITIVE_FIELDS): T {
  const names = new Set(fields);
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, names.has(k) && v !== undefined && v !== null ? `masked:${createHash('sha256').update(String(v)).digest('hex').slice(0, 12)}` : walk(v)]),
    );
  };
  return walk(record) as T;
}
