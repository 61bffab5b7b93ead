/**
 * Operational impact of a set of actions, computed by the risk engine
 * (DESIGN.md §5 "Impact", §7). An action changes the harm graph and the
 * evidence, then risk is propagated again:
 *
 *   cut edges   → the target's arcs of those kinds carry no compromise (tC = 0); loss of
 *                 availability still travels them, since a cut link takes service away too
 *   harmFactor  → evidence on the target × factor (every channel)
 *   availabilityLoss → availability evidence on the target (the action's own cost)
 *
 * Expected impact E = Σ over services P(loss of availability) × criticality
 * × people served. Impact avoided minus impact caused = E(before) − E(after).
 */
import type { Projection } from '../graph/projection/index.js';
import { buildHarmGraph, propagateRisk, type Evidence, type HarmGraph, type RiskMap } from '../risk/index.js';
import type { Candidate } from './response-action.js';

export interface ImpactSummary {
  /** Σ services P(loss) × weight. */
  readonly impact: number;
  /** Σ services P(compromise) × weight: the attacker's reach into services. */
  readonly compromiseImpact: number;
  /** Mean over critical services (criticality ≥ 4) of 1 − P(loss of availability). */
  readonly criticalAvailability: number;
  /** Σ over every asset of P(compromise): the attacker's foothold. */
  readonly compromiseMass: number;
  /** P(loss of availability) per critical service id. */
  readonly criticalLoss: ReadonlyMap<string, number>;
  /** P(loss of availability) per service id (every service). */
  readonly serviceLoss: ReadonlyMap<string, number>;
}

export interface ImpactModel {
  readonly projection: Projection;
  readonly evidence: readonly Evidence[];
  readonly base: ImpactSummary;
  /** Impact with these actions applied together. */
  evaluate(candidates: readonly Candidate[]): ImpactSummary;
  /** Risk map with these actions applied (for explanations). */
  risk(candidates: readonly Candidate[]): RiskMap;
}

interface ServiceRow {
  readonly node: number;
  readonly id: string;
  readonly weight: number;
  readonly critical: boolean;
  readonly kind: string;
}

function serviceRows(projection: Projection): ServiceRow[] {
  const rows: ServiceRow[] = [];
  for (let v = 0; v < projection.nodeCount; v++) {
    if (!projection.isAlive(v) || !projection.isA(v, 'Service')) continue;
    const c = projection.columns.criticality[v] as number;
    const people = projection.columns.peopleServed[v] as number;
    const criticality = Number.isFinite(c) ? c : 1;
    rows.push({ node: v, id: projection.nodeId(v), weight: criticality * (Number.isFinite(people) ? people : 1), critical: criticality >= 4, kind: projection.nodeKind(v) });
  }
  return rows;
}

function summarise(rows: readonly ServiceRow[], risk: RiskMap): ImpactSummary {
  let impact = 0;
  let compromiseImpact = 0;
  let up = 0;
  let critical = 0;
  const criticalLoss = new Map<string, number>();
  const serviceLoss = new Map<string, number>();
  for (const row of rows) {
    const loss = risk.availability[row.node] as number;
    impact += loss * row.weight;
    compromiseImpact += (risk.compromise[row.node] as number) * row.weight;
    serviceLoss.set(row.id, loss);
    if (!row.critical) continue;
    critical++;
    up += 1 - loss;
    criticalLoss.set(row.id, loss);
  }
  let compromiseMass = 0;
  for (let v = 0; v < risk.compromise.length; v++) compromiseMass += risk.compromise[v] as number;
  return { impact, compromiseImpact, compromiseMass, criticalAvailability: critical === 0 ? 1 : up / critical, criticalLoss, serviceLoss };
}

/** A copy of the harm graph with the arcs of `kinds` at `nodes` carrying nothing. */
function cutArcs(graph: HarmGraph, projection: Projection, cuts: readonly { node: number; kinds: readonly string[] }[]): HarmGraph {
  if (cuts.every((c) => c.kinds.length === 0)) return graph;
  const tC = graph.tC.slice();
  const packed = graph.arcPacked.slice();
  const byNode = new Map<number, Set<number>>();
  for (const cut of cuts) {
    const set = byNode.get(cut.node) ?? new Set<number>();
    for (const kind of cut.kinds) set.add(projection.edgeKindCode(kind));
    byNode.set(cut.node, set);
  }
  for (let a = 0; a < graph.arcCount; a++) {
    const kind = graph.arcKind[a] as number;
    const hit = byNode.get(graph.arcFrom[a] as number)?.has(kind) === true || byNode.get(graph.arcTo[a] as number)?.has(kind) === true;
    if (!hit) continue;
    tC[a] = 0;
    packed[4 * a] = 0;
  }
  return { ...graph, tC, arcPacked: packed };
}

function applyEvidence(evidence: readonly Evidence[], candidates: readonly Candidate[]): Evidence[] {
  const factor = new Map<string, number>();
  const loss = new Map<string, number>();
  for (const c of candidates) {
    factor.set(c.target, Math.min(factor.get(c.target) ?? 1, c.action.effect.harmFactor));
    if (c.action.effect.availabilityLoss > 0) loss.set(c.target, 1 - (1 - (loss.get(c.target) ?? 0)) * (1 - c.action.effect.availabilityLoss));
  }
  const out: Evidence[] = evidence.map((e) => {
    const f = factor.get(e.node);
    if (f === undefined) return e;
    const p = e.confirmed === true ? 1 : (e.probability ?? 1);
    return { node: e.node, channel: e.channel ?? 'compromise', probability: p * f };
  });
  for (const [node, probability] of loss) out.push({ node, channel: 'availability', probability });
  return out;
}

/** Builds the impact model for one incident's evidence over the projection. */
export function createImpactModel(options: { readonly projection: Projection; readonly evidence: readonly Evidence[]; readonly harmGraph?: HarmGraph }): ImpactModel {
  const { projection, evidence } = options;
  const graph = options.harmGraph ?? buildHarmGraph(projection);
  const rows = serviceRows(projection);
  const risk = (candidates: readonly Candidate[]): RiskMap => {
    const cuts = candidates.map((c) => ({ node: projection.nodeIndex(c.target), kinds: c.action.effect.cutEdges }));
    return propagateRisk(projection, applyEvidence(evidence, candidates), { harmGraph: cutArcs(graph, projection, cuts) });
  };
  return {
    projection,
    evidence,
    base: summarise(rows, risk([])),
    evaluate: (candidates) => summarise(rows, risk(candidates)),
    risk,
  };
}
