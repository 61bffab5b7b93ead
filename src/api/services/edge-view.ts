import type { Projection } from '../../graph/projection/index.js';
import { EDGE_KIND_INFO, isEdgeKind } from '../../ontology/index.js';

/** An edge as the API shows it (GraphQL `GraphEdge`). */
export interface EdgeView {
  readonly id: string;
  readonly kind: string;
  readonly from: string;
  readonly to: string;
  readonly transmission: number;
}

/** The edge's transmission: its own override, else the kind's cg:defaultTransmission, else 0. */
export function transmissionOf(projection: Projection, edge: number): number {
  const own = projection.edgeTransmission(edge);
  if (!Number.isNaN(own)) return own;
  const kind = projection.edgeKinds[projection.edgeKindOf(edge)] ?? '';
  return isEdgeKind(kind) ? EDGE_KIND_INFO[kind].transmission : 0;
}

/** Reads one projection edge by index into the API's view of it. */
export function edgeView(projection: Projection, edge: number): EdgeView {
  return {
    id: projection.edgeId(edge),
    kind: projection.edgeKinds[projection.edgeKindOf(edge)] ?? 'unknown',
    from: projection.nodeId(projection.edgeFrom(edge)),
    to: projection.nodeId(projection.edgeTo(edge)),
    transmission: transmissionOf(projection, edge),
  };
}
