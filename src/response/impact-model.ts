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
 *   reroute     → the feeders behind the target (reroute-power.ts) are fed
 *                 through a tie from an alternative feeder: their own supply arcs
 *                 (breaker, substation) carry no loss, and each gets availability
 *                 evidence 1 − (1 − switchFailure)(1 − P(loss of the alternative)),
 *                 the alternative's loss as the risk engine gives it under the
 *                 incident without actions
 *
 * Expected impact E = Σ over services P(loss of availability) × criticality
 * × people served. Impact avoided minus impact caused = E(before) − E(after).
 */
import type { Projection } from '../graph/projection/index.js';
import {
  buildHarmGraph, propagateRisk, propagateWhatIf, referenceRisk, whatIfReference, WhatIfPropagator,
  type ArcTransmission, type Evidence, type HarmGraph, type RiskMap, type WhatIfReference,
} from '../risk/index.js';
import type { Candidate } from './response-action.js';
import { planReroute, type PowerMove } from './reroute-power.js';

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
  /**
   * The feeders a re-routing candidate moves and their alternatives; [] when
   * the candidate does not re-route or no energised alternative exists (its
   * precondition fails).
   */
  moves(candidate: Candidate): readonly PowerMove[];
}

interface ServiceRow {
  readonly node: number;
  readonly id: string;
  readonly weight: number;
  readonly critical: boolean;
  readonly kind: string;
}

// Service rows depend only on the projection's nodes: one scan per projection version, not per model.
const rowCache = new WeakMap<Projection, { readonly version: number; readonly rows: readonly ServiceRow[] }>();

function serviceRows(projection: Projection): readonly ServiceRow[] {
  const known = rowCache.get(projection);
  if (known !== undefined && known.version === projection.version) return known.rows;
  const rows = scanServices(projection);
  rowCache.set(projection, { version: projection.version, rows });
  return rows;
}

function scanServices(projection: Projection): ServiceRow[] {
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
 * The arcs the actions' edits and re-routes change, with their new values (read from the unedited
 * graph, so an arc reached from both ends gets the same values). Cut arcs carry no compromise, or
 * `cutResidual` of it for a partial cut such as a traffic filter (a cut link still takes service
 * away); decoupled arcs carry no compromise and only `residual` of availability and visibility (the
 * dependents run without the target, and the alternative fails that often). A re-routed feeder is
 * fed through the tie from the alternative, not from its own breaker and substation: its supply arcs
 * (`dependsOn`, `poweredBy` into the feeder) carry no availability or visibility loss, and the feeder
 * gets availability evidence instead (`rerouteEvidence`): one event per feeder, so every dependent
 * shares it. Scoring passes them to `WhatIfPropagator`; `risk` applies them to a copy of the graph
 * (`withTransmissions`), so both propagate on the same transmissions (tested bit for bit).
 */
function arcOverrides(graph: HarmGraph, projection: Projection, edits: readonly ArcEdit[], reroutes: readonly Reroute[]): ArcTransmission[] {
  const out = new Map<number, { tC: number; tA: number; tV: number }>();
  if (!edits.every((e) => e.cut.length === 0 && e.decouple.length === 0)) {
    const cut = residualsByNode(projection, edits, (e) => ({ kinds: e.cut, residual: e.cutResidual }));
    const decoupled = residualsByNode(projection, edits, (e) => ({ kinds: e.decouple, residual: e.residual }));
    const at = (byNode: typeof cut, node: number, kind: number): number | undefined => byNode.get(node)?.get(kind);
    const edit = (a: number): void => {
      const kind = graph.arcKind[a] as number;
      const d = at(decoupled, graph.arcFrom[a] as number, kind) ?? at(decoupled, graph.arcTo[a] as number, kind);
      const c = at(cut, graph.arcFrom[a] as number, kind) ?? at(cut, graph.arcTo[a] as number, kind);
      if (d === undefined && c === undefined) return;
      const tC = d !== undefined || c === undefined ? 0 : (graph.tC[a] as number) * c;
      out.set(a, d === undefined ? { tC, tA: graph.tA[a] as number, tV: graph.tV[a] as number } : { tC, tA: (graph.tA[a] as number) * d, tV: (graph.tV[a] as number) * d });
    };
    for (const node of new Set([...cut.keys(), ...decoupled.keys()])) {
      if (node < 0 || node >= graph.nodeCount) continue;
      for (let a = graph.inOffsets[node] as number; a < (graph.inOffsets[node + 1] as number); a++) edit(a);
      for (let j = graph.outOffsets[node] as number; j < (graph.outOffsets[node + 1] as number); j++) edit(graph.outArcs[j] as number);
    }
  }
  if (reroutes.length > 0) {
    const supply = new Set([projection.edgeKindCode('poweredBy'), projection.edgeKindCode('dependsOn')]);
    // Arcs are numbered in target order: the arcs into a feeder are its parent row.
    for (const feeder of firstLoss(reroutes).keys()) {
      if (!(feeder >= 0 && feeder < graph.nodeCount)) continue;
      for (let a = graph.inOffsets[feeder] as number; a < (graph.inOffsets[feeder + 1] as number); a++) {
        if (supply.has(graph.arcKind[a] as number)) out.set(a, { tC: out.get(a)?.tC ?? (graph.tC[a] as number), tA: 0, tV: 0 });
      }
    }
  }
  return [...out].map(([arc, t]) => ({ arc, ...t }));
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

/** A feeder whose dependents move, the alternative's P(loss) and the switching failure share. */
interface Reroute {
  readonly feeder: number;
  readonly loss: number;
}

/** A copy of the harm graph with these arcs' transmissions (`arcOverrides`): the edited graph `risk` propagates on. */
function withTransmissions(graph: HarmGraph, arcs: readonly ArcTransmission[]): HarmGraph {
  const tC = graph.tC.slice();
  const tA = graph.tA.slice();
  const tV = graph.tV.slice();
  const packed = graph.arcPacked.slice();
  for (const t of arcs) {
    tC[t.arc] = packed[4 * t.arc] = t.tC;
    tA[t.arc] = packed[4 * t.arc + 1] = t.tA;
    tV[t.arc] = packed[4 * t.arc + 2] = t.tV;
  }
  return { ...graph, tC, tA, tV, arcPacked: packed };
}

/** The first move of each feeder wins. */
function firstLoss(reroutes: readonly Reroute[]): Map<number, number> {
  const loss = new Map<number, number>();
  for (const r of reroutes) if (!loss.has(r.feeder)) loss.set(r.feeder, r.loss);
  return loss;
}

/** Availability evidence of the re-routed feeders (see `arcOverrides`): the first move of a feeder wins. */
function rerouteEvidence(projection: Projection, reroutes: readonly Reroute[]): Evidence[] {
  return [...firstLoss(reroutes)].map(([feeder, p]) => ({ node: projection.nodeId(feeder), channel: 'availability', probability: Math.min(1, Math.max(0, p)) }));
}

/** Bytes the edited graphs of one base graph may hold (each copies tC, tA, tV and the packed arcs). */
const EDITED_BYTES = 64 * 1024 * 1024;
const EDITED_MAX = 1024;
const editedCache = new WeakMap<HarmGraph, Map<string, HarmGraph>>();

/**
 * The harm graph with these arc edits and re-routed feeders, shared by every
 * model on the same base graph (the incident's model and the quiet city's ask
 * for the same single actions, and an incident's growing decisions for the
 * same sets): the risk engine caches its kernel layout per graph object, so a
 * shared graph is laid out once. The graph is a function of the edits as a
 * set (residuals combine by min, each arc is edited from the unedited graph)
 * and of the re-routed feeders (their losses are evidence, not arcs), hence
 * the sorted signature; `build` makes it on a miss.
 */
function editedGraph(graph: HarmGraph, edits: readonly ArcEdit[], reroutes: readonly Reroute[], build: () => HarmGraph): HarmGraph {
  const parts = edits.filter((e) => e.cut.length > 0 || e.decouple.length > 0).map((e) => `${e.node}|${e.cut.join(',')}|${e.cutResidual}|${e.decouple.join(',')}|${e.residual}`);
  if (parts.length === 0 && reroutes.length === 0) return graph;
  const feeders = [...new Set(reroutes.map((r) => r.feeder))].sort((a, b) => a - b);
  const key = `${parts.sort().join(';')}#${feeders.join(',')}`;
  const limit = Math.min(EDITED_MAX, Math.floor(EDITED_BYTES / (graph.arcCount * 56 + 1)));
  if (limit === 0) return build();
  const known = editedCache.get(graph) ?? new Map<string, HarmGraph>();
  editedCache.set(graph, known);
  const hit = known.get(key);
  if (hit !== undefined) return hit;
  const built = build();
  if (known.size >= limit) known.delete(known.keys().next().value as string);
  known.set(key, built);
  return built;
}

// One what-if propagator per base graph, shared by its models: candidates are scored one at a time.
const whatIfs = new WeakMap<HarmGraph, WhatIfPropagator>();

function whatIfPropagator(graph: HarmGraph): WhatIfPropagator {
  const known = whatIfs.get(graph);
  if (known !== undefined) return known;
  const made = new WhatIfPropagator(graph);
  whatIfs.set(graph, made);
  return made;
}

/**
 * The latest reference pass of each propagator: the next model's reference is computed from it
 * (`whatIfReference` with `previous`, the same bits as a full pass), since consecutive decisions of
 * the live loop differ by a device or two of evidence.
 */
const lastReferences = new WeakMap<WhatIfPropagator, WhatIfReference>();

function referenceFor(projection: Projection, propagator: WhatIfPropagator, evidence: readonly Evidence[]): WhatIfReference {
  const reference = whatIfReference(projection, propagator, evidence, undefined, lastReferences.get(propagator));
  lastReferences.set(propagator, reference);
  return reference;
}

/** Builds the impact model for one incident's evidence over the projection. */
export function createImpactModel(options: { readonly projection: Projection; readonly evidence: readonly Evidence[]; readonly harmGraph?: HarmGraph }): ImpactModel {
  const { projection, evidence } = options;
  const graph = options.harmGraph ?? buildHarmGraph(projection);
  const rows = serviceRows(projection);
  const editsOf = (candidates: readonly Candidate[]): ArcEdit[] =>
    candidates.map((c): ArcEdit => ({
      node: projection.nodeIndex(c.target),
      cut: c.action.effect.cutEdges,
      cutResidual: c.action.effect.cutResidual ?? 0,
      decouple: c.action.effect.decoupleEdges ?? [],
      residual: c.action.effect.decoupledResidual ?? 0,
    }));
  const evidenceOf = (candidates: readonly Candidate[], reroutes: readonly Reroute[]): Evidence[] => [...applyEvidence(evidence, candidates), ...rerouteEvidence(projection, reroutes)];
  const propagate = (candidates: readonly Candidate[], reroutes: readonly Reroute[]): RiskMap => {
    const edits = editsOf(candidates);
    const edited = editedGraph(graph, edits, reroutes, () => withTransmissions(graph, arcOverrides(graph, projection, edits, reroutes)));
    return propagateRisk(projection, evidenceOf(candidates, reroutes), { harmGraph: edited });
  };
  // The incident without actions: the what-if reference, whose risk map equals `propagate([], [])` bit for bit.
  const reference = referenceFor(projection, whatIfPropagator(graph), evidence);
  const baseRisk = referenceRisk(projection, reference);
  const planned = new Map<string, readonly PowerMove[]>();
  const moves = (c: Candidate): readonly PowerMove[] => {
    if (c.action.effect.reroute === undefined) return [];
    const cached = planned.get(c.key);
    if (cached !== undefined) return cached;
    const target = projection.nodeIndex(c.target);
    const plan = target === -1 ? [] : planReroute(projection, baseRisk.availability, target);
    planned.set(c.key, plan);
    return plan;
  };
  const reroutesOf = (candidates: readonly Candidate[]): Reroute[] =>
    candidates.flatMap((c) => {
      const failure = c.action.effect.reroute?.switchFailure ?? 0;
      return moves(c).map((m) => ({ feeder: m.feeder, loss: 1 - (1 - failure) * (1 - (baseRisk.availability[m.alternative] as number)) }));
    });
  const risk = (candidates: readonly Candidate[]): RiskMap => (candidates.length === 0 ? baseRisk : propagate(candidates, reroutesOf(candidates)));
  // Scoring: the same propagation on the base graph's layout with the edited arcs overridden (no graph copy),
  // re-evaluating only what differs from the incident without actions (the reference), read at once.
  const score = (candidates: readonly Candidate[]): ImpactSummary => {
    const propagator = whatIfPropagator(graph);
    const reroutes = reroutesOf(candidates);
    const arcs = arcOverrides(graph, projection, editsOf(candidates), reroutes);
    return summarise(rows, propagateWhatIf(projection, propagator, evidenceOf(candidates, reroutes), arcs, { reference }));
  };
  const base = summarise(rows, baseRisk);
  return { projection, evidence, base, evaluate: memoised(base, score), risk, moves };
}

/** Bound on remembered action sets per model (a quiet-city model lives as long as its graph version). */
const MEMO_LIMIT = 4096;

/**
 * The order a set is remembered and computed in: by candidate key, unless an action re-routes
 * (the first move of a feeder wins, so order matters there). Without re-routes the result does
 * not depend on the order, bit for bit: evidence keeps the incident's order and adds one
 * availability item per target, arc edits combine by min and each arc is edited once, and the
 * override rows only change places in the table (tested). The joint search asks for the same set
 * in another order (its two seeds).
 */
function setOrder(candidates: readonly Candidate[]): readonly Candidate[] {
  if (candidates.length < 2 || candidates.some((c) => c.action.effect.reroute !== undefined)) return candidates;
  return [...candidates].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * `evaluate` remembering its answers per action set: the selector asks
 * for the same set more than once (a cap check and the objective of one move,
 * each candidate alone for the search and again in the joint step), and the
 * quiet-city model is asked for the same single actions by every decision on
 * one graph version. Propagation is deterministic, so a remembered summary is
 * the one a fresh propagation gives; a hit needs the same action objects on
 * the same targets in the same order (`setOrder`; a reloaded catalogue is new objects).
 */
function memoised(base: ImpactSummary, compute: (candidates: readonly Candidate[]) => ImpactSummary): (candidates: readonly Candidate[]) => ImpactSummary {
  const memo = new Map<string, { readonly candidates: readonly Candidate[]; readonly summary: ImpactSummary }>();
  const same = (a: readonly Candidate[], b: readonly Candidate[]): boolean => a.length === b.length && a.every((c, i) => c.action === b[i]?.action && c.target === b[i]?.target);
  return (asked) => {
    if (asked.length === 0) return base;
    const candidates = setOrder(asked);
    const key = candidates.map((c) => c.key).join('\n');
    const known = memo.get(key);
    if (known !== undefined && same(known.candidates, candidates)) return known.summary;
    const summary = compute(candidates);
    if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value as string);
    memo.set(key, { candidates: candidates.map((c) => ({ key: c.key, action: c.action, target: c.target, ruleIds: [] })), summary });
    return summary;
  };
}
