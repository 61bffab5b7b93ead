/**
 * Operational impact of a set of actions, computed by the risk engine
 * (DESIGN.md §5 "Impact", §7). An action changes the harm graph and the
 * evidence, then risk is propagated again:
 *
 *   cut edges   → the target's arcs of those kinds carry no compromise (tC × cutResidual,
 *                 default 0: a filter lets some attack traffic through); loss of
 *                 availability still travels them, since a cut link takes service away too
 *   decouple    → the target's arcs of those kinds carry no compromise and only
 *                 `decoupledResidual` of availability/visibility: the dependents run without
 *                 the target (by hand, from another source), which fails that often
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

interface ArcEdit {
  readonly node: number;
  /** Compromise arcs cut (tC × cutResidual). */
  readonly cut: readonly string[];
  readonly cutResidual: number;
  /** Arcs decoupled: tC = 0, tA and tV × residual. */
  readonly decouple: readonly string[];
  readonly residual: number;
}

/** node → edge kind code → residual (the smallest when several actions edit the same arcs). */
function residualsByNode(projection: Projection, edits: readonly ArcEdit[], pick: (e: ArcEdit) => { kinds: readonly string[]; residual: number }): Map<number, Map<number, number>> {
  const byNode = new Map<number, Map<number, number>>();
  for (const edit of edits) {
    const { kinds, residual } = pick(edit);
    if (kinds.length === 0) continue;
    const entry = byNode.get(edit.node) ?? new Map<number, number>();
    for (const kind of kinds) {
      const code = projection.edgeKindCode(kind);
      entry.set(code, Math.min(entry.get(code) ?? 1, residual));
    }
    byNode.set(edit.node, entry);
  }
  return byNode;
}

/**
 * A copy of the harm graph with the actions' arc edits: cut arcs carry no
 * compromise, or `cutResidual` of it for a partial cut such as a traffic
 * filter (a cut link still takes service away); decoupled arcs carry no
 * compromise and only `residual` of availability and visibility (the
 * dependents run without the target, and the alternative fails that often).
 */
function editArcs(graph: HarmGraph, projection: Projection, edits: readonly ArcEdit[]): HarmGraph {
  if (edits.every((e) => e.cut.length === 0 && e.decouple.length === 0)) return graph;
  const cut = residualsByNode(projection, edits, (e) => ({ kinds: e.cut, residual: e.cutResidual }));
  const decoupled = residualsByNode(projection, edits, (e) => ({ kinds: e.decouple, residual: e.residual }));
  const tC = graph.tC.slice();
  const tA = graph.tA.slice();
  const tV = graph.tV.slice();
  const packed = graph.arcPacked.slice();
  const at = (byNode: typeof cut, node: number, kind: number): number | undefined => byNode.get(node)?.get(kind);
  for (let a = 0; a < graph.arcCount; a++) {
    const kind = graph.arcKind[a] as number;
    const from = graph.arcFrom[a] as number;
    const to = graph.arcTo[a] as number;
    const d = at(decoupled, from, kind) ?? at(decoupled, to, kind);
    const c = at(cut, from, kind) ?? at(cut, to, kind);
    if (d === undefined && c === undefined) continue;
    tC[a] = d !== undefined || c === undefined ? 0 : (tC[a] as number) * c;
    packed[4 * a] = tC[a] as number;
    if (d === undefined) continue;
    tA[a] = (tA[a] as number) * d;
    tV[a] = (tV[a] as number) * d;
    packed[4 * a + 1] = tA[a] as number;
    packed[4 * a + 2] = tV[a] as number;
  }
  return { ...graph, tC, tA, tV, arcPacked: packed };
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
    const edits = candidates.map((c): ArcEdit => ({
      node: projection.nodeIndex(c.target),
      cut: c.action.effect.cutEdges,
      cutResidual: c.action.effect.cutResidual ?? 0,
      decouple: c.action.effect.decoupleEdges ?? [],
      residual: c.action.effect.decoupledResidual ?? 0,
    }));
    return propagateRisk(projection, applyEvidence(evidence, candidates), { harmGraph: editArcs(graph, projection, edits) });
  };
  return {
    projection,
    evidence,
    base: summarise(rows, risk([])),
    evaluate: (candidates) => summarise(rows, risk(candidates)),
    risk,
  };
}
