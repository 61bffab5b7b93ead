import type { Projection } from '../graph/projection/index.js';
import type { HarmGraph } from './harm-graph/harm-graph.js';
import { checkCount } from './paths/find-paths.js';
import { checkProbability, resolveNodes } from './propagation/priors.js';
import type { RiskMap } from './propagation/propagate-risk.js';

/** What the explorer asks for (DESIGN.md §9 `riskGraph(focus, depth, minRisk)`). */
export interface RiskGraphQuery {
  readonly focus: readonly string[];
  /** Hops along harm arcs, both ways (default 2). */
  readonly depth?: number;
  /** Leave out nodes whose highest channel risk is below this (default 0); the focus always stays. */
  readonly minRisk?: number;
  /** Stop adding nodes past this many and say so (default 500). */
  readonly maxNodes?: number;
}

export interface RiskGraphNode {
  readonly id: string;
  readonly kind: string;
  readonly domain: string | null;
  readonly compromise: number;
  readonly availability: number;
  readonly visibility: number;
}

export interface RiskGraphEdge {
  readonly id: string;
  readonly kind: string;
  readonly from: string;
  readonly to: string;
  /** Strongest channel transmission of the edge's harm arcs. */
  readonly transmission: number;
}

export interface RiskGraph {
  readonly nodes: readonly RiskGraphNode[];
  readonly edges: readonly RiskGraphEdge[];
  readonly truncated: boolean;
}

function neighbours(graph: HarmGraph, v: number, visit: (w: number) => void): void {
  for (let a = graph.inOffsets[v] as number; a < (graph.inOffsets[v + 1] as number); a++) visit(graph.arcFrom[a] as number);
  for (let i = graph.outOffsets[v] as number; i < (graph.outOffsets[v + 1] as number); i++) visit(graph.arcTo[graph.outArcs[i] as number] as number);
}

/**
 * The risk neighbourhood of a focus: nodes within `depth` harm hops (either
 * way) whose risk reaches `minRisk`, with their channel probabilities, and
 * the propagation edges among them.
 */
export function riskGraph(projection: Projection, risk: RiskMap, query: RiskGraphQuery): RiskGraph {
  const graph = risk.graph;
  const depth = query.depth ?? 2;
  if (depth !== 0) checkCount(depth, 'depth');
  const minRisk = checkProbability(query.minRisk ?? 0, 'minRisk');
  const maxNodes = checkCount(query.maxNodes ?? 500, 'maxNodes');
  const level = new Map<number, number>(resolveNodes(projection, query.focus).map((v) => [v, 0]));
  let frontier = [...level.keys()];
  let truncated = false;
  for (let d = 1; d <= depth && frontier.length > 0 && !truncated; d++) {
    const next: number[] = [];
    for (const v of frontier) {
      neighbours(graph, v, (w) => {
        if (level.has(w) || truncated) return;
        if (Math.max(risk.compromise[w] as number, risk.availability[w] as number, risk.visibility[w] as number) < minRisk) return;
        if (level.size >= maxNodes) {
          truncated = true;
          return;
        }
        level.set(w, d);
        next.push(w);
      });
    }
    frontier = next;
  }
  const nodes = [...level.keys()].map((v) => {
    const d = projection.columns.domain[v] as number;
    return {
      id: projection.nodeId(v),
      kind: projection.nodeKind(v),
      domain: d === -1 ? null : (projection.domains[d] as string),
      compromise: risk.compromise[v] as number,
      availability: risk.availability[v] as number,
      visibility: risk.visibility[v] as number,
    };
  });
  const edges = new Map<number, RiskGraphEdge>();
  for (const v of level.keys()) {
    for (let a = graph.inOffsets[v] as number; a < (graph.inOffsets[v + 1] as number); a++) {
      if (!level.has(graph.arcFrom[a] as number)) continue;
      const e = graph.arcEdge[a] as number;
      const t = Math.max(graph.tC[a] as number, graph.tA[a] as number, graph.tV[a] as number);
      const known = edges.get(e);
      if (known !== undefined && known.transmission >= t) continue;
      edges.set(e, {
        id: projection.edgeId(e),
        kind: projection.edgeKinds[projection.edgeKindOf(e)] as string,
        from: projection.nodeId(projection.edgeFrom(e)),
        to: projection.nodeId(projection.edgeTo(e)),
        transmission: t,
      });
    }
  }
  return { nodes, edges: [...edges.values()].sort((a, b) => (a.id < b.id ? -1 : 1)), truncated };
}
