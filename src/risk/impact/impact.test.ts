import { describe, expect, it } from 'vitest';
import { readCityFixture } from '../exact/city-fixture.js';
import { buildHarmGraph } from '../harm-graph/build-harm-graph.js';
import { simulatedCity } from '../test-city.js';
import { blastRadius } from './blast-radius.js';
import { chokePoints } from './choke-points.js';

describe('blastRadius', () => {
  const { projection } = readCityFixture('tree-water-power');
  const graph = buildHarmGraph(projection);

  it('gives services, facilities and people with probability and time to impact (buffers included)', () => {
    const result = blastRadius(projection, graph, ['sub-1'], { channel: 'availability' });
    const hosp = 0.95 * 0.95 * 0.9;
    const water = 0.95 * 0.95 * 0.9 * 0.9;
    expect(result.services.map((s) => [s.id, s.timeToImpactHours, s.criticality, s.peopleServed])).toEqual([
      ['svc-hosp', 24, 5, 200000],
      ['svc-water', 14, 5, 50000],
    ]);
    expect(result.services[0]!.probability).toBeCloseTo(hosp, 12);
    expect(result.services[1]!.probability).toBeCloseTo(water, 12);
    expect(result.peopleAffected).toBeCloseTo(hosp * 200000 + water * 50000, 6);
    expect(result.expectedImpact).toBeCloseTo(5 * (hosp * 200000 + water * 50000), 6);
    expect(result.facilities.map((f) => f.id)).toEqual(['sub-1', 'feeder-1', 'feeder-2', 'hosp-1', 'tank-1']);
    expect(result.assetsByDomain).toEqual({ Energy: 3, Health: 1, Water: 2 });
    expect(result.assetsAffected).toBe(6);
  });

  it('names unknown ids', () => {
    expect(() => blastRadius(projection, graph, ['sub-1', 'sub-404'])).toThrow(expect.objectContaining({ code: 'CG_NODE_NOT_FOUND', details: { ids: ['sub-404'] } }));
  });
});

describe('chokePoints', () => {
  it('ranks the shared gateway first in the simulated city, across four service domains', () => {
    const city = simulatedCity();
    const result = chokePoints(city, buildHarmGraph(city), { top: 5 });
    expect(result.nodes.length).toBe(5);
    expect(result.nodes[0]!.id).toBe('gw-shared');
    expect(result.nodes[0]!.servicesDomains).toEqual(expect.arrayContaining(['Transportation', 'Water']));
    expect(result.nodes[0]!.reduction).toBeGreaterThan(0);
    expect(result.nodes.map((n) => n.reduction)).toEqual([...result.nodes.map((n) => n.reduction)].sort((a, b) => b - a));
    expect(result.edges.length).toBe(5);
    expect(result.baseline).toBeGreaterThan(result.nodes[0]!.reduction);
  });

  it('finds the hospital line as the choke point of the tree city (checked by hand)', () => {
    const { projection, city } = readCityFixture('tree-water-power');
    const result = chokePoints(projection, buildHarmGraph(projection), { evidence: city.evidence, exposure: 0, top: 3 });
    // Protecting feeder-2 (or hosp-1) zeroes svc-hosp: 5 · 200,000 · 0.9 · 0.95 · (1 − 0.9 · (1 − 0.95 · 0.3)).
    const hospitalLine = 5 * 200000 * 0.9 * 0.95 * (1 - 0.9 * (1 - 0.95 * 0.3));
    expect(result.nodes.map((n) => n.id)).toEqual(['feeder-2', 'hosp-1', 'sub-1']);
    expect(result.nodes[0]!.reduction).toBeCloseTo(hospitalLine, 6);
    expect(result.nodes[0]!.servicesDomains).toEqual(['Health']);
    expect(result.nodes[2]!.servicesDomains).toEqual(['Health', 'Water']);
  });
});
