/**
 * The risk graph around a focus node, on the projection (DESIGN.md §5).
 *
 * Harm crosses an edge of the propagation set (EDGE_SETS.propagation) in the edge kind's
 * cg:propagationDirection with probability t = its transmission. The risk of node v is the
 * probability of the most probable single path of at most `depth` hops between the focus and v:
 *
 *   risk(focus) = 1,   risk(v) = max over paths p, |p| ≤ depth, of Π_{e ∈ p} t(e)
 *
 * computed by `depth` rounds of Bellman–Ford relaxation that expand only the nodes improved in
 * the previous round, using the values they had at the start of the round (so no path exceeds
 * `depth` hops). DOWNSTREAM follows harm away from the focus; UPSTREAM toward it.
 */
import { EngineError } from '../../core/index.js';
import type { Projection } from '../../graph/projection/index.js';
import { EDGE_KIND_INFO, EDGE_SETS, isEdgeKind } from '../../ontology/index.js';
import { edgeView, type EdgeView } from './edge-view.js';

export type RiskDirection = 'DOWNSTREAM' | 'UPSTREAM';

export interface RiskGraphRequest {
  readonly focus: string;
  readonly depth: number;
  readonly minRisk: number;
  readonly direction: RiskDirection;
  readonly maxNodes: number;
}

export interface RiskNodeView {
  readonly id: string;
  readonly risk: number;
  readonly hops: number;
  readonly via: string | null;
}

export interface RiskGraphView {
  readonly focus: string;
  readonly direction: RiskDirection;
  readonly depth: number;
  readonly nodes: readonly RiskNodeView[];
  readonly edges: readonly EdgeView[];
  readonly totalCount: number;
  readonly truncated: boolean;
}

interface Best {
  risk: number;
  hops: number;
  via: number;
}

function masks(projection: Projection): { forward: Uint8Array; reverse: Uint8Array; all: Uint8Array } {
  const kinds = EDGE_SETS.propagation;
  return {
    forward: projection.edgeKindMask(kinds.filter((k) => ['forward', 'both'].includes(EDGE_KIND_INFO[k].direction))),
    reverse: projection.edgeKindMask(kinds.filter((k) => ['reverse', 'both'].includes(EDGE_KIND_INFO[k].direction))),
    all: projection.edgeKindMask(kinds),
  };
}

function validate(request: RiskGraphRequest): void {
  const bad = (field: string, rule: string): EngineError =>
    new EngineError('CG_API_BAD_REQUEST', `riskGraph ${field} must be ${rule}`, { details: { field } });
  if (!Number.isInteger(request.depth) || request.depth < 1 || request.depth > 6) throw bad('depth', 'a whole number from 1 to 6');
  if (!(request.minRisk >= 0 && request.minRisk <= 1)) throw bad('minRisk', 'a number in [0, 1]');
  if (!Number.isInteger(request.maxNodes) || request.maxNodes < 1 || request.maxNodes > 2000) throw bad('maxNodes', 'a whole number from 1 to 2000');
}

/** Default transmission by projection edge-kind code (cg:defaultTransmission), looked up once per call. */
function kindTransmissions(projection: Projection): Float64Array {
  const table = new Float64Array(256);
  projection.edgeKinds.forEach((kind, code) => {
    table[code] = isEdgeKind(kind) ? EDGE_KIND_INFO[kind].transmission : 0;
  });
  return table;
}

function relax(projection: Projection, focus: number, request: RiskGraphRequest): Map<number, Best> {
  const { forward, reverse } = masks(projection);
  const defaults = kindTransmissions(projection);
  const [along, against] = request.direction === 'DOWNSTREAM' ? [forward, reverse] : [reverse, forward];
  const best = new Map<number, Best>([[focus, { risk: 1, hops: 0, via: -1 }]]);
  let frontier: { node: number; risk: number }[] = [{ node: focus, risk: 1 }];
  for (let hop = 1; hop <= request.depth && frontier.length > 0; hop += 1) {
    const improved = new Map<number, number>();
    for (const { node, risk } of frontier) {
      const visit = (neighbour: number, edge: number, kind: number): void => {
        const own = projection.edgeTransmission(edge);
        const candidate = risk * (Number.isNaN(own) ? (defaults[kind] as number) : own);
        const current = best.get(neighbour);
        if (candidate <= 0 || (current !== undefined && current.risk >= candidate)) return;
        best.set(neighbour, { risk: candidate, hops: hop, via: node });
        improved.set(neighbour, candidate);
      };
      projection.forEachOutMasked(node, along, visit);
      projection.forEachInMasked(node, against, visit);
    }
    frontier = [...improved].map(([node, risk]) => ({ node, risk }));
  }
  return best;
}

/** Computes the risk graph; throws CG_API_NOT_FOUND for an unknown focus. */
export function computeRiskGraph(projection: Projection, request: RiskGraphRequest): RiskGraphView {
  validate(request);
  const focus = projection.nodeIndex(request.focus);
  if (focus === -1) throw new EngineError('CG_API_NOT_FOUND', `no node has id ${JSON.stringify(request.focus)}`, { details: { id: request.focus } });
  const best = relax(projection, focus, request);
  const qualifying = [...best].filter(([, b]) => b.risk >= request.minRisk).map(([node, b]) => ({ node, id: projection.nodeId(node), ...b }));
  qualifying.sort((x, y) => y.risk - x.risk || x.hops - y.hops || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  const kept = qualifying.slice(0, request.maxNodes);
  const keptSet = new Set(kept.map((k) => k.node));
  const { all } = masks(projection);
  const edges: EdgeView[] = [];
  for (const node of keptSet) {
    projection.forEachOutMasked(node, all, (neighbour, edge) => {
      if (keptSet.has(neighbour)) edges.push(edgeView(projection, edge));
    });
  }
  return {
    focus: request.focus,
    direction: request.direction,
    depth: request.depth,
    nodes: kept.map((k) => ({ id: k.id, risk: k.risk, hops: k.hops, via: k.via === -1 ? null : projection.nodeId(k.via) })),
    edges,
    totalCount: qualifying.length,
    truncated: qualifying.length > kept.length,
  };
}
