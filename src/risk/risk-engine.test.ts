import { describe, expect, it } from 'vitest';
import { createRiskEngine } from './risk-engine.js';
import { propagateRisk } from './propagation/propagate-risk.js';
import { readCityFixture } from './exact/city-fixture.js';
import { simulatedCity } from './test-city.js';

function maxDifference(a: Float64Array, b: Float64Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] as number) - (b[i] as number)));
  return max;
}

describe('createRiskEngine: incremental evidence updates', () => {
  const city = simulatedCity();

  it.each([false, true])('equals a full recompute after rises and after falls (exactFalls %s)', (exactFalls) => {
    const engine = createRiskEngine(city, { tolerance: 1e-12, exactFalls });
    engine.propagate([{ node: 'w0-PLC3', probability: 0.4 }]);
    type Item = { node: string; channel?: 'availability'; probability: number };
    const steps: Item[][] = [
      [{ node: 'gw-shared', probability: 0.7 }],
      [{ node: 'sub-1', channel: 'availability' as const, probability: 0.5 }],
      [{ node: 'gw-shared', probability: 0.1 }],
      [{ node: 'w0-PLC3', probability: 0 }],
    ];
    const applied: Item[] = [{ node: 'w0-PLC3', probability: 0.4 }];
    for (const step of steps) {
      const incremental = engine.updateEvidence(step);
      for (const item of step) {
        const i = applied.findIndex((e) => e.node === item.node && e.channel === item.channel);
        if (i >= 0) applied.splice(i, 1);
        if (item.probability > 0) applied.push(item);
      }
      const full = propagateRisk(city, applied, { tolerance: 1e-12 });
      for (const channel of ['compromise', 'availability', 'visibility'] as const) {
        expect(maxDifference(incremental[channel], full[channel])).toBeLessThan(1e-9);
      }
      expect(incremental.report.converged).toBe(true);
    }
    const rise = engine.updateEvidence([{ node: 'cam-int-0', probability: 0.9 }]);
    expect(rise.report.regionSize).toBe(0);
    expect(rise.report.evaluations).toBeLessThan(city.nodeCount);
  });

  it('serves paths, blast radius, risk graph and simulation from one engine', () => {
    const { projection, city: fixture } = readCityFixture('cycle-shared-gateway');
    const engine = createRiskEngine(projection, { exposure: 0 });
    engine.propagate(fixture.evidence);
    const graph = engine.riskGraph({ focus: ['gw-1'], depth: 1, minRisk: 0.2 });
    expect(graph.nodes.map((n) => n.id).sort()).toEqual(['cam-1', 'gw-1', 'plc-1', 'plc-2']);
    expect(graph.edges.map((e) => e.id)).toEqual([
      'cam-1|networkedVia|gw-1',
      'plc-1|dependsOn|plc-2',
      'plc-1|networkedVia|gw-1',
      'plc-2|dependsOn|plc-1',
      'plc-2|networkedVia|gw-1',
    ]);
    expect(graph.truncated).toBe(false);
    expect(engine.paths({ from: ['gw-1'], to: ['svc-traffic'] }).paths[0]!.nodes).toEqual(['gw-1', 'tc-1', 'int-1', 'svc-traffic']);
    expect(engine.blastRadius(['tc-1'], { channel: 'availability' }).services.map((s) => s.id)).toEqual(['svc-traffic']);
  });
});
