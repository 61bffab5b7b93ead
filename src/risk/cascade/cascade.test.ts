import { describe, expect, it } from 'vitest';
import { readCityFixture } from '../exact/city-fixture.js';
import { buildHarmGraph } from '../harm-graph/build-harm-graph.js';
import { parseHorizon, parseShare } from '../parse-inputs.js';
import { simulatedCity } from '../test-city.js';
import { failureSweep } from './failure-sweep.js';
import { simulateCascade } from './simulate-cascade.js';

const { projection } = readCityFixture('k-of-n-hospital');
const graph = buildHarmGraph(projection);

describe('simulateCascade (discrete events over time)', () => {
  it('holds the hospital on its 48 h generator when 2 of its 3 feeders go dark', () => {
    const result = simulateCascade(projection, graph, { fail: ['sub-a', 'sub-b'], horizonHours: 72, seed: 2 });
    expect(result.services).toEqual([{ id: 'svc-hosp', lostAtHours: 48 }]);
    expect(result.timeline).toEqual([
      { hours: 0, servicesLost: 0, functionalIntegrity: 1, peopleIntegrity: 1, assetsLost: 5 },
      { hours: 48, servicesLost: 1, functionalIntegrity: 0, peopleIntegrity: 0, assetsLost: 7 },
      { hours: 72, servicesLost: 1, functionalIntegrity: 0, peopleIntegrity: 0, assetsLost: 7 },
    ]);
    const before = simulateCascade(projection, graph, { fail: ['sub-a', 'sub-b'], horizonHours: 24, seed: 2 });
    expect(before.services).toEqual([{ id: 'svc-hosp', lostAtHours: null }]);
    expect(before.functionalIntegrity).toBe(1);
  });

  it('keeps the hospital when only one of three feeders fails (k = 2 of 3)', () => {
    for (const seed of [1, 2, 3]) {
      expect(simulateCascade(projection, graph, { fail: ['sub-a'], horizonHours: 72, seed }).services).toEqual([{ id: 'svc-hosp', lostAtHours: null }]);
    }
  });

  it('loses the hospital after the tank (2 h supply delay) when both pumps stop', () => {
    const result = simulateCascade(projection, graph, { fail: ['pump-x', 'pump-y'], horizonHours: 72, seed: 2 });
    expect(result.services).toEqual([{ id: 'svc-hosp', lostAtHours: 2 }]);
  });

  it('is reproducible by seed and rejects empty scenarios and bad horizons', () => {
    const city = simulatedCity();
    const cityGraph = buildHarmGraph(city);
    const a = simulateCascade(city, cityGraph, { failRandom: 0.3, seed: 7 });
    expect(simulateCascade(city, cityGraph, { failRandom: 0.3, seed: 7 })).toEqual(a);
    expect(a.initiallyFailed).toBeGreaterThan(0);
    expect(() => simulateCascade(projection, graph, {})).toThrow(expect.objectContaining({ code: 'CG_RISK_INVALID_SCENARIO' }));
    expect(() => simulateCascade(projection, graph, { fail: ['sub-a'], horizonHours: -1 })).toThrow(expect.objectContaining({ code: 'CG_RISK_INVALID_HORIZON' }));
    expect(() => simulateCascade(projection, graph, { fail: ['sub-z'] })).toThrow(expect.objectContaining({ code: 'CG_NODE_NOT_FOUND', details: { ids: ['sub-z'] } }));
  });
});

describe('failureSweep', () => {
  it('reports integrity per share over seeds, reproducibly', () => {
    const city = simulatedCity();
    const cityGraph = buildHarmGraph(city);
    const rows = failureSweep(city, cityGraph, { shares: [0.1, 0.3], seeds: 3 });
    expect(rows.map((row) => [row.share, row.runs])).toEqual([
      [0.1, 3],
      [0.3, 3],
    ]);
    for (const row of rows) expect(row.minIntegrity <= row.meanIntegrity && row.meanIntegrity <= row.maxIntegrity).toBe(true);
    expect(rows[1]!.meanIntegrity).toBeLessThan(rows[0]!.meanIntegrity);
    expect(failureSweep(city, cityGraph, { shares: [0.1, 0.3], seeds: 3 })).toEqual(rows);
  });
});

describe('parseHorizon / parseShare', () => {
  it('parses durations and shares', () => {
    expect([parseHorizon('24h'), parseHorizon('90m'), parseHorizon('2d'), parseHorizon('6'), parseHorizon('1w')]).toEqual([24, 1.5, 48, 6, 168]);
    expect([parseShare('30%'), parseShare('0.3'), parseShare('100%')]).toEqual([0.3, 0.3, 1]);
  });

  it('rejects what does not parse', () => {
    for (const bad of ['', 'soon', '0h', '-2h', '24x']) {
      expect(() => parseHorizon(bad)).toThrow(expect.objectContaining({ code: 'CG_RISK_INVALID_HORIZON', details: { horizon: bad } }));
    }
    for (const bad of ['0%', '130%', '1.5', 'half']) {
      expect(() => parseShare(bad)).toThrow(expect.objectContaining({ code: 'CG_RISK_INVALID_FRACTION', details: { share: bad } }));
    }
  });
});
