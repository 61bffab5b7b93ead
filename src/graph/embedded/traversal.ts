/**
 * Neighbour reads and the bounded breadth-first subgraph. Both walk the
 * `edges(src, kid)` / `edges(dst, kid)` indexes by node rowid; results are
 * ordered by edge id so a traversal is deterministic.
 */
import type { Direction, EdgeRecord, Neighbour, NeighbourQuery, NodeRecord, Subgraph, SubgraphQuery } from '../port.js';
import type { KindRegistry } from './kind-registry.js';
import { ENTITY_EDGE } from './schema.js';
import { EDGE_COLUMNS, EDGE_FROM, type RecordReader, type Row } from './record-reader.js';

/** Default cap on subgraph size when the query gives none. */
export const DEFAULT_MAX_NODES = 10_000;

interface Step {
  readonly row: Row;
  readonly direction: 'out' | 'in';
}

const SIDES: Readonly<Record<'out' | 'in', { readonly anchor: string; readonly other: string }>> = {
  out: { anchor: 'e.src', other: 'd' },
  in: { anchor: 'e.dst', other: 's' },
};

const DIRECTIONS: Readonly<Record<Direction, readonly ('out' | 'in')[]>> = {
  out: ['out'],
  in: ['in'],
  both: ['out', 'in'],
};

/** Kind ids for an edge-kind filter: undefined = all kinds, [] = none known. */
function edgeKinds(kinds: KindRegistry, names: readonly string[] | undefined): number[] | undefined {
  return names === undefined ? undefined : kinds.idsOfKinds(ENTITY_EDGE, names);
}

/** Edges (with the far node's columns at 9..13) around one node rowid. */
function steps(reader: RecordReader, nid: number, direction: Direction, kids: number[] | undefined, limit: number): Step[] {
  if (kids !== undefined && kids.length === 0) return [];
  const kindSql = kids === undefined ? '' : ` AND e.kid IN (${kids.map(() => '?').join(', ')})`;
  const found: Step[] = [];
  for (const side of DIRECTIONS[direction]) {
    const { anchor, other } = SIDES[side];
    const sql =
      `SELECT ${EDGE_COLUMNS}, ${other}.nid, ${other}.id, ${other}.kid, ${other}.props, ${other}.version ` +
      `FROM ${EDGE_FROM} WHERE ${anchor} = ?${kindSql} ORDER BY e.id LIMIT ?`;
    for (const row of reader.prepare(sql).all(nid, ...(kids ?? []), limit)) found.push({ row, direction: side });
  }
  if (DIRECTIONS[direction].length > 1) {
    found.sort((a, b) => {
      const x = a.row[1] as string;
      const y = b.row[1] as string;
      return x < y ? -1 : x > y ? 1 : a.direction < b.direction ? 1 : -1;
    });
  }
  return limit < 0 ? found : found.slice(0, limit);
}

export function neighbours(reader: RecordReader, kinds: KindRegistry, query: NeighbourQuery): Neighbour[] {
  const anchor = reader.nodeRowById(query.id);
  if (anchor === undefined) return [];
  const limit = query.limit === undefined ? -1 : Math.max(0, Math.floor(query.limit));
  const kids = edgeKinds(kinds, query.edgeKinds);
  return steps(reader, anchor[0] as number, query.direction, kids, limit).map(({ row, direction }) => ({
    edge: reader.edge(row),
    node: reader.node(row.slice(9)),
    direction,
  }));
}

/**
 * Breadth-first from the focus: level d holds nodes d hops away, up to
 * `depth`. Nodes join in discovery order until `maxNodes`, after which the
 * result is marked truncated. Edges are those walked whose two ends are in
 * the result.
 */
export function subgraph(reader: RecordReader, kinds: KindRegistry, query: SubgraphQuery): Subgraph {
  const maxNodes = query.maxNodes ?? DEFAULT_MAX_NODES;
  const direction = query.direction ?? 'both';
  const kids = edgeKinds(kinds, query.edgeKinds);
  const nodes = new Map<number, NodeRecord>();
  const edges = new Map<string, EdgeRecord>();
  let truncated = false;
  let frontier: number[] = [];
  for (const id of query.focus) {
    const row = reader.nodeRowById(id);
    if (row === undefined || nodes.has(row[0] as number)) continue;
    if (nodes.size >= maxNodes) {
      truncated = true;
      break;
    }
    nodes.set(row[0] as number, reader.node(row));
    frontier.push(row[0] as number);
  }
  for (let level = 0; level < query.depth && frontier.length > 0; level++) {
    const next: number[] = [];
    for (const nid of frontier) {
      for (const { row } of steps(reader, nid, direction, kids, -1)) {
        const far = row[9] as number;
        if (!nodes.has(far)) {
          if (nodes.size >= maxNodes) {
            truncated = true;
            continue;
          }
          nodes.set(far, reader.node(row.slice(9)));
          next.push(far);
        }
        edges.set(row[1] as string, reader.edge(row));
      }
    }
    frontier = next;
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()], truncated };
}
