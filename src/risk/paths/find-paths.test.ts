import { describe, expect, it } from 'vitest';
import { readCityFixture } from '../exact/city-fixture.js';
import { buildHarmGraph } from '../harm-graph/build-harm-graph.js';
import { simulatedCity } from '../test-city.js';
import { findPaths, mostProbablePaths } from './find-paths.js';

const { projection } = readCityFixture('cycle-shared-gateway');
const graph = buildHarmGraph(projection);

describe('findPaths (Yen over −log t on the channel-layered graph)', () => {
  it('ranks the paths from a camera to the water service with hops, delays and domains', () => {
    const page = findPaths(projection, graph, { from: ['cam-1'], to: ['svc-water'], k: 3 });
    expect(page.paths.map((path) => path.nodes.join(' '))).toEqual([
      'cam-1 gw-1 plc-1 pump-1 tank-1 svc-water',
      'cam-1 gw-1 plc-2 plc-1 pump-1 tank-1 svc-water',
    ]);
    const best = page.paths[0]!;
    expect(best.probability).toBeCloseTo(0.5 * 0.5 * 0.8 * 0.9 * 0.9, 12);
    expect(best.delayHours).toBeCloseTo(0.1 + 0.1 + 0.05 + 2 + 10, 12);
    expect(best.domains).toEqual(['PublicSafety', 'Communications', 'Water']);
    expect(best.edges.map((hop) => [hop.kind, hop.channel, hop.probability, hop.delayHours, hop.domain])).toEqual([
      ['networkedVia', 'compromise', 0.5, 0.1, 'Communications'],
      ['networkedVia', 'compromise', 0.5, 0.1, 'Water'],
      ['controlledBy', 'compromise', 0.8, 0.05, 'Water'],
      ['suppliedBy', 'availability', 0.9, 12, 'Water'],
      ['dependsOn', 'availability', 0.9, 0, 'Water'],
    ]);
    expect(best.edges[0]!.edgeId).toBe('cam-1|networkedVia|gw-1');
    expect(page.paths[1]!.probability).toBeCloseTo(0.5 * 0.5 * 0.9 * 0.8 * 0.9 * 0.9, 12);
    expect(page.truncated).toBe(false);
    expect(page.hasNextPage).toBe(false);
  });

  it('defaults to every service as target and paginates with first/after', () => {
    const all = findPaths(projection, graph, { from: ['cam-1'], k: 3 });
    expect(all.paths.map((path) => path.nodes[path.nodes.length - 1])).toEqual(['svc-traffic', 'svc-water', 'svc-water']);
    expect(all.truncated).toBe(false);
    expect(findPaths(projection, graph, { from: ['cam-1'], k: 2 }).truncated).toBe(true);
    const first = findPaths(projection, graph, { from: ['cam-1'], k: 3, first: 2 });
    expect(first.paths).toEqual(all.paths.slice(0, 2));
    expect(first.hasNextPage).toBe(true);
    const second = findPaths(projection, graph, { from: ['cam-1'], k: 3, first: 2, after: first.endCursor! });
    expect(second.paths).toEqual(all.paths.slice(2));
    expect(second.hasNextPage).toBe(false);
  });

  it('rejects k ≤ 0, unknown ids and foreign cursors with codes', () => {
    expect(() => findPaths(projection, graph, { from: ['cam-1'], k: 0 })).toThrow(expect.objectContaining({ code: 'CG_RISK_INVALID_K', details: { field: 'k', value: 0 } }));
    expect(() => findPaths(projection, graph, { from: ['cam-9'], to: ['svc-9'] })).toThrow(
      expect.objectContaining({ code: 'CG_NODE_NOT_FOUND', details: { ids: ['cam-9'] } }),
    );
    expect(() => findPaths(projection, graph, { from: ['cam-1'], after: 'bogus' })).toThrow(expect.objectContaining({ code: 'CG_RISK_INVALID_CURSOR' }));
  });

  it('finds a path from the shared gateway crossing three domains in the simulated city', () => {
    const city = simulatedCity();
    const page = findPaths(city, buildHarmGraph(city), { from: ['gw-shared'], to: ['svc-hospital-0'], k: 3 });
    expect(page.paths.length).toBe(3);
    expect(page.paths[0]!.domains).toEqual(['Communications', 'Water', 'Health']);
    expect(page.paths[0]!.nodes[0]).toBe('gw-shared');
    expect(page.paths[0]!.nodes.at(-1)).toBe('svc-hospital-0');
  });
});

describe('mostProbablePaths (the first k routes, no search for a truncation witness)', () => {
  it('gives exactly findPaths\' paths for every k, source set and target set', () => {
    const city = simulatedCity(600);
    const cityGraph = buildHarmGraph(city);
    const queries = [
      { projection, graph, from: ['cam-1'], to: ['svc-water'] },
      { projection, graph, from: ['cam-1'] },
      { projection: city, graph: cityGraph, from: ['gw-shared'] },
      { projection: city, graph: cityGraph, from: ['gw-shared', 'sub-1'] },
    ];
    let compared = 0;
    for (const { projection: p, graph: g, ...query } of queries) {
      for (const k of [1, 2, 3, 5, 8]) {
        expect(mostProbablePaths(p, g, { ...query, k })).toEqual(findPaths(p, g, { ...query, k }).paths);
        compared++;
      }
    }
    expect(compared).toBe(20);
    expect(mostProbablePaths(city, cityGraph, { from: ['gw-shared'], k: 3 }).map((path) => path.nodes.length)).toHaveLength(3);
    expect(() => mostProbablePaths(projection, graph, { from: ['cam-1'], k: 0 })).toThrow('k must be a positive integer, got 0');
  });
});
