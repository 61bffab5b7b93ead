/**
 * Neighbour reads and the bounded breadth-first subgraph, with the embedded
 * store's order (src/graph/embedded/traversal.ts): a node's steps are sorted by
 * edge id, an edge seen both ways lists 'out' first. The subgraph expands one
 * level per query (`UNWIND $ids` over the frontier) and grows in discovery order
 * up to `maxNodes`, after which it is marked truncated; its edges are those
 * walked whose two ends are in the result.
 */
import neo4j from 'neo4j-driver';
import type { Direction, EdgeRecord, Neighbour, NeighbourQuery, NodeRecord, Subgraph, SubgraphQuery } from '../port.js';
import { chunks } from './batch-plan.js';
import { NODE_RETURN, type EdgeRow, type RecordReader } from './record-reader.js';
import { NODE_LABEL, typeAlternation } from './schema.js';
import { typesFor } from './list-query.js';

/** Default cap on subgraph size when the query gives none (as the embedded store). */
export const DEFAULT_MAX_NODES = 10_000;

export interface TraversalContext {
  readonly reader: RecordReader;
  readonly types: ReadonlySet<string>;
  readonly batchSize: number;
  readonly run: (query: string, params: Record<string, unknown>) => Promise<Record<string, unknown>[]>;
}

interface Step {
  readonly at: string;
  readonly direction: 'out' | 'in';
  readonly edge: EdgeRecord;
  readonly node: NodeRecord;
}

const SIDES = {
  out: { pattern: '-[r:TYPES]->', from: 'x.id', to: 'y.id' },
  in: { pattern: '<-[r:TYPES]-', from: 'y.id', to: 'x.id' },
} as const;

const DIRECTIONS: Readonly<Record<Direction, readonly ('out' | 'in')[]>> = { out: ['out'], in: ['in'], both: ['out', 'in'] };

function stepQuery(side: 'out' | 'in', types: string, kinds: boolean, limit: boolean): string {
  const { pattern, from, to } = SIDES[side];
  return (
    `UNWIND $ids AS at MATCH (x:${NODE_LABEL} {id: at})${pattern.replace('TYPES', types)}(y:${NODE_LABEL})` +
    (kinds ? ' WHERE r.kind IN $kinds' : '') +
    ` RETURN at, properties(r) AS r, ${from} AS from, ${to} AS to, ${NODE_RETURN.replace('(n)', '(y)')}` +
    ` ORDER BY r.id${limit ? ' LIMIT $limit' : ''}`
  );
}

function byEdgeId(a: Step, b: Step): number {
  const x = a.edge.id;
  const y = b.edge.id;
  return x < y ? -1 : x > y ? 1 : a.direction === b.direction ? 0 : a.direction === 'out' ? -1 : 1;
}

/** Steps from every id in `ids`, sorted by edge id; `limit` applies per direction (single anchors only). */
async function steps(
  ctx: TraversalContext,
  ids: readonly string[],
  direction: Direction,
  edgeKinds: readonly string[] | undefined,
  limit?: number,
): Promise<Step[]> {
  const types = typesFor(ctx.types, edgeKinds);
  if (types.length === 0 || ids.length === 0) return [];
  const found: Step[] = [];
  for (const side of DIRECTIONS[direction]) {
    const query = stepQuery(side, typeAlternation(types), edgeKinds !== undefined, limit !== undefined);
    for (const part of chunks(ids, ctx.batchSize)) {
      const rows = await ctx.run(query, { ids: part, kinds: edgeKinds ?? null, limit: neo4j.int(limit ?? 0) });
      for (const row of rows) {
        const edge = ctx.reader.edge(row as unknown as EdgeRow);
        found.push({ at: String(row.at), direction: side, edge, node: ctx.reader.node(row.n as Record<string, unknown>) });
      }
    }
  }
  return found.sort(byEdgeId);
}

export async function neighbours(ctx: TraversalContext, query: NeighbourQuery): Promise<Neighbour[]> {
  const limit = query.limit === undefined ? undefined : Math.max(0, Math.floor(query.limit));
  if (limit === 0) return [];
  const found = await steps(ctx, [query.id], query.direction, query.edgeKinds, limit);
  const kept = limit === undefined ? found : found.slice(0, limit);
  return kept.map(({ edge, node, direction }) => ({ edge, node, direction }));
}

async function focusNodes(ctx: TraversalContext, focus: readonly string[]): Promise<Map<string, NodeRecord>> {
  const found = new Map<string, NodeRecord>();
  const rows = await ctx.run(`UNWIND $ids AS id MATCH (n:${NODE_LABEL} {id: id}) RETURN ${NODE_RETURN}`, { ids: [...new Set(focus)] });
  for (const row of rows) {
    const node = ctx.reader.node(row.n as Record<string, unknown>);
    found.set(node.id, node);
  }
  return found;
}

/** Breadth-first from the focus, bounded by depth, direction, edge kinds and maxNodes. */
export async function subgraph(ctx: TraversalContext, query: SubgraphQuery): Promise<Subgraph> {
  const maxNodes = query.maxNodes ?? DEFAULT_MAX_NODES;
  const direction = query.direction ?? 'both';
  const nodes = new Map<string, NodeRecord>();
  const edges = new Map<string, EdgeRecord>();
  let truncated = false;
  let frontier: string[] = [];
  const existing = await focusNodes(ctx, query.focus);
  for (const id of query.focus) {
    const node = existing.get(id);
    if (node === undefined || nodes.has(id)) continue;
    if (nodes.size >= maxNodes) {
      truncated = true;
      break;
    }
    nodes.set(id, node);
    frontier.push(id);
  }
  for (let level = 0; level < query.depth && frontier.length > 0; level++) {
    const byAnchor = new Map<string, Step[]>();
    for (const step of await steps(ctx, frontier, direction, query.edgeKinds)) {
      const list = byAnchor.get(step.at);
      if (list === undefined) byAnchor.set(step.at, [step]);
      else list.push(step);
    }
    const next: string[] = [];
    for (const id of frontier) {
      for (const step of byAnchor.get(id) ?? []) {
        if (!nodes.has(step.node.id)) {
          if (nodes.size >= maxNodes) {
            truncated = true;
            continue;
          }
          nodes.set(step.node.id, step.node);
          next.push(step.node.id);
        }
        edges.set(step.edge.id, step.edge);
      }
    }
    frontier = next;
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()], truncated };
}
