import type { Projection } from '../graph/projection/index.js';
import { failureSweep, type FailureSweepOptions, type SweepRow } from './cascade/failure-sweep.js';
import { simulateCascade, type CascadeResult, type CascadeScenario } from './cascade/simulate-cascade.js';
import { buildHarmGraph, type BuildHarmGraphOptions } from './harm-graph/build-harm-graph.js';
import type { Channel, HarmGraph } from './harm-graph/harm-graph.js';
import { blastRadius, type BlastRadius, type BlastRadiusOptions } from './impact/blast-radius.js';
import { chokePoints, type ChokePointOptions, type ChokePoints } from './impact/choke-points.js';
import { findPaths, type PathPage, type PathQuery } from './paths/find-paths.js';
import { riskMapOf, type RiskMap } from './propagation/propagate-risk.js';
import { Propagator, type FixedPointOptions, type FixedPointReport } from './propagation/propagator.js';
import { DEFAULT_EXPOSURE, fillPriors, priorArray, resolveEvidence, type Evidence, type ResolvedEvidence } from './propagation/priors.js';
import { riskGraph, type RiskGraph, type RiskGraphQuery } from './risk-graph.js';

export interface RiskEngineOptions extends FixedPointOptions, BuildHarmGraphOptions {
  /** γ of the exposure prior (default 0.01; 0 = evidence only). */
  readonly exposure?: number;
  /**
   * Recompute the region reachable from withdrawn evidence from scratch instead
   * of settling from the current values (default false; README "Incremental").
   */
  readonly exactFalls?: boolean;
}

/** The risk service the demo, the policy engine and GraphQL call (DESIGN.md §5, §9). */
export interface RiskEngine {
  readonly projection: Projection;
  /** The harm graph for the projection's current version (rebuilt when the projection moved). */
  harmGraph(): HarmGraph;
  /** Replaces the evidence and recomputes everything. */
  propagate(evidence?: readonly Evidence[]): RiskMap;
  /**
   * Sets the probability of single evidence items (0 clears one) and
   * recomputes only what moves: the worklist starts at the changed nodes and
   * stops where messages move by no more than the tolerance.
   */
  updateEvidence(changes: readonly Evidence[]): RiskMap;
  /**
   * The current risk (propagating the current evidence first if needed). The
   * arrays of a RiskMap from the engine are live: the next `propagate` or
   * `updateEvidence` overwrites them; copy them to keep a snapshot.
   */
  risk(): RiskMap;
  paths(query: PathQuery): PathPage;
  blastRadius(ids: readonly string[], options?: BlastRadiusOptions): BlastRadius;
  chokePoints(options?: ChokePointOptions): ChokePoints;
  simulate(scenario: CascadeScenario): CascadeResult;
  failureSweep(options?: FailureSweepOptions): SweepRow[];
  riskGraph(query: RiskGraphQuery): RiskGraph;
}

const keyOf = (item: ResolvedEvidence): string => `${item.node}|${item.channel}`;

/**
 * Creates the risk engine over a projection. It keeps the harm graph, the
 * current evidence and the propagated risk, and refreshes the harm graph
 * when the projection's version or generation moves (topology or property
 * changes); evidence changes alone recompute incrementally.
 */
export function createRiskEngine(projection: Projection, options: RiskEngineOptions = {}): RiskEngine {
  const exposure = options.exposure ?? DEFAULT_EXPOSURE;
  let graph: HarmGraph | undefined;
  let propagator: Propagator | undefined;
  let current: RiskMap | undefined;
  const evidence = new Map<string, ResolvedEvidence>();

  const harmGraph = (): HarmGraph => {
    if (graph === undefined || graph.version !== projection.version || graph.generation !== projection.generation || graph.nodeCount !== projection.nodeCount) {
      graph = buildHarmGraph(projection, options);
      propagator = undefined;
      current = undefined;
    }
    return graph;
  };

  const full = (): RiskMap => {
    const g = harmGraph();
    // Reuse the typed arrays while the harm graph is the same (they are O(n + m) to allocate).
    propagator ??= new Propagator(g, options);
    fillPriors(g, propagator.p, [...evidence.values()], exposure);
    current = riskMapOf(projection, propagator, propagator.recomputeAll());
    return current;
  };

  const risk = (): RiskMap => {
    harmGraph();
    return current ?? full();
  };

  const updateEvidence = (changes: readonly Evidence[]): RiskMap => {
    const resolved = resolveEvidence(projection, changes);
    risk();
    const p = (propagator as Propagator).p;
    const g = harmGraph();
    const changed: number[] = [];
    let falls = false;
    for (const item of resolved) {
      evidence.set(keyOf(item), item);
      const prior = priorArray(p, item.channel);
      const base = item.channel === 'compromise' ? exposure * (g.susceptibility[item.node] as number) : 0;
      const next = 1 - (1 - base) * (1 - item.probability);
      if (next < (prior[item.node] as number)) falls = true;
      prior[item.node] = next;
      changed.push(item.node);
    }
    for (const item of resolved) if (item.probability === 0) evidence.delete(keyOf(item));
    const report: FixedPointReport = falls && options.exactFalls === true ? (propagator as Propagator).recomputeRegion(changed) : (propagator as Propagator).settle(changed);
    current = riskMapOf(projection, propagator as Propagator, report);
    return current;
  };

  return {
    projection,
    harmGraph,
    propagate(items = []) {
      evidence.clear();
      for (const item of resolveEvidence(projection, items)) {
        const known = evidence.get(keyOf(item));
        evidence.set(keyOf(item), known === undefined ? item : { ...item, probability: 1 - (1 - known.probability) * (1 - item.probability) });
      }
      return full();
    },
    updateEvidence,
    risk,
    paths: (query) => findPaths(projection, harmGraph(), query),
    blastRadius: (ids, blastOptions) => blastRadius(projection, harmGraph(), ids, blastOptions),
    chokePoints: (chokeOptions = {}) =>
      chokePoints(projection, harmGraph(), { exposure, evidence: [...evidence.values()].map(toEvidence(projection)), ...chokeOptions }),
    simulate: (scenario) => simulateCascade(projection, harmGraph(), scenario),
    failureSweep: (sweepOptions) => failureSweep(projection, harmGraph(), sweepOptions),
    riskGraph: (query) => riskGraph(projection, risk(), query),
  };
}

const toEvidence =
  (projection: Projection) =>
  (item: ResolvedEvidence): Evidence => ({ node: projection.nodeId(item.node), channel: item.channel as Channel, probability: item.probability });
