import { ARC_K_OF_N } from '../harm-graph/arc-rules.js';
import type { HarmGraph } from '../harm-graph/harm-graph.js';

/**
 * Per-node probabilities on the three nested channels (README "Channels"):
 * pC = P(compromised), pL = P(function lost: compromised or unavailable),
 * pD = P(degraded: function lost or not observable); priorC/A/V are the
 * independent evidence events of each node. `h` holds, per arc u → v, the
 * message "this arc hits v" on each channel, interleaved as
 * h[4a] = hC, h[4a+1] = hL, h[4a+2] = hD (one cache line per arc: message
 * updates walk arcs in source order, so separate arrays would cost three
 * cache misses per arc).
 */
export interface ChannelArrays {
  readonly priorC: Float64Array;
  readonly priorA: Float64Array;
  readonly priorV: Float64Array;
  readonly pC: Float64Array;
  readonly pL: Float64Array;
  readonly pD: Float64Array;
  readonly h: Float64Array;
}

export function allocateChannels(graph: HarmGraph): ChannelArrays {
  const n = graph.nodeCount;
  const m = graph.arcCount;
  return {
    priorC: new Float64Array(n),
    priorA: new Float64Array(n),
    priorV: new Float64Array(n),
    pC: new Float64Array(n),
    pL: new Float64Array(n),
    pD: new Float64Array(n),
    h: new Float64Array(4 * m),
  };
}

/** Scratch buffers of one propagator; sized once per harm graph. */
export interface EvaluationScratch {
  readonly memberL: Float64Array;
  readonly memberD: Float64Array;
  readonly tail: Float64Array;
  /** 1 = node protected (held at 0); may be empty. */
  protectedNodes: Uint8Array;
  /** 1 = arc cut; may be empty. */
  cutArcs: Uint8Array;
}

export function createScratch(graph: HarmGraph): EvaluationScratch {
  const size = graph.maxGroupSize + 2;
  return {
    memberL: new Float64Array(size),
    memberD: new Float64Array(size),
    tail: new Float64Array(size),
    protectedNodes: new Uint8Array(0),
    cutArcs: new Uint8Array(0),
  };
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
 * Recomputes node v from the messages on its parent arcs and returns the
 * largest change over the three channels: noisy-OR products of (1 − h) with
 * its priors; k-of-n member arcs go through `groupFailure` on the
 * availability and visibility channels.
 */
export function evaluateNode(graph: HarmGraph, p: ChannelArrays, scratch: EvaluationScratch, v: number): number {
  const { pC, pL, pD } = p;
  let missC = 1;
  let missL = 1;
  let missD = 1;
  if (scratch.protectedNodes.length === 0 || scratch.protectedNodes[v] === 0) {
    missC = 1 - (p.priorC[v] as number);
    missL = missC * (1 - (p.priorA[v] as number));
    missD = missL * (1 - (p.priorV[v] as number));
    const { arcFlags, inOffsets } = graph;
    const { h } = p;
    const end = inOffsets[v + 1] as number;
    let members = 0;
    for (let a = inOffsets[v] as number; a < end; a++) {
      const base = 4 * a;
      if ((arcFlags[a] as number) & ARC_K_OF_N) {
        scratch.memberL[members] = h[base + 1] as number;
        scratch.memberD[members] = h[base + 2] as number;
        members++;
        continue;
      }
      missC *= 1 - (h[base] as number);
      missL *= 1 - (h[base + 1] as number);
      missD *= 1 - (h[base + 2] as number);
    }
    if (members > 0) {
      const k = graph.groupRequired[v] as number;
      missL *= 1 - groupFailure(scratch.memberL, members, k, scratch.tail);
      missD *= 1 - groupFailure(scratch.memberD, members, k, scratch.tail);
    }
  }
  const c = 1 - missC;
  const l = 1 - missL;
  const d = 1 - missD;
  const change = Math.max(Math.abs(c - (pC[v] as number)), Math.abs(l - (pL[v] as number)), Math.abs(d - (pD[v] as number)));
  pC[v] = c;
  pL[v] = l;
  pD[v] = d;
  return change;
}

/** v's miss probability on one channel without the twin arc's message (cavity). */
function cavityMiss(pv: number, twinHit: number): number {
  const miss = 1 - pv;
  if (twinHit <= 0) return miss;
  const rest = 1 - twinHit;
  return rest > 1e-12 ? Math.min(1, miss / rest) : 1;
}

/**
 * Recomputes the messages on v's child arcs b = v → w and calls `changed(w)`
 * when one moved by more than `tolerance`. A message is the arc's hit on each
 * nested channel given v's state without w's own message back (non-backtracking):
 *   hC = tC·cC(v),  hL = tA·cL(v) + (1 − tA)·hC,  hD = tV·cD(v) + (1 − tV)·hL
 * which is exact for a parent with a known nested state (README "Channels").
 */
export function updateMessages(
  graph: HarmGraph,
  p: ChannelArrays,
  scratch: EvaluationScratch,
  v: number,
  tolerance: number,
  changed: (w: number) => void,
): void {
  const { outOffsets, outArcs, arcPacked } = graph;
  const { h } = p;
  const cut = scratch.cutArcs;
  const pc = p.pC[v] as number;
  const pl = p.pL[v] as number;
  const pd = p.pD[v] as number;
  for (let i = outOffsets[v] as number; i < (outOffsets[v + 1] as number); i++) {
    const b = outArcs[i] as number;
    const k = 4 * b;
    let c = pc;
    let l = pl;
    let d = pd;
    const twin = arcPacked[k + 3] as number;
    if (twin >= 0) {
      const t4 = 4 * twin;
      c = 1 - cavityMiss(pc, h[t4] as number);
      l = 1 - cavityMiss(pl, h[t4 + 1] as number);
      d = 1 - cavityMiss(pd, h[t4 + 2] as number);
    }
    const off = cut.length !== 0 && cut[b] === 1 ? 0 : 1;
    const nc = off * (arcPacked[k] as number) * c;
    const ta = arcPacked[k + 1] as number;
    const nl = off * (ta * l + (1 - ta) * nc);
    const tv = arcPacked[k + 2] as number;
    const nd = off * (tv * d + (1 - tv) * nl);
    const delta = Math.max(Math.abs(nc - (h[k] as number)), Math.abs(nl - (h[k + 1] as number)), Math.abs(nd - (h[k + 2] as number)));
    h[k] = nc;
    h[k + 1] = nl;
    h[k + 2] = nd;
    if (delta > tolerance) changed(graph.arcTo[b] as number);
  }
}
