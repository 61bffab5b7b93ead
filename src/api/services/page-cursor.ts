import { EngineError } from '../../core/index.js';

/**
 * API cursors (Relay connections): the store's keyset cursor of a page start plus an offset
 * into that page, so every edge gets its own cursor whatever store sits behind the port.
 */
export interface ApiCursor {
  /** Store cursor the page started after (null: the beginning). */
  readonly after: string | null;
  /** Items to skip past `after`. */
  readonly skip: number;
}

export function encodeApiCursor(cursor: ApiCursor): string {
  return Buffer.from(JSON.stringify({ a: cursor.after, s: cursor.skip }), 'utf8').toString('base64url');
}

/** Decodes a cursor this API issued; anything else is CG_CURSOR_INVALID. */
export function decodeApiCursor(text: string | null | undefined): ApiCursor {
  if (text === null || text === undefined || text === '') return { after: null, skip: 0 };
  try {
    const body = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as { a?: unknown; s?: unknown };
    const after = body.a;
    const skip = body.s;
    if ((after === null || typeof after === 'string') && typeof skip === 'number' && Number.isInteger(skip) && skip >= 0 && skip <= 100_000) {
      return { after, skip };
    }
  } catch (error) {
    throw new EngineError('CG_CURSOR_INVALID', 'the cursor was not issued by this API', { cause: error, details: { cursor: text.slice(0, 64) } });
  }
  throw new EngineError('CG_CURSOR_INVALID', 'the cursor was not issued by this API', { details: { cursor: text.slice(0, 64) } });
}

/** Checks a page size argument. */
export function pageSize(first: number, max: number): number {
  if (!Number.isInteger(first) || first < 0 || first > max) {
    throw new EngineError('CG_API_BAD_REQUEST', `first must be a whole number from 0 to ${max}, got ${first}`, { details: { field: 'first' } });
  }
  return first;
}

/**
 * Keyset cursor over the decision log (DESIGN.md §8): the `seq` of the last decision a page
 * showed. The log is newest first and grows at its head, so the next page is `seq < cursor`
 * and decisions appended meanwhile never shift or repeat items.
 */
export function encodeSeqCursor(seq: number): string {
  return Buffer.from(JSON.stringify({ q: seq }), 'utf8').toString('base64url');
}

/** Decodes a cursor from encodeSeqCursor (null: the newest end); anything else is CG_CURSOR_INVALID. */
export function decodeSeqCursor(text: string | null | undefined): number | null {
  if (text === null || text === undefined || text === '') return null;
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch (error) {
    throw new EngineError('CG_CURSOR_INVALID', 'the cursor was not issued by this API', { cause: error, details: { cursor: text.slice(0, 64) } });
  }
  const seq = body !== null && typeof body === 'object' && 'q' in body ? body.q : undefined;
  if (typeof seq === 'number' && Number.isSafeInteger(seq) && seq >= 0) return seq;
  throw new EngineError('CG_CURSOR_INVALID', 'the cursor was not issued by this API', { details: { cursor: text.slice(0, 64) } });
}
