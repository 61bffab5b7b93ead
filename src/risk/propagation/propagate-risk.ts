import type { Projection } from '../../graph/projection/index.js';
import { buildHarmGraph, type BuildHarmGraphOptions } from '../harm-graph/build-harm-graph.js';
import type { Channel, HarmGraph } from '../harm-graph/harm-graph.js';
import type { ChannelArrays } from './evaluate-node.js';
import { Propagator, type FixedPointOptions, type FixedPointReport } from './propagator.js';
import { DEFAULT_EXPOSURE, fillPriors, resolveEvidence, type Evidence } from './priors.js';

export interface PropagateOptions extends FixedPointOptions, BuildHarmGraphOptions {
  /** γ: background compromise prior per unit of susceptibility (default 0.01; 0 = evidence only). */
  readonly exposure?: number;
  /** Reuse a harm graph built from the same projection version. */
  readonly harmGraph?: HarmGraph;
}

/** Risk of every node on the three nested channels, indexed by projection node index. */
export interface RiskMap {
  readonly graph: HarmGraph;
  /** P(compromised). */
  readonly compromise: Float64Array;
  /** P(loss of availability), compromise included (a held asset cannot be relied on). */
  readonly availability: Float64Array;
  /** P(loss of visibility), loss of availability included (a lost or held asset cannot be observed truthfully). */
  readonly visibility: Float64Array;
  /** The independent prior events used (evidence and exposure), per channel. */
  readonly priors: { readonly compromise: Float64Array; readonly availability: Float64Array; readonly visibility: Float64Array };
  readonly report: FixedPointReport;
  /** Probability of one node on one channel; -1 for an unknown id. */
  probability(id: string, channel: Channel): number;
}

/** The risk map of a propagator's results (or of any graph and channel arrays, e.g. a what-if reference's copies). */
export function riskMapOf(projection: Projection, propagator: { readonly graph: HarmGraph; readonly p: ChannelArrays }, report: FixedPointReport): RiskMap {
  const { pC, pL, pD } = propagator.p;
  const arrays: Readonly<Record<Channel, Float64Array>> = { compromise: pC, availability: pL, visibility: pD };
  return {
    graph: propagator.graph,
    compromise: pC,
    availability: pL,
    visibility: pD,
    priors: { compromise: propagator.p.priorC, availability: propagator.p.priorA, visibility: propagator.p.priorV },
    report,
    probability(id, channel) {
      const v = projection.nodeIndex(id);
      return v === -1 ? -1 : (arrays[channel][v] as number);
    },
  };
}

/**
 * Propagates risk from evidence over the projection (DESIGN.md §5): priors
 * from evidence and exposure, per-edge-kind transmission refined by the
 * target's susceptibility, noisy-OR over OR dependencies, Poisson-binomial
 * k-of-n redundancy groups, monotone fixed point on cycles. Exact on trees
 * and on DAGs without shared ancestors; an upper bound elsewhere when no
 * redundancy group is involved (README "Exactness").
 */
export function propagateRisk(projection: Projection, evidence: readonly Evidence[], options: PropagateOptions = {}): RiskMap {
  const resolved = resolveEvidence(projection, evidence);
  const graph = options.harmGraph ?? buildHarmGraph(projection, options);
  const propagator = new Propagator(graph, options);
  fillPriors(graph, propagator.p, resolved, options.exposure ?? DEFAULT_EXPOSURE);
  const report = propagator.recomputeAll();
  return riskMapOf(projection, propagator, report);
}
