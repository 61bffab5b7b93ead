import type { HarmGraph } from '../harm-graph/harm-graph.js';

/**
 * Per-node probabilities on the three nested channels (README "Channels"),
 * indexed by projection node: pC = P(compromised), pL = P(function lost:
 * compromised or unavailable), pD = P(degraded: function lost or not
 * observable); priorC/A/V are the independent evidence events of each node.
 * The priors are the propagator's input and pC/pL/pD its output; the
 * per-arc messages live inside the propagator in its own numbering
 * (`Propagator.message`).
 */
export interface ChannelArrays {
  readonly priorC: Float64Array;
  readonly priorA: Float64Array;
  readonly priorV: Float64Array;
  readonly pC: Float64Array;
  readonly pL: Float64Array;
  readonly pD: Float64Array;
}

export function allocateChannels(graph: HarmGraph): ChannelArrays {
  const n = graph.nodeCount;
  return {
    priorC: new Float64Array(n),
    priorA: new Float64Array(n),
    priorV: new Float64Array(n),
    pC: new Float64Array(n),
    pL: new Float64Array(n),
    pD: new Float64Array(n),
  };
}

/**
 * What-if switches of one propagator, in external numbering (choke points).
 * The propagator reads them for every node in `recomputeAll` and for the
 * changed nodes (and their child arcs) in `settle` / `recomputeRegion`, so a
 * caller flips a flag and passes the node (or the arc's source) as changed.
 */
export interface EvaluationScratch {
  /** 1 = node protected (held at 0); may be empty. */
  protectedNodes: Uint8Array;
  /** 1 = harm arc cut; may be empty. */
  cutArcs: Uint8Array;
}

export function createScratch(): EvaluationScratch {
  return { protectedNodes: new Uint8Array(0), cutArcs: new Uint8Array(0) };
}

/**
 * Poisson-binomial tail: P(fewer than k of `count` members survive) when
 * member i is lost independently with probability lost[i]. dp[s] = P(s
 * survivors so far), s capped at k (absorbing). O(count · k).
 */
export function groupFailure(lost: Float64Array, count: number, k: number, dp: Float64Array): number {
  if (k <= 0) return 0;
  if (k > count) return 1;
  dp.fill(0, 0, k + 1);
  dp[0] = 1;
  for (let i = 0; i < count; i++) {
    const q = lost[i] as number;
    const survive = 1 - q;
    dp[k] = (dp[k] as number) + (dp[k - 1] as number) * survive;
    for (let s = Math.min(i + 1, k - 1); s >= 1; s--) dp[s] = (dp[s] as number) * q + (dp[s - 1] as number) * survive;
    dp[0] = (dp[0] as number) * q;
  }
  return 1 - (dp[k] as number);
}

/**
 * A node's probability on one channel without the twin arc's message `hit`
 * (the cavity of non-backtracking messages, README "Propagation"):
 * 1 − min(1, (1 − p)/(1 − hit)) with `miss` = 1 − p; p itself when the twin
 * sends nothing, 0 when the twin alone explains the node.
 */
export function cavity(p: number, miss: number, hit: number): number {
  if (!(hit > 0)) return p;
  const rest = 1 - hit;
  if (!(rest > 1e-12)) return 0;
  const q = miss / rest;
  return 1 - (q < 1 ? q : 1);
}
