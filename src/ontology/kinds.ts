import { EngineError } from '../core/index.js';
import {
  EDGE_KIND_INFO,
  NODE_KIND_ANCESTORS,
  type EdgeKind,
  type EdgeKindInfo,
  type NodeKind,
} from './generated/vocab.generated.js';

/** True when `kind` is a node kind of the ontology (a cg: class local name). */
export function isNodeKind(kind: string): kind is NodeKind {
  return Object.hasOwn(NODE_KIND_ANCESTORS, kind);
}

/** True when `kind` is an edge kind of the ontology (a cg: object property local name). */
export function isEdgeKind(kind: string): kind is EdgeKind {
  return Object.hasOwn(EDGE_KIND_INFO, kind);
}

/**
 * The property-graph labels of a node of this kind: the kind and its cg: superclasses, nearest
 * first (the "rdf:type -> labels with inferred superclasses" projection of DESIGN §3), e.g.
 * labelsOf('Camera') is ['Camera', 'Sensor', 'Device', 'Asset']. Throws EngineError
 * CG_KIND_UNKNOWN for a kind the ontology lacks.
 */
export function labelsOf(kind: string): readonly string[] {
  if (!isNodeKind(kind)) {
    const message = `Unknown node kind "${kind}": it is not a class of the ontology`;
    throw new EngineError('CG_KIND_UNKNOWN', message, { details: { kind } });
  }
  return NODE_KIND_ANCESTORS[kind];
}

/**
 * The propagation annotations (impacts, default transmission and delay, direction,
 * combination, edge sets) of an edge kind. Throws EngineError CG_KIND_UNKNOWN for a kind the
 * ontology lacks.
 */
export function edgeKindInfo(kind: string): EdgeKindInfo {
  if (!isEdgeKind(kind)) {
    const message = `Unknown edge kind "${kind}": it is not an object property of the ontology`;
    throw new EngineError('CG_KIND_UNKNOWN', message, { details: { kind } });
  }
  return EDGE_KIND_INFO[kind];
}
