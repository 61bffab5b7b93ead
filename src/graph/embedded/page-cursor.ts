/**
 * Opaque keyset cursors (Relay connection style): base64url of the listing,
 * a hash of its filter and the last id returned. Keyset paging on `id` is
 * stable under concurrent inserts (no duplicates, no gaps among rows present
 * throughout) and a cursor handed to another listing or filter is refused.
 */
import { EngineError, contentHash } from '../../core/index.js';

export type Listing = 'nodes' | 'edges';

interface CursorBody {
  readonly l: Listing;
  readonly q: string;
  readonly a: string;
}

/** Stable key of a filter: arrays sorted, object keys sorted. */
export function filterKey(filter: object): string {
  const canonical = JSON.stringify(filter, (_key, value: unknown) => {
    if (Array.isArray(value)) return [...(value as unknown[])].map(String).sort();
    if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
      return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return value;
  });
  return contentHash(canonical ?? '', 12);
}

export function encodeCursor(listing: Listing, key: string, lastId: string): string {
  const body: CursorBody = { l: listing, q: key, a: lastId };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

function invalid(cursor: string, reason: string): EngineError {
  return new EngineError('CG_CURSOR_INVALID', `Cursor ${JSON.stringify(cursor.slice(0, 64))} is not valid here: ${reason}`, {
    details: { cursor, reason },
  });
}

/** The last id a cursor encodes, after checking it belongs to this listing and filter. */
export function decodeCursor(cursor: string, listing: Listing, key: string): string {
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid(cursor, 'it is not a cursor this store issued');
  }
  if (typeof body !== 'object' || body === null) throw invalid(cursor, 'it is not a cursor this store issued');
  const { l, q, a } = body as Partial<CursorBody>;
  if (typeof a !== 'string' || typeof q !== 'string' || (l !== 'nodes' && l !== 'edges')) {
    throw invalid(cursor, 'it is not a cursor this store issued');
  }
  if (l !== listing) throw invalid(cursor, `it pages ${l}, not ${listing}`);
  if (q !== key) throw invalid(cursor, 'it was issued for a different filter');
  return a;
}

/** Page size: an integer from 0 to 10,000 (the port's cap). */
export function pageSize(first: number): number {
  if (!Number.isInteger(first) || first < 0) {
    throw new EngineError('CG_ARGUMENT_INVALID', `Page size ${first} must be a non-negative integer`, {
      details: { first },
    });
  }
  return Math.min(first, 10_000);
}
