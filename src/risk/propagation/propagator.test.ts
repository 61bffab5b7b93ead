import { describe, expect, it } from 'vitest';
import { buildHarmGraph } from '../harm-graph/build-harm-graph.js';
import { simulatedCity } from '../test-city.js';
import { readCityFixture } from '../exact/city-fixture.js';
import { fillPriors, resolveEvidence } from './priors.js';
import { Propagator } from './propagator.js';

function maxDifference(a: Float64Array, b: Float64Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] as number) - (b[i] as number)));
  return max;
}

describe('Propagator schedules', () => {
  it('reaches the same fixed point by components (full pass) as by a plain FIFO worklist from zero', () => {
    const city = simulatedCity();
    const graph = buildHarmGraph(city);
    const evidence = resolveEvidence(city, [
      { node: 'gw-shared', probability: 0.8 },
      { node: 'sub-1', channel: 'availability', probability: 0.5 },
    ]);
    const full = new Propagator(graph, { tolerance: 1e-13 });
    fillPriors(graph, full.p, evidence, 0.01);
    const report = full.recomputeAll();
    const fifo = new Propagator(graph, { tolerance: 1e-13 });
    fillPriors(graph, fifo.p, evidence, 0.01);
    const all = Array.from({ length: graph.nodeCount }, (_, v) => v);
    const settled = fifo.settle(all);
    expect([report.converged, settled.converged, report.regionSize]).toEqual([true, true, graph.nodeCount]);
    for (const channel of ['pC', 'pL', 'pD'] as const) expect(maxDifference(full.p[channel], fifo.p[channel])).toBeLessThan(1e-10);
    // Pendant leaves are evaluated twice, the rest once unless on a loop: well under the old 2.5 per node.
    expect(report.evaluations).toBeLessThan(2.2 * graph.nodeCount);
  });

  it('exposes messages by harm arc: on a tree the message is t·p(parent)', () => {
    const { projection, city } = readCityFixture('tree-water-power');
    const graph = buildHarmGraph(projection);
    const propagator = new Propagator(graph);
    fillPriors(graph, propagator.p, resolveEvidence(projection, city.evidence), city.exposure);
    propagator.recomputeAll();
    for (let a = 0; a < graph.arcCount; a++) {
      const u = graph.arcFrom[a] as number;
      expect(propagator.message(a, 0)).toBeCloseTo((graph.tC[a] as number) * (propagator.p.pC[u] as number), 15);
    }
  });

  it('holds a protected node at 0 and restores it when released (choke-point what-ifs)', () => {
    const { projection, city } = readCityFixture('tree-water-power');
    const graph = buildHarmGraph(projection);
    const propagator = new Propagator(graph, { tolerance: 1e-15 });
    fillPriors(graph, propagator.p, resolveEvidence(projection, city.evidence), city.exposure);
    propagator.recomputeAll();
    const before = propagator.p.pL.slice();
    const feeder = projection.nodeIndex('feeder-2');
    propagator.scratch.protectedNodes = new Uint8Array(graph.nodeCount);
    propagator.scratch.protectedNodes[feeder] = 1;
    propagator.recomputeRegion([feeder]);
    expect([propagator.p.pL[feeder], propagator.p.pL[projection.nodeIndex('hosp-1')], propagator.p.pL[projection.nodeIndex('svc-hosp')]]).toEqual([0, 0, 0]);
    propagator.scratch.protectedNodes[feeder] = 0;
    propagator.recomputeRegion([feeder]);
    expect(maxDifference(propagator.p.pL, before)).toBeLessThan(1e-15);
  });
});
