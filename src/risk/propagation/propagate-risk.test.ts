import { describe, expect, it } from 'vitest';
import { CITY_NAMES, readCityFixture, readExpected } from '../exact/city-fixture.js';
import { enumerateWorlds } from '../exact/enumerate-worlds.js';
import { groupFailure } from './evaluate-node.js';
import { propagateRisk } from './propagate-risk.js';

const CHANNELS = ['compromise', 'availability', 'visibility'] as const;

function propagate(name: string) {
  const { city, projection } = readCityFixture(name);
  const risk = propagateRisk(projection, city.evidence, { exposure: city.exposure, tolerance: 1e-15, maxIterations: 10_000 });
  return { projection, risk };
}

describe('propagateRisk against exact enumeration of failure worlds (fixtures/cities)', () => {
  it.each(CITY_NAMES.filter((name) => readExpected(name).relation === 'exact'))('%s agrees with enumeration to 1e-9', (name) => {
    const { projection, risk } = propagate(name);
    const exact = enumerateWorlds(risk.graph, [risk.priors.compromise, risk.priors.availability, risk.priors.visibility]);
    for (let v = 0; v < projection.nodeCount; v++) {
      for (const channel of CHANNELS) expect(Math.abs((risk[channel][v] as number) - (exact[channel][v] as number))).toBeLessThan(1e-9);
    }
    expect(risk.report.converged).toBe(true);
  });

  it.each(CITY_NAMES)('%s matches its recorded exact and propagated values', (name) => {
    const { projection, risk } = propagate(name);
    const expected = readExpected(name);
    let maxError = 0;
    for (let v = 0; v < projection.nodeCount; v++) {
      const id = projection.nodeId(v);
      CHANNELS.forEach((channel, c) => {
        expect(risk[channel][v]).toBeCloseTo(expected.propagated[id]![c] as number, 12);
        maxError = Math.max(maxError, Math.abs((risk[channel][v] as number) - (expected.exact[id]![c] as number)));
      });
    }
    expect(maxError).toBeCloseTo(expected.maxError, 12);
  });

  it('over-estimates a noisy-OR diamond and under-estimates a k-of-n group with a shared ancestor (documented error)', () => {
    const expected = readExpected('diamond-shared-feeder');
    expect(expected.propagated['hosp-1']![1]).toBeGreaterThan(expected.exact['hosp-1']![1]);
    expect(expected.propagated['rg-clinic']![1]).toBeLessThan(expected.exact['rg-clinic']![1]);
    expect(expected.maxError).toBeCloseTo(0.2166, 4);
  });

  it('stays within 0.051 of enumeration on the cycle city and is exact off the loop', () => {
    const expected = readExpected('cycle-shared-gateway');
    expect(expected.maxError).toBeLessThan(0.051);
    for (const id of ['gw-1', 'cam-1', 'tc-1', 'int-1', 'svc-traffic']) {
      expected.exact[id]!.forEach((value, c) => expect(Math.abs(value - (expected.propagated[id]![c] as number))).toBeLessThan(1e-9));
    }
  });

  it('computes tree values a person can check by hand', () => {
    const { risk } = propagate('tree-water-power');
    // feeder-2 = 1 − (1 − 0.1)(1 − 0.95·0.3); hosp-1 = 0.95·feeder-2; svc-hosp = 0.9·hosp-1.
    const feeder2 = 1 - 0.9 * (1 - 0.95 * 0.3);
    expect(risk.probability('feeder-2', 'availability')).toBeCloseTo(feeder2, 12);
    expect(risk.probability('svc-hosp', 'availability')).toBeCloseTo(0.9 * 0.95 * feeder2, 12);
    expect(risk.probability('svc-hosp', 'compromise')).toBe(0);
    expect(risk.probability('plc-1', 'compromise')).toBe(0.5);
  });

  it('rejects unknown evidence ids naming all of them, and bad probabilities', () => {
    const { projection } = readCityFixture('tree-water-power');
    expect(() => propagateRisk(projection, [{ node: 'nope-1' }, { node: 'sub-1' }, { node: 'nope-2' }])).toThrow(
      expect.objectContaining({ code: 'CG_NODE_NOT_FOUND', details: { ids: ['nope-1', 'nope-2'] } }),
    );
    expect(() => propagateRisk(projection, [{ node: 'sub-1', probability: 1.5 }])).toThrow(
      expect.objectContaining({ code: 'CG_RISK_INVALID_PROBABILITY', details: { field: 'evidence[0].probability', value: 1.5 } }),
    );
  });
});

describe('groupFailure (Poisson-binomial tail)', () => {
  it('gives P(fewer than k survive) for independent members', () => {
    const lost = Float64Array.from([0.2, 0.3, 0.4]);
    const dp = new Float64Array(5);
    // k = 2 of 3: fails when at least 2 are lost.
    const atLeastTwo = 0.2 * 0.3 * 0.6 + 0.2 * 0.7 * 0.4 + 0.8 * 0.3 * 0.4 + 0.2 * 0.3 * 0.4;
    expect(groupFailure(lost, 3, 2, dp)).toBeCloseTo(atLeastTwo, 15);
    expect(groupFailure(lost, 3, 1, dp)).toBeCloseTo(0.2 * 0.3 * 0.4, 15);
    expect(groupFailure(lost, 3, 3, dp)).toBeCloseTo(1 - 0.8 * 0.7 * 0.6, 15);
    expect(groupFailure(lost, 3, 4, dp)).toBe(1);
    expect(groupFailure(lost, 3, 0, dp)).toBe(0);
  });
});
