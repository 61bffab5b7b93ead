/**
 * Filtered listings in id order with keyset pagination and the filter's total
 * count. Nodes page over the `:CgNode(id)` unique index (`n.id > $after ORDER
 * BY n.id LIMIT k` reads the index in order and stops after k matches); edges
 * over the per-type `id` constraints. Cursors are opaque base64url of the
 * listing, a hash of its filter and the last id, so a cursor handed to another
 * listing or filter is refused with CG_CURSOR_INVALID (the embedded store's
 * contract, src/graph/embedded/page-cursor.ts).
 */
import neo4j from 'neo4j-driver';
import { EngineError, contentHash } from '../../core/index.js';
import type { EdgeFilter, EdgeRecord, NodeFilter, NodeRecord, Page, PageRequest } from '../port.js';
import { storedKey, toJsNumber } from './props-codec.js';
import { EDGE_RETURN, NODE_RETURN, type EdgeRow, type RecordReader } from './record-reader.js';
import { NODE_LABEL, quote, relationshipTypeOf, typeAlternation } from './schema.js';

type Listing = 'nodes' | 'edges';

/** What a listing needs from the store: its read transaction, reader and known types. */
export interface ListContext {
  readonly reader: RecordReader;
  readonly types: ReadonlySet<string>;
  readonly run: (queries: readonly (readonly [string, Record<string, unknown>])[]) => Promise<Record<string, unknown>[][]>;
}

/** Stable key of a filter: arrays sorted, object keys sorted, undefined dropped. */
function filterKey(filter: object): string {
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

function encodeCursor(listing: Listing, key: string, lastId: string): string {
  return Buffer.from(JSON.stringify({ l: listing, q: key, a: lastId }), 'utf8').toString('base64url');
}

function invalidCursor(cursor: string, reason: string): EngineError {
  return new EngineError('CG_CURSOR_INVALID', `Cursor ${JSON.stringify(cursor.slice(0, 64))} is not valid here: ${reason}`, {
    details: { cursor, reason },
  });
}

function decodeCursor(cursor: string, listing: Listing, key: string): string {
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor(cursor, 'it is not a cursor this store issued');
  }
  const { l, q, a } = (typeof body === 'object' && body !== null ? body : {}) as { l?: unknown; q?: unknown; a?: unknown };
  if (typeof a !== 'string' || typeof q !== 'string' || (l !== 'nodes' && l !== 'edges')) {
    throw invalidCursor(cursor, 'it is not a cursor this store issued');
  }
  if (l !== listing) throw invalidCursor(cursor, `it pages ${l}, not ${listing}`);
  if (q !== key) throw invalidCursor(cursor, 'it was issued for a different filter');
  return a;
}

/** Page size: an integer from 0 to 10,000 (the port's cap). */
function pageSize(first: number): number {
  if (!Number.isInteger(first) || first < 0) {
    throw new EngineError('CG_ARGUMENT_INVALID', `Page size ${first} must be a non-negative integer`, { details: { first } });
  }
  return Math.min(first, 10_000);
}

function nodeWhere(filter: NodeFilter, params: Record<string, unknown>): string[] {
  const where: string[] = [];
  if (filter.kinds !== undefined) {
    where.push('n.kind IN $kinds');
    params.kinds = [...filter.kinds];
  }
  if (filter.labels !== undefined) {
    where.push(filter.labels.length === 0 ? 'false' : `(${filter.labels.map((label) => `n:${quote(label)}`).join(' OR ')})`);
  }
  Object.entries(filter.props ?? {}).forEach(([key, value], index) => {
    where.push(`n[$k${index}] = $v${index}`);
    params[`k${index}`] = storedKey(key);
    params[`v${index}`] = value;
  });
  if (filter.search !== undefined && filter.search !== '') {
    where.push('(toLower(n.id) CONTAINS $search OR (n.name IS :: STRING AND toLower(n.name) CONTAINS $search))');
    params.search = filter.search.toLowerCase();
  }
  return where;
}

function toPage<T extends { readonly id: string }>(items: T[], limit: number, total: number, listing: Listing, key: string): Page<T> {
  const kept = items.slice(0, limit);
  const last = kept[kept.length - 1];
  return {
    items: kept,
    totalCount: total,
    endCursor: last === undefined ? null : encodeCursor(listing, key, last.id),
    hasNextPage: items.length > limit,
  };
}

const and = (clauses: readonly string[]): string => clauses.map((clause) => ` AND ${clause}`).join('');

export async function listNodes(ctx: ListContext, filter: NodeFilter, page: PageRequest): Promise<Page<NodeRecord>> {
  const key = filterKey({ kinds: filter.kinds, labels: filter.labels, props: filter.props, search: filter.search });
  const after = page.after === undefined ? '' : decodeCursor(page.after, 'nodes', key);
  const limit = pageSize(page.first);
  const params: Record<string, unknown> = { after, limit: neo4j.int(limit + 1) };
  const where = nodeWhere(filter, params);
  const [rows = [], totals = []] = await ctx.run([
    [`MATCH (n:${NODE_LABEL}) WHERE n.id > $after${and(where)} RETURN ${NODE_RETURN} ORDER BY n.id LIMIT $limit`, params],
    [`MATCH (n:${NODE_LABEL}) WHERE true${and(where)} RETURN count(n) AS total`, params],
  ]);
  const items = rows.map((row) => ctx.reader.node(row.n as Record<string, unknown>));
  return toPage(items, limit, toJsNumber(totals[0]?.total ?? 0), 'nodes', key);
}

/** Relationship types for an edge-kind filter: all known types when absent. */
export function typesFor(known: ReadonlySet<string>, kinds: readonly string[] | undefined): string[] {
  if (kinds === undefined) return [...known];
  return [...new Set(kinds.map(relationshipTypeOf))].filter((type) => known.has(type));
}

export async function listEdges(ctx: ListContext, filter: EdgeFilter, page: PageRequest): Promise<Page<EdgeRecord>> {
  const key = filterKey({ kinds: filter.kinds, from: filter.from, to: filter.to });
  const after = page.after === undefined ? '' : decodeCursor(page.after, 'edges', key);
  const limit = pageSize(page.first);
  const types = typesFor(ctx.types, filter.kinds);
  if (types.length === 0) return toPage([], limit, 0, 'edges', key);
  const params: Record<string, unknown> = { after, limit: neo4j.int(limit + 1), from: filter.from ?? null, to: filter.to ?? null };
  const where: string[] = [];
  if (filter.from !== undefined) where.push('a.id = $from');
  if (filter.to !== undefined) where.push('b.id = $to');
  if (filter.kinds !== undefined) {
    where.push('r.kind IN $kinds');
    params.kinds = [...filter.kinds];
  }
  const a = filter.from === undefined ? `(a:${NODE_LABEL})` : `(a:${NODE_LABEL} {id: $from})`;
  const b = filter.to === undefined || filter.from !== undefined ? `(b:${NODE_LABEL})` : `(b:${NODE_LABEL} {id: $to})`;
  const pattern = `MATCH ${a}-[r:${typeAlternation(types)}]->${b}`;
  const [rows = [], totals = []] = await ctx.run([
    [`${pattern} WHERE r.id > $after${and(where)} RETURN ${EDGE_RETURN} ORDER BY r.id LIMIT $limit`, params],
    [`${pattern} WHERE true${and(where)} RETURN count(r) AS total`, params],
  ]);
  const items = rows.map((row) => ctx.reader.edge(row as unknown as EdgeRow));
  return toPage(items, limit, toJsNumber(totals[0]?.total ?? 0), 'edges', key);
}
