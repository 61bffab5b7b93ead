import type { Projection } from '../../graph/projection/index.js';
import type { HarmGraph } from '../harm-graph/harm-graph.js';
import { checkCount } from '../paths/find-paths.js';
import { DEFAULT_EXPOSURE, fillPriors, resolveEvidence, type Evidence } from '../propagation/priors.js';
import { Propagator } from '../propagation/propagator.js';
import { expectedImpact, serviceTable, type ServiceTable } from './service-impact.js';

export interface ChokePointOptions {
  /** Evidence to rank against (default none: background exposure only). */
  readonly evidence?: readonly Evidence[];
  /** γ of the exposure prior (default 0.01). */
  readonly exposure?: number;
  /** How many nodes and edges to return (default 10). */
  readonly top?: number;
  /** Candidates recomputed exactly, per kind (default max(50, 3·top)). */
  readonly candidates?: number;
}

export interface ChokePoint {
  readonly id: string;
  readonly kind: string;
  readonly domain: string | null;
  /** Expected impact removed by protecting it (baseline − with it protected). */
  readonly reduction: number;
  /** reduction / baseline. */
  readonly share: number;
  /** Domains of the services whose expected impact drops by more than 1 %. */
  readonly servicesDomains: readonly string[];
}

export interface ChokePointEdge extends Omit<ChokePoint, 'domain'> {
  readonly from: string;
  readonly to: string;
}

export interface ChokePoints {
  /** Σ services P(loss) × criticality × peopleServed before any protection. */
  readonly baseline: number;
  readonly nodes: readonly ChokePoint[];
  readonly edges: readonly ChokePointEdge[];
  readonly candidatesEvaluated: number;
}

/**
 * Downstream weight W(v) = service weight of v + Σ over child arcs t·W(w),
 * one pass in reverse topological order (back arcs of cycles read the
 * partial value): the first-order sensitivity of expected impact to p(v).
 */
function downstreamWeight(graph: HarmGraph, services: ServiceTable): Float64Array {
  const weight = new Float64Array(graph.nodeCount);
  for (let i = 0; i < services.nodes.length; i++) weight[services.nodes[i] as number] = services.weights[i] as number;
  const { order, outOffsets, outArcs, arcTo, tC, tA, tV } = graph;
  for (let i = graph.nodeCount - 1; i >= 0; i--) {
    const v = order[i] as number;
    let sum = weight[v] as number;
    for (let j = outOffsets[v] as number; j < (outOffsets[v + 1] as number); j++) {
      const a = outArcs[j] as number;
      sum += Math.max(tC[a] as number, tA[a] as number, tV[a] as number) * (weight[arcTo[a] as number] as number);
    }
    weight[v] = sum;
  }
  return weight;
}

function topIndexes(scores: Float64Array, count: number, skip: (i: number) => boolean): number[] {
  const picked: number[] = [];
  for (let i = 0; i < scores.length; i++) if (!skip(i) && (scores[i] as number) > 0) picked.push(i);
  return picked.sort((a, b) => (scores[b] as number) - (scores[a] as number)).slice(0, count);
}

function domainsDropped(projection: Projection, services: ServiceTable, before: Float64Array, after: Float64Array): string[] {
  const domains = new Set<string>();
  for (const v of services.nodes) {
    if ((before[v] as number) - (after[v] as number) > 0.01 * (before[v] as number) && (before[v] as number) > 0) {
      const d = projection.columns.domain[v] as number;
      if (d !== -1) domains.add(projection.domains[d] as string);
    }
  }
  return [...domains].sort();
}

/**
 * Nodes and edges whose protection cuts the most expected impact (DESIGN.md
 * §5). Candidates are ranked by first-order sensitivity p(v)·W(v) (see
 * `downstreamWeight`); the best `candidates` of each kind are then evaluated
 * exactly by protecting them (node held at 0, edge cut) and recomputing only
 * the region forward-reachable from them, then restoring.
 */
export function chokePoints(projection: Projection, graph: HarmGraph, options: ChokePointOptions = {}): ChokePoints {
  const top = checkCount(options.top ?? 10, 'top');
  const candidateCount = options.candidates ?? Math.max(50, 3 * top);
  const services = serviceTable(projection);
  const propagator = new Propagator(graph);
  fillPriors(graph, propagator.p, resolveEvidence(projection, options.evidence ?? []), options.exposure ?? DEFAULT_EXPOSURE);
  propagator.recomputeAll();
  const baseline = expectedImpact(services, propagator.p.pL);
  const before = propagator.p.pL.slice();
  const weight = downstreamWeight(graph, services);
  const isService = new Uint8Array(graph.nodeCount);
  for (const v of services.nodes) isService[v] = 1;
  const nodeScores = new Float64Array(graph.nodeCount);
  for (let v = 0; v < graph.nodeCount; v++) nodeScores[v] = (propagator.p.pL[v] as number) * (weight[v] as number);
  const protectedNodes = new Uint8Array(graph.nodeCount);
  propagator.scratch.protectedNodes = protectedNodes;
  const nodes = topIndexes(nodeScores, candidateCount, (v) => isService[v] === 1 || graph.alive[v] === 0).map((v) => {
    protectedNodes[v] = 1;
    propagator.recomputeRegion([v]);
    const reduction = baseline - expectedImpact(services, propagator.p.pL);
    const dropped = domainsDropped(projection, services, before, propagator.p.pL);
    protectedNodes[v] = 0;
    propagator.recomputeRegion([v]);
    const d = projection.columns.domain[v] as number;
    return { id: projection.nodeId(v), kind: projection.nodeKind(v), domain: d === -1 ? null : (projection.domains[d] as string), reduction, share: baseline > 0 ? reduction / baseline : 0, servicesDomains: dropped };
  });
  const edges = rankEdges(projection, graph, propagator, { services, baseline, before, weight, candidateCount });
  const byReduction = <T extends { reduction: number; id: string }>(a: T, b: T): number => b.reduction - a.reduction || (a.id < b.id ? -1 : 1);
  return {
    baseline,
    nodes: nodes.sort(byReduction).slice(0, top),
    edges: edges.sort(byReduction).slice(0, top),
    candidatesEvaluated: nodes.length + edges.length,
  };
}

interface EdgeRanking {
  readonly services: ServiceTable;
  readonly baseline: number;
  readonly before: Float64Array;
  readonly weight: Float64Array;
  readonly candidateCount: number;
}

/** Edge candidates by message × downstream weight of the target; each cut (all its arcs) and recomputed. */
function rankEdges(projection: Projection, graph: HarmGraph, propagator: Propagator, r: EdgeRanking): ChokePointEdge[] {
  const edgeScores = new Float64Array(projection.edgeSlotCount);
  const arcsOf = new Map<number, number[]>();
  for (let a = 0; a < graph.arcCount; a++) {
    const e = graph.arcEdge[a] as number;
    edgeScores[e] = (edgeScores[e] as number) + propagator.message(a, 1) * (r.weight[graph.arcTo[a] as number] as number);
  }
  const picked = topIndexes(edgeScores, r.candidateCount, () => false);
  const wanted = new Set(picked);
  for (let a = 0; a < graph.arcCount; a++) {
    const e = graph.arcEdge[a] as number;
    if (wanted.has(e)) arcsOf.set(e, [...(arcsOf.get(e) ?? []), a]);
  }
  const cut = new Uint8Array(graph.arcCount);
  propagator.scratch.cutArcs = cut;
  return picked.map((e) => {
    const arcs = arcsOf.get(e) ?? [];
    const seeds = arcs.map((a) => graph.arcFrom[a] as number);
    for (const a of arcs) cut[a] = 1;
    propagator.recomputeRegion(seeds);
    const reduction = r.baseline - expectedImpact(r.services, propagator.p.pL);
    const dropped = domainsDropped(projection, r.services, r.before, propagator.p.pL);
    for (const a of arcs) cut[a] = 0;
    propagator.recomputeRegion(seeds);
    return {
      id: projection.edgeId(e),
      kind: projection.edgeKinds[projection.edgeKindOf(e)] as string,
      from: projection.nodeId(projection.edgeFrom(e)),
      to: projection.nodeId(projection.edgeTo(e)),
      reduction,
      share: r.baseline > 0 ? reduction / r.baseline : 0,
      servicesDomains: dropped,
    };
  });
}
