import { invariant } from '../../core/index.js';
import { ARC_K_OF_N, CARRIES_AVAILABILITY, CARRIES_COMPROMISE, CARRIES_VISIBILITY } from '../harm-graph/arc-rules.js';
import type { HarmGraph } from '../harm-graph/harm-graph.js';

/** Exact channel probabilities per node from enumerating every world. */
export interface ExactRisk {
  readonly compromise: Float64Array;
  readonly availability: Float64Array;
  readonly visibility: Float64Array;
  /** Random variables enumerated (2^variables worlds). */
  readonly variables: number;
}

interface Variable {
  readonly p: number;
  /** Which boolean it sets: node prior (0 C, 1 A, 2 V) or arc channel (3 C, 4 A, 5 V). */
  readonly slot: number;
  readonly index: number;
}

function collectVariables(graph: HarmGraph, priors: readonly Float64Array[]): { variables: Variable[]; fixed: Uint8Array[] } {
  const variables: Variable[] = [];
  const fixed = [0, 1, 2].map(() => new Uint8Array(graph.nodeCount));
  const fixedArcs = [3, 4, 5].map(() => new Uint8Array(graph.arcCount));
  const add = (p: number, slot: number, index: number, target: Uint8Array): void => {
    if (p >= 1) target[index] = 1;
    else if (p > 0) variables.push({ p, slot, index });
  };
  for (let v = 0; v < graph.nodeCount; v++) for (let c = 0; c < 3; c++) add(priors[c]![v] as number, c, v, fixed[c]!);
  const arcT = [graph.tC, graph.tA, graph.tV];
  for (let a = 0; a < graph.arcCount; a++) for (let c = 0; c < 3; c++) add(arcT[c]![a] as number, c + 3, a, fixedArcs[c]!);
  return { variables, fixed: [...fixed, ...fixedArcs] };
}

/** Least fixed point of the boolean world model for one world (README "World model"). */
function solveWorld(graph: HarmGraph, state: readonly Uint8Array[], out: readonly Uint8Array[]): void {
  const [c0, a0, v0, xC, xA, xV] = state as [Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array];
  const [C, L, D] = out as [Uint8Array, Uint8Array, Uint8Array];
  C.fill(0);
  L.fill(0);
  D.fill(0);
  for (let changed = true; changed; ) {
    changed = false;
    for (let v = 0; v < graph.nodeCount; v++) {
      let c = c0[v] === 1;
      let l = a0[v] === 1;
      let d = v0[v] === 1;
      let members = 0;
      let lostL = 0;
      let lostD = 0;
      for (let a = graph.inOffsets[v] as number; a < (graph.inOffsets[v + 1] as number); a++) {
        const u = graph.arcFrom[a] as number;
        const f = graph.arcFlags[a] as number;
        const hitC = (f & CARRIES_COMPROMISE) !== 0 && xC[a] === 1 && C[u] === 1;
        const hitL = hitC || ((f & CARRIES_AVAILABILITY) !== 0 && xA[a] === 1 && L[u] === 1);
        const hitD = hitL || ((f & CARRIES_VISIBILITY) !== 0 && xV[a] === 1 && D[u] === 1);
        if (f & ARC_K_OF_N) {
          members++;
          if (hitL) lostL++;
          if (hitD) lostD++;
          continue;
        }
        c ||= hitC;
        l ||= hitL;
        d ||= hitD;
      }
      const k = graph.groupRequired[v] as number;
      if (members > 0 && members - lostL < k) l = true;
      if (members > 0 && members - lostD < k) d = true;
      l ||= c;
      d ||= l;
      if ((c && C[v] === 0) || (l && L[v] === 0) || (d && D[v] === 0)) changed = true;
      if (c) C[v] = 1;
      if (l) L[v] = 1;
      if (d) D[v] = 1;
    }
  }
}

/**
 * Brute force over all 2^k worlds of the nested-channel world model: every
 * node prior and every arc channel with a probability strictly inside (0,1)
 * is an independent Bernoulli variable. The reference the propagation is
 * tested against on the small cities (fixtures/cities). Test support: not
 * for production sizes (k ≤ 24).
 */
export function enumerateWorlds(graph: HarmGraph, priors: readonly [Float64Array, Float64Array, Float64Array]): ExactRisk {
  const { variables, fixed } = collectVariables(graph, priors);
  invariant(variables.length <= 24, `too many random variables to enumerate: ${variables.length}`);
  const n = graph.nodeCount;
  const result = { compromise: new Float64Array(n), availability: new Float64Array(n), visibility: new Float64Array(n) };
  const state = fixed.map((array) => array.slice());
  const out = [new Uint8Array(n), new Uint8Array(n), new Uint8Array(n)];
  const worlds = 2 ** variables.length;
  for (let world = 0; world < worlds; world++) {
    let weight = 1;
    for (let i = 0; i < variables.length; i++) {
      const variable = variables[i] as Variable;
      const on = Math.floor(world / 2 ** i) % 2;
      state[variable.slot]![variable.index] = on;
      weight *= on === 1 ? variable.p : 1 - variable.p;
    }
    solveWorld(graph, state, out);
    for (let v = 0; v < n; v++) {
      if (out[0]![v] === 1) result.compromise[v]! += weight;
      if (out[1]![v] === 1) result.availability[v]! += weight;
      if (out[2]![v] === 1) result.visibility[v]! += weight;
    }
  }
  return { ...result, variables: variables.length };
}
