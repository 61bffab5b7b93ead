import { EngineError } from '../../core/index.js';
import type { Projection } from '../../graph/projection/index.js';
import { edgeView, type EdgeView } from './edge-view.js';

export type NeighbourDirection = 'OUT' | 'IN' | 'BOTH';

export interface NeighbourRequest {
  readonly id: string;
  readonly direction: NeighbourDirection;
  readonly edgeKinds?: readonly string[] | null;
  readonly first: number;
  readonly offset: number;
}

export interface NeighbourItem {
  readonly direction: 'OUT' | 'IN';
  readonly edge: EdgeView;
  readonly nodeId: string;
}

export interface NeighbourPage {
  readonly items: readonly NeighbourItem[];
  readonly totalCount: number;
}

const ALL_KINDS = new Uint8Array(256).fill(1);

/**
 * Adjacent nodes of `id` from the projection (no store traversal per request, DESIGN.md §4),
 * out-edges first then in-edges, each in the projection's kind-sorted order; `offset`/`first`
 * page through them and `totalCount` counts them all.
 */
export function listNeighbours(projection: Projection, request: NeighbourRequest): NeighbourPage {
  const node = projection.nodeIndex(request.id);
  if (node === -1) throw new EngineError('CG_API_NOT_FOUND', `no node has id ${JSON.stringify(request.id)}`, { details: { id: request.id } });
  const mask = request.edgeKinds ? projection.edgeKindMask(request.edgeKinds) : ALL_KINDS;
  const items: NeighbourItem[] = [];
  let count = 0;
  const end = request.offset + request.first;
  const collect = (direction: 'OUT' | 'IN') => (neighbour: number, edge: number): void => {
    if (count >= request.offset && count < end) {
      items.push({ direction, edge: edgeView(projection, edge), nodeId: projection.nodeId(neighbour) });
    }
    count += 1;
  };
  if (request.direction !== 'IN') projection.forEachOutMasked(node, mask, collect('OUT'));
  if (request.direction !== 'OUT') projection.forEachInMasked(node, mask, collect('IN'));
  return { items, totalCount: count };
}
