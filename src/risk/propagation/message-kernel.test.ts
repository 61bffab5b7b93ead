import { describe, expect, it } from 'vitest';
import { buildHarmGraph } from '../harm-graph/build-harm-graph.js';
import type { HarmGraph } from '../harm-graph/harm-graph.js';
import { simulatedCity } from '../test-city.js';
import { kernelLayout, TRANSMISSION_STRIDE } from './kernel-layout.js';
import { fillPriors, resolveEvidence } from './priors.js';
import { Propagator } from './propagator.js';

const CHANNELS = ['pC', 'pL', 'pD'] as const;

/** Positions where two propagators' outputs differ at all (bit for bit, signed zeros apart). */
function differences(a: Propagator, b: Propagator): number {
  let count = 0;
  for (const channel of CHANNELS) {
    const x = a.p[channel];
    const y = b.p[channel];
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) count++;
  }
  return count;
}

describe('MessageKernel fast paths', () => {
  /** Arcs whose table row differs from their own transmissions in any bit, and the row and distinct-triple counts. */
  function checkTable(graph: HarmGraph): { mismatches: number[]; rows: number; distinct: number } {
    const { topology, transmissionOf, transmissions } = kernelLayout(graph);
    const distinct = new Set<string>();
    const mismatches: number[] = [];
    for (let b = 0; b < graph.arcCount; b++) {
      const expected = [graph.tC[b] as number, graph.tA[b] as number, 1 - (graph.tA[b] as number), graph.tV[b] as number, 1 - (graph.tV[b] as number)];
      distinct.add(expected.map((x) => (Object.is(x, -0) ? '-0' : String(x))).join(' '));
      const r = TRANSMISSION_STRIDE * (transmissionOf[topology.outSlotOf[b] as number] as number);
      if (!Array.from(transmissions.subarray(r, r + TRANSMISSION_STRIDE)).every((value, i) => Object.is(value, expected[i]))) mismatches.push(b);
    }
    return { mismatches, rows: transmissions.length / TRANSMISSION_STRIDE, distinct: distinct.size };
  }

  it('keeps each arc its own transmissions, bit for bit, in a table of the distinct triples', () => {
    const graph = buildHarmGraph(simulatedCity());
    const { mismatches, rows, distinct } = checkTable(graph);
    expect({ mismatches, rows }).toEqual({ mismatches: [], rows: distinct });
    // A copy with per-arc transmissions (many rows: the table's hash grows) and a signed zero kept apart from 0.
    const tC = graph.tC.map((t, b) => (b % 1000) / 1000);
    const tA = graph.tA.slice();
    tA[0] = -0;
    tA[1] = 0;
    const copy = checkTable({ ...graph, tC, tA });
    expect({ mismatches: copy.mismatches, rows: copy.rows }).toEqual({ mismatches: [], rows: copy.distinct });
    expect(copy.rows).toBeGreaterThan(1000);
  });

  it('gives the same bits through the specialised loops as through the general (cut-aware) loop', () => {
    const city = simulatedCity();
    const graph = buildHarmGraph(city);
    const evidence = resolveEvidence(city, [
      { node: 'gw-shared', probability: 0.8 },
      { node: 'sub-1', channel: 'availability', probability: 0.5 },
    ]);
    const fast = new Propagator(graph);
    const general = new Propagator(graph);
    // No arc is cut, but the switches exist: every message goes through `pushGeneral`, the pre-table arithmetic.
    general.scratch.cutArcs = new Uint8Array(graph.arcCount);
    for (const propagator of [fast, general]) fillPriors(graph, propagator.p, evidence, 0.01);
    const reports = [fast.recomputeAll(), general.recomputeAll()];
    expect(reports[0]).toEqual(reports[1]);
    expect(reports[0]?.converged).toBe(true);
    expect(differences(fast, general)).toBe(0);
    // Incremental rise and withdrawal on a camera's gateway: FIFO worklist, checked pushes.
    const gateway = city.nodeIndex('gw-shared');
    for (const probability of [0.95, 0]) {
      for (const propagator of [fast, general]) propagator.p.priorC[gateway] = probability;
      expect(fast.settle([gateway])).toEqual(general.settle([gateway]));
      expect(differences(fast, general)).toBe(0);
    }
  });
});
