import { EngineError } from '../../core/index.js';
import type { Projection } from '../../graph/projection/index.js';
import { CHANNELS, LEVEL_OF_CHANNEL, type Channel, type HarmGraph } from '../harm-graph/harm-graph.js';
import { checkProbability, resolveNodes } from '../propagation/priors.js';
import type { StatePath } from './dijkstra.js';
import { arcHours, arcTransmission, type StateGraph } from './state-graph.js';
import { createYenScratch, yenKShortest, type YenScratch } from './yen.js';

/** A question for `findPaths` (DESIGN.md §5 "Paths"). */
export interface PathQuery {
  /** Source asset ids: where harm starts. */
  readonly from: readonly string[];
  /** Target ids; default every Service (the critical services). */
  readonly to?: readonly string[];
  /** How many ranked paths to compute (default 10, at most 1,000). */
  readonly k?: number;
  /** Page size over the k paths (default k). */
  readonly first?: number;
  /** Cursor from a previous page's `endCursor`. */
  readonly after?: string;
  /** What the sources suffer (default `compromise`, which can turn into every other channel). */
  readonly sourceChannel?: Channel;
  /** Paths less probable than this are not searched (default 1e-6). */
  readonly minProbability?: number;
}

/** One hop of a path: the edge it follows and what it carries. */
export interface PathHop {
  readonly from: string;
  readonly to: string;
  readonly edgeId: string;
  readonly kind: string;
  /** The channel the harm arrives on at `to`. */
  readonly channel: Channel;
  readonly probability: number;
  /** Edge delay plus, for availability, the target's buffer hours. */
  readonly delayHours: number;
  readonly domain: string | null;
}

export interface RiskPath {
  readonly nodes: readonly string[];
  readonly edges: readonly PathHop[];
  /** Product of the hop probabilities. */
  readonly probability: number;
  /** Sum of hop delays: time for harm to arrive along this path. */
  readonly delayHours: number;
  /** Domains of the nodes along the path, in order of first appearance. */
  readonly domains: readonly string[];
}

export interface PathPage {
  readonly paths: readonly RiskPath[];
  /** Paths computed (≤ k). */
  readonly totalCount: number;
  readonly hasNextPage: boolean;
  readonly endCursor: string | null;
  /** True when more propagation paths exist beyond the k computed. */
  readonly truncated: boolean;
}

/** Validates a positive integer count (k, first, top). */
export function checkCount(value: number, field: string): number {
  if (!Number.isInteger(value) || value <= 0) {
    throw new EngineError('CG_RISK_INVALID_K', `${field} must be a positive integer, got ${String(value)}`, { details: { field, value } });
  }
  return value;
}

function decodeCursor(after: string | undefined, k: number): number {
  if (after === undefined) return 0;
  const match = /^path:(\d+)$/.exec(Buffer.from(after, 'base64url').toString('utf8'));
  const offset = match ? Number(match[1]) : NaN;
  if (!(offset >= 0 && offset <= k)) {
    throw new EngineError('CG_RISK_INVALID_CURSOR', `cursor ${after} was not issued for this query`, { details: { after } });
  }
  return offset;
}

const encodeCursor = (offset: number): string => Buffer.from(`path:${offset}`, 'utf8').toString('base64url');

function domainOf(projection: Projection, v: number): string | null {
  const d = projection.columns.domain[v] as number;
  return d === -1 ? null : (projection.domains[d] as string);
}

function toRiskPath(projection: Projection, graph: HarmGraph, sg: StateGraph, path: StatePath): RiskPath {
  const states = path.states.filter((s) => s !== sg.source && s !== sg.sink);
  const nodes = states.map((s) => Math.floor(s / 3));
  const edges: PathHop[] = [];
  for (let i = 1; i < states.length; i++) {
    const a = path.arcs[path.states.indexOf(states[i] as number) - 1] as number;
    const c = (states[i] as number) % 3;
    edges.push({
      from: projection.nodeId(nodes[i - 1] as number),
      to: projection.nodeId(nodes[i] as number),
      edgeId: projection.edgeId(graph.arcEdge[a] as number),
      kind: projection.edgeKinds[graph.arcKind[a] as number] as string,
      channel: CHANNELS[c] as Channel,
      probability: arcTransmission(graph, a, c),
      delayHours: arcHours(graph, a, c),
      domain: domainOf(projection, nodes[i] as number),
    });
  }
  const domains: string[] = [];
  for (const v of nodes) {
    const d = domainOf(projection, v);
    if (d !== null && !domains.includes(d)) domains.push(d);
  }
  return {
    nodes: nodes.map((v) => projection.nodeId(v)),
    edges,
    probability: edges.reduce((p, hop) => p * hop.probability, 1),
    delayHours: edges.reduce((h, hop) => h + hop.delayHours, 0),
    domains,
  };
}

/** Per harm graph: the Service mask and the search scratch, so a query allocates nothing O(n). */
interface PathCache {
  readonly services: Uint8Array;
  readonly targets: Uint8Array;
  scratch: YenScratch | undefined;
}

const caches = new WeakMap<HarmGraph, PathCache>();

function cacheFor(projection: Projection, graph: HarmGraph): PathCache {
  let cache = caches.get(graph);
  if (cache === undefined) {
    const services = new Uint8Array(graph.nodeCount);
    for (let v = 0; v < graph.nodeCount; v++) if (graph.alive[v] === 1 && projection.isA(v, 'Service')) services[v] = 1;
    cache = { services, targets: new Uint8Array(graph.nodeCount), scratch: undefined };
    caches.set(graph, cache);
  }
  return cache;
}

/** The state graph for a query: sources at their channel level, targets as a node mask. */
export function stateGraphFor(projection: Projection, graph: HarmGraph, sources: readonly number[], targets: readonly number[] | undefined, level: number): StateGraph {
  const cache = cacheFor(projection, graph);
  const mask = cache.targets;
  if (targets === undefined) mask.set(cache.services);
  else {
    mask.fill(0);
    for (const v of targets) mask[v] = 1;
  }
  for (const v of sources) mask[v] = 0;
  return { graph, source: 3 * graph.nodeCount, sink: 3 * graph.nodeCount + 1, targets: mask, sourceStates: sources.map((v) => 3 * v + level) };
}

/**
 * The first `routes` distinct routes (arc sequences) of Yen's search for the query, each kept once
 * at its most probable reading: the same route can be found at two channel levels (a pump
 * compromised or just stopped). Yen's paths come in order and the search up to a route does not
 * depend on how many routes are asked for, so the first r routes are the same for every count ≥ r.
 */
function distinctRoutes(projection: Projection, graph: HarmGraph, query: PathQuery, minProbability: number, routes: number): RiskPath[] {
  const sources = resolveNodes(projection, query.from);
  const targets = query.to === undefined ? undefined : resolveNodes(projection, query.to);
  const sg = stateGraphFor(projection, graph, sources, targets, LEVEL_OF_CHANNEL[query.sourceChannel ?? 'compromise']);
  const weight = (arc: number, _from: number, to: number): number => (arc === -1 ? 0 : -Math.log(arcTransmission(graph, arc, to % 3)));
  const maxCost = minProbability > 0 ? -Math.log(minProbability) : Infinity;
  const routeOf = (path: StatePath): string => path.arcs.filter((arc) => arc !== -1).join(',');
  const cache = cacheFor(projection, graph);
  cache.scratch ??= createYenScratch(sg);
  const result = yenKShortest(sg, routes, maxCost, weight, routeOf, cache.scratch);
  const seen = new Set<string>();
  const unique: RiskPath[] = [];
  for (const path of result.paths) {
    const route = routeOf(path);
    if (seen.has(route)) continue;
    seen.add(route);
    unique.push(toRiskPath(projection, graph, sg, path));
  }
  return unique;
}

/**
 * The k most probable propagation paths from a set of sources to targets
 * (default: every service), by Yen's algorithm over −log t on the layered
 * state graph (see state-graph.ts), ranked and paginated.
 */
export function findPaths(projection: Projection, graph: HarmGraph, query: PathQuery): PathPage {
  const k = checkCount(query.k ?? 10, 'k');
  const first = checkCount(query.first ?? k, 'first');
  const minProbability = checkProbability(query.minProbability ?? 1e-6, 'minProbability');
  const offset = decodeCursor(query.after, k);
  // Search until k + 1 distinct routes are found: the extra one tells whether the list is truncated.
  const wanted = Math.min(k, 1000);
  const unique = distinctRoutes(projection, graph, query, minProbability, wanted + 1);
  const all = unique.slice(0, wanted);
  const page = all.slice(offset, offset + first);
  const end = offset + page.length;
  return {
    paths: page,
    totalCount: all.length,
    hasNextPage: end < all.length,
    endCursor: page.length > 0 ? encodeCursor(end) : null,
    truncated: unique.length > wanted,
  };
}

/**
 * The `k` most probable paths of `findPaths` (its first page with `first` = k), without the
 * search for a (k + 1)-th route that only tells whether the list is truncated: the decision
 * explanation's paths (DESIGN.md §8), which never report truncation.
 */
export function mostProbablePaths(projection: Projection, graph: HarmGraph, query: Pick<PathQuery, 'from' | 'to' | 'k' | 'sourceChannel' | 'minProbability'>): RiskPath[] {
  const k = Math.min(checkCount(query.k ?? 10, 'k'), 1000);
  return distinctRoutes(projection, graph, query, checkProbability(query.minProbability ?? 1e-6, 'minProbability'), k);
}
