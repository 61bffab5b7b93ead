/**
 * Validation and grouping of a write batch before any statement is sent: every
 * id, kind and property value is checked (CG_WRITE_INPUT_INVALID with a JSON
 * pointer), and repeated ids keep their last occurrence (an upsert replaces, so
 * the last one wins, as if applied in order).
 */
import type { ManagedTransaction } from 'neo4j-driver';
import { edgeId } from '../../core/index.js';
import type { EdgeInput, NodeInput, WriteBatch } from '../port.js';
import { encodeProps, requireName, type StoredProps } from './props-codec.js';
import { relationshipTypeOf } from './schema.js';

/** What batch statements need of a transaction (a managed one, or an explicit one in tools). */
export type Tx = Pick<ManagedTransaction, 'run'>;

export interface EdgeRow {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly type: string;
  readonly p: StoredProps;
}

export interface BatchPlan {
  /** Node property maps (with `id`, `kind`), one per id. */
  readonly nodes: readonly StoredProps[];
  /** Edge rows, one per id. */
  readonly edges: readonly EdgeRow[];
  /** Node kinds and relationship types the batch writes. */
  readonly kinds: ReadonlySet<string>;
  readonly types: ReadonlySet<string>;
  /** Edges whose id is not the default `from|kind|to` (they may move endpoints or type). */
  readonly customIdEdges: readonly EdgeRow[];
  /** Every edge in batch order, to name the first one with a missing endpoint. */
  readonly edgeOrder: readonly EdgeRow[];
  readonly deleteNodes: readonly string[];
  readonly deleteEdges: readonly string[];
  readonly nodesWritten: number;
  readonly edgesWritten: number;
}

function planNode(node: NodeInput, index: number): StoredProps {
  const pointer = `/nodes/${index}`;
  const id = requireName(node.id, `${pointer}/id`);
  const kind = requireName(node.kind, `${pointer}/kind`);
  return encodeProps(node.props, id, kind, `${pointer}/props`);
}

function planEdge(edge: EdgeInput, index: number): EdgeRow {
  const pointer = `/edges/${index}`;
  const kind = requireName(edge.kind, `${pointer}/kind`);
  const from = requireName(edge.from, `${pointer}/from`);
  const to = requireName(edge.to, `${pointer}/to`);
  const id = edge.id === undefined ? edgeId(from, kind, to) : requireName(edge.id, `${pointer}/id`);
  return { id, from, to, type: relationshipTypeOf(kind), p: encodeProps(edge.props, id, kind, `${pointer}/props`) };
}

function lastById<T>(items: readonly T[], idOf: (item: T) => string): T[] {
  const byId = new Map<string, T>();
  for (const item of items) {
    const id = idOf(item);
    byId.delete(id);
    byId.set(id, item);
  }
  return [...byId.values()];
}

function names(ids: readonly string[] | undefined, pointer: string): string[] {
  return [...new Set((ids ?? []).map((id, index) => requireName(id, `${pointer}/${index}`)))];
}

/** Validates and groups `batch`; throws CG_WRITE_INPUT_INVALID before anything is written. */
export function planBatch(batch: WriteBatch): BatchPlan {
  const nodes = (batch.nodes ?? []).map(planNode);
  const edges = (batch.edges ?? []).map(planEdge);
  const uniqueNodes = lastById(nodes, (node) => node.id as string);
  const uniqueEdges = lastById(edges, (edge) => edge.id);
  return {
    nodes: uniqueNodes,
    edges: uniqueEdges,
    kinds: new Set(uniqueNodes.map((node) => node.kind as string)),
    types: new Set(uniqueEdges.map((edge) => edge.type)),
    customIdEdges: uniqueEdges.filter((edge) => edge.id !== edgeId(edge.from, edge.p.kind as string, edge.to)),
    edgeOrder: edges,
    deleteNodes: names(batch.deleteNodes, '/deleteNodes'),
    deleteEdges: names(batch.deleteEdges, '/deleteEdges'),
    nodesWritten: nodes.length,
    edgesWritten: edges.length,
  };
}

/** Splits `items` into chunks of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}
