/**
 * Filtered listings ordered by id with keyset pagination and the filter's
 * total count. Node kind and label filters become a set of kind ids; each kind
 * is an ordered range of the `nodes(kid, id)` index, read up to one page past
 * the cursor and merged by id, so a page never sorts a whole kind.
 */
import type { EdgeFilter, EdgeRecord, NodeFilter, NodeRecord, Page, PageRequest } from '../port.js';
import type { KindRegistry } from './kind-registry.js';
import { ENTITY_EDGE, ENTITY_NODE } from './schema.js';
import { EDGE_COLUMNS, EDGE_FROM, NODE_COLUMNS, type RecordReader, type Row } from './record-reader.js';
import { decodeCursor, encodeCursor, filterKey, pageSize, type Listing } from './page-cursor.js';

interface Where {
  readonly sql: string[];
  readonly params: unknown[];
}

type Scalar = string | number | boolean;

/** SQL (with `?` for the JSON path, twice) matching one scalar property exactly. */
const PROP_MATCH: Readonly<Record<string, (params: unknown[], path: string, value: Scalar) => string>> = {
  string: (params, path, value) => {
    params.push(path, path, value);
    return "(json_type(n.props, ?) = 'text' AND json_extract(n.props, ?) = ?)";
  },
  number: (params, path, value) => {
    params.push(path, path, value);
    return "(json_type(n.props, ?) IN ('integer', 'real') AND json_extract(n.props, ?) = ?)";
  },
  boolean: (params, path, value) => {
    params.push(path, value ? 'true' : 'false');
    return '(json_type(n.props, ?) = ?)';
  },
};

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function nodeWhere(filter: NodeFilter): Where {
  const where: Where = { sql: [], params: [] };
  for (const [key, value] of Object.entries(filter.props ?? {})) {
    const match = PROP_MATCH[typeof value];
    if (match === undefined) continue;
    where.sql.push(match(where.params, `$."${key.replace(/"/g, '\\"')}"`, value));
  }
  if (filter.search !== undefined && filter.search !== '') {
    const pattern = likePattern(filter.search);
    where.sql.push("(n.id LIKE ? ESCAPE '\\' OR json_extract(n.props, '$.name') LIKE ? ESCAPE '\\')");
    where.params.push(pattern, pattern);
  }
  return where;
}

/** Kind ids the kind and label filters allow; undefined when they allow all. */
function allowedKinds(kinds: KindRegistry, filter: NodeFilter): number[] | undefined {
  let allowed: number[] | undefined;
  if (filter.kinds !== undefined) allowed = kinds.idsOfKinds(ENTITY_NODE, filter.kinds);
  if (filter.labels !== undefined) {
    const labelled = kinds.idsWithLabels(filter.labels);
    allowed = allowed === undefined ? labelled : allowed.filter((kid) => labelled.includes(kid));
  }
  return allowed;
}

function compareIds(a: Row, b: Row): number {
  const x = a[1] as string;
  const y = b[1] as string;
  return x < y ? -1 : x > y ? 1 : 0;
}

function toPage<T>(rows: Row[], limit: number, total: number, listing: Listing, key: string, map: (row: Row) => T): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items: items.map(map),
    totalCount: total,
    endCursor: last === undefined ? null : encodeCursor(listing, key, last[1] as string),
    hasNextPage: rows.length > limit,
  };
}

export function listNodes(reader: RecordReader, kinds: KindRegistry, filter: NodeFilter, page: PageRequest): Page<NodeRecord> {
  const key = filterKey({ kinds: filter.kinds, labels: filter.labels, props: filter.props, search: filter.search });
  const after = page.after === undefined ? '' : decodeCursor(page.after, 'nodes', key);
  const limit = pageSize(page.first);
  const where = nodeWhere(filter);
  const extra = where.sql.map((clause) => ` AND ${clause}`).join('');
  const allowed = allowedKinds(kinds, filter);
  const node = (row: Row): NodeRecord => reader.node(row);
  if (allowed === undefined) {
    const rows = reader
      .prepare(`SELECT ${NODE_COLUMNS} FROM nodes n WHERE n.id > ?${extra} ORDER BY n.id LIMIT ?`)
      .all(after, ...where.params, limit + 1);
    const total = reader.prepare(`SELECT count(*) FROM nodes n WHERE 1${extra}`).get(...where.params) as Row;
    return toPage(rows, limit, total[0] as number, 'nodes', key, node);
  }
  if (allowed.length === 0) return toPage([], limit, 0, 'nodes', key, node);
  const range = reader.prepare(
    `SELECT ${NODE_COLUMNS} FROM nodes n WHERE n.kid = ? AND n.id > ?${extra} ORDER BY n.id LIMIT ?`,
  );
  const rows = allowed.flatMap((kid) => range.all(kid, after, ...where.params, limit + 1)).sort(compareIds);
  const marks = allowed.map(() => '?').join(', ');
  const total = reader
    .prepare(`SELECT count(*) FROM nodes n WHERE n.kid IN (${marks})${extra}`)
    .get(...allowed, ...where.params) as Row;
  return toPage(rows, limit, total[0] as number, 'nodes', key, node);
}

export function listEdges(reader: RecordReader, kinds: KindRegistry, filter: EdgeFilter, page: PageRequest): Page<EdgeRecord> {
  const key = filterKey({ kinds: filter.kinds, from: filter.from, to: filter.to });
  const after = page.after === undefined ? '' : decodeCursor(page.after, 'edges', key);
  const limit = pageSize(page.first);
  const edge = (row: Row): EdgeRecord => reader.edge(row);
  const where: Where = { sql: [], params: [] };
  const ends: Array<[string | undefined, string]> = [[filter.from, 'e.src'], [filter.to, 'e.dst']];
  for (const [id, column] of ends) {
    if (id === undefined) continue;
    const row = reader.nodeRowById(id);
    if (row === undefined) return toPage([], limit, 0, 'edges', key, edge);
    where.sql.push(`${column} = ?`);
    where.params.push(row[0]);
  }
  if (filter.kinds !== undefined) {
    const kids = kinds.idsOfKinds(ENTITY_EDGE, filter.kinds);
    if (kids.length === 0) return toPage([], limit, 0, 'edges', key, edge);
    where.sql.push(`e.kid IN (${kids.map(() => '?').join(', ')})`);
    where.params.push(...kids);
  }
  const extra = where.sql.map((clause) => ` AND ${clause}`).join('');
  const rows = reader
    .prepare(`SELECT ${EDGE_COLUMNS} FROM ${EDGE_FROM} WHERE e.id > ?${extra} ORDER BY e.id LIMIT ?`)
    .all(after, ...where.params, limit + 1);
  const total = reader.prepare(`SELECT count(*) FROM edges e WHERE 1${extra}`).get(...where.params) as Row;
  return toPage(rows, limit, total[0] as number, 'edges', key, edge);
}
