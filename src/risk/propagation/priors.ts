import { EngineError } from '../../core/index.js';
import type { Projection } from '../../graph/projection/index.js';
import type { Channel, HarmGraph } from '../harm-graph/harm-graph.js';
import type { ChannelArrays } from './evaluate-node.js';

/**
 * One piece of evidence about a node (DESIGN.md §5 priors): a calibrated
 * anomaly probability from scoring, or a confirmed incident (probability 1).
 * `channel` says what it is evidence of: `compromise` (default), loss of
 * `availability`, or loss of `visibility`.
 */
export interface Evidence {
  readonly node: string;
  readonly channel?: Channel;
  /** Calibrated probability in [0, 1]; ignored when `confirmed`. */
  readonly probability?: number;
  /** A confirmed incident on the node: prior 1. */
  readonly confirmed?: boolean;
}

/** Evidence resolved to node indexes. */
export interface ResolvedEvidence {
  readonly node: number;
  readonly channel: Channel;
  readonly probability: number;
}

/** Default γ: background compromise prior per unit of susceptibility (exposure). */
export const DEFAULT_EXPOSURE = 0.01;

/** Throws CG_NODE_NOT_FOUND naming every unknown id at once. */
export function resolveNodes(projection: Projection, ids: readonly string[]): number[] {
  const missing = ids.filter((id) => projection.nodeIndex(id) === -1);
  if (missing.length > 0) {
    throw new EngineError('CG_NODE_NOT_FOUND', `unknown node id${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`, {
      details: { ids: missing },
    });
  }
  return ids.map((id) => projection.nodeIndex(id));
}

/** Validates a probability-like number; `field` names it in the error. */
export function checkProbability(value: number, field: string): number {
  if (!(typeof value === 'number' && value >= 0 && value <= 1)) {
    throw new EngineError('CG_RISK_INVALID_PROBABILITY', `${field} must be a number in [0, 1], got ${String(value)}`, {
      details: { field, value },
    });
  }
  return value;
}

export function resolveEvidence(projection: Projection, evidence: readonly Evidence[]): ResolvedEvidence[] {
  const nodes = resolveNodes(projection, evidence.map((item) => item.node));
  return evidence.map((item, i) => ({
    node: nodes[i] as number,
    channel: item.channel ?? 'compromise',
    probability: item.confirmed === true ? 1 : checkProbability(item.probability ?? 1, `evidence[${i}].probability`),
  }));
}

/**
 * Fills the independent prior events of every node: exposure γ·s(v) on the
 * compromise channel for live nodes, combined by noisy-OR with the evidence
 * (several items on one node and channel combine the same way).
 */
export function fillPriors(graph: HarmGraph, p: ChannelArrays, evidence: readonly ResolvedEvidence[], exposure: number): void {
  const { susceptibility, alive } = graph;
  for (let v = 0; v < graph.nodeCount; v++) p.priorC[v] = alive[v] === 1 ? exposure * (susceptibility[v] as number) : 0;
  p.priorA.fill(0);
  p.priorV.fill(0);
  for (const item of evidence) addPrior(p, item);
}

const PRIOR_OF: Readonly<Record<Channel, 'priorC' | 'priorA' | 'priorV'>> = {
  compromise: 'priorC',
  availability: 'priorA',
  visibility: 'priorV',
};

export function addPrior(p: ChannelArrays, item: ResolvedEvidence): void {
  const prior = p[PRIOR_OF[item.channel]];
  prior[item.node] = 1 - (1 - (prior[item.node] as number)) * (1 - item.probability);
}

/** The prior array of a channel (for incremental updates). */
export function priorArray(p: ChannelArrays, channel: Channel): Float64Array {
  return p[PRIOR_OF[channel]];
}
