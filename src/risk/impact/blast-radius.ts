import type { Projection } from '../../graph/projection/index.js';
import { LEVEL_OF_CHANNEL, type Channel, type HarmGraph } from '../harm-graph/harm-graph.js';
import { checkProbability, resolveNodes } from '../propagation/priors.js';
import { propagateRisk } from '../propagation/propagate-risk.js';
import { mostProbableArrival } from './arrival.js';
import { serviceWeight } from './service-impact.js';

export interface BlastRadiusOptions {
  /** What the nodes suffer: `compromise` (an attacker holds them, default) or `availability` (they fail). */
  readonly channel?: Channel;
  /** Leave out assets less likely than this to be lost (default 0.01). */
  readonly minProbability?: number;
}

/** One affected asset or service. */
export interface AffectedNode {
  readonly id: string;
  readonly kind: string;
  readonly domain: string | null;
  /** P(loss of availability, compromise included). */
  readonly probability: number;
  readonly compromise: number;
  /** Hours until the loss arrives along its most probable path (delays plus buffers). */
  readonly timeToImpactHours: number | null;
}

export interface AffectedService extends AffectedNode {
  readonly criticality: number | null;
  readonly peopleServed: number | null;
  /** probability × peopleServed. */
  readonly expectedPeople: number;
}

export interface BlastRadius {
  readonly sources: readonly string[];
  readonly services: readonly AffectedService[];
  readonly facilities: readonly AffectedNode[];
  /** Affected assets (probability ≥ minProbability) per domain. */
  readonly assetsByDomain: Readonly<Record<string, number>>;
  readonly assetsAffected: number;
  /** Σ over services P(loss) × peopleServed. */
  readonly peopleAffected: number;
  /** Σ over services P(loss) × criticality × peopleServed (DESIGN.md §5 "Impact"). */
  readonly expectedImpact: number;
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

function affected(projection: Projection, v: number, pL: Float64Array, pC: Float64Array, hours: Float64Array): AffectedNode {
  const d = projection.columns.domain[v] as number;
  return {
    id: projection.nodeId(v),
    kind: projection.nodeKind(v),
    domain: d === -1 ? null : (projection.domains[d] as string),
    probability: pL[v] as number,
    compromise: pC[v] as number,
    timeToImpactHours: finiteOrNull(hours[v] as number),
  };
}

const byProbability = (a: AffectedNode, b: AffectedNode): number => b.probability - a.probability || (a.id < b.id ? -1 : 1);

/**
 * What a set of nodes takes down if they are compromised or fail: services,
 * facilities and people affected, each with the probability of loss (full
 * propagation from the sources as confirmed evidence, no background
 * exposure) and the time to impact along the most probable path.
 */
export function blastRadius(projection: Projection, graph: HarmGraph, ids: readonly string[], options: BlastRadiusOptions = {}): BlastRadius {
  const channel = options.channel ?? 'compromise';
  const minProbability = checkProbability(options.minProbability ?? 0.01, 'minProbability');
  const sources = resolveNodes(projection, ids);
  const risk = propagateRisk(projection, ids.map((node) => ({ node, channel, confirmed: true })), { harmGraph: graph, exposure: 0 });
  const arrival = mostProbableArrival(graph, sources.map((v) => 3 * v + LEVEL_OF_CHANNEL[channel]), 1e-9);
  const services: AffectedService[] = [];
  const facilities: AffectedNode[] = [];
  const assetsByDomain: Record<string, number> = {};
  let assetsAffected = 0;
  let peopleAffected = 0;
  let expectedImpact = 0;
  const { availability: pL, compromise: pC } = risk;
  for (let v = 0; v < graph.nodeCount; v++) {
    if (graph.alive[v] === 0 || (pL[v] as number) < minProbability || (pL[v] as number) === 0) continue;
    const node = affected(projection, v, pL, pC, arrival.hours);
    if (projection.isA(v, 'Service')) {
      const people = projection.columns.peopleServed[v] as number;
      const expectedPeople = Number.isFinite(people) ? node.probability * people : 0;
      peopleAffected += expectedPeople;
      expectedImpact += node.probability * serviceWeight(projection, v);
      services.push({ ...node, criticality: finiteOrNull(projection.columns.criticality[v] as number), peopleServed: finiteOrNull(people), expectedPeople });
      continue;
    }
    if (projection.isA(v, 'Facility')) facilities.push(node);
    assetsAffected++;
    const domain = node.domain ?? 'unknown';
    assetsByDomain[domain] = (assetsByDomain[domain] ?? 0) + 1;
  }
  return {
    sources: [...ids],
    services: services.sort(byProbability),
    facilities: facilities.sort(byProbability),
    assetsByDomain: Object.fromEntries(Object.entries(assetsByDomain).sort(([a], [b]) => (a < b ? -1 : 1))),
    assetsAffected,
    peopleAffected,
    expectedImpact,
  };
}
