import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProjection } from '../../src/graph/projection/index.js';
import { createRiskEngine } from '../../src/risk/index.js';
import { postGraphql, startTestServer, TEST_KEYS, type TestServer } from '../../src/api/testing/start-test-server.js';

interface Hop {
  from: string;
  to: string;
  kind: string;
  channel: string;
  probability: number;
}
interface Path {
  probability: number;
  nodes: string[];
  hops: Hop[];
}

describe('risk engine operations over GraphQL (src/risk)', () => {
  let server: TestServer;
  const query = async (text: string, key: string = TEST_KEYS.reader) => (await postGraphql(server.url, { query: text }, { 'x-api-key': key })).body;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('returns the k most probable paths, each a contiguous chain whose probability is the product of its hops', async () => {
    const body = (await query('{ propagationPaths(from: ["gw-shared"], k: 4, first: 4) { totalCount truncated paths { probability nodes hops { from to kind channel probability } } } }')) as {
      data: { propagationPaths: { totalCount: number; truncated: boolean; paths: Path[] } };
    };
    const { paths, totalCount } = body.data.propagationPaths;
    expect(totalCount).toBe(4);
    expect(paths).toHaveLength(4);
    for (const path of paths) {
      expect(path.nodes[0]).toBe('gw-shared');
      expect(path.hops.map((h) => h.from)).toEqual(path.nodes.slice(0, -1));
      expect(path.hops.map((h) => h.to)).toEqual(path.nodes.slice(1));
      expect(path.probability).toBeCloseTo(path.hops.reduce((p, h) => p * h.probability, 1), 12);
      for (const hop of path.hops) expect(['COMPROMISE', 'AVAILABILITY', 'VISIBILITY']).toContain(hop.channel);
    }
    expect(paths.map((p) => p.probability)).toEqual([...paths.map((p) => p.probability)].sort((a, b) => b - a));
  });

  it('pages through the k paths with cursors', async () => {
    const all = (await query('{ propagationPaths(from: ["gw-shared"], k: 4, first: 4) { paths { nodes } } }')) as { data: { propagationPaths: { paths: { nodes: string[] }[] } } };
    const first = (await query('{ propagationPaths(from: ["gw-shared"], k: 4, first: 2) { pageInfo { hasNextPage endCursor } paths { nodes } } }')) as {
      data: { propagationPaths: { pageInfo: { hasNextPage: boolean; endCursor: string }; paths: { nodes: string[] }[] } };
    };
    expect(first.data.propagationPaths.pageInfo.hasNextPage).toBe(true);
    const cursor = JSON.stringify(first.data.propagationPaths.pageInfo.endCursor);
    const second = (await query(`{ propagationPaths(from: ["gw-shared"], k: 4, first: 2, after: ${cursor}) { pageInfo { hasNextPage } paths { nodes } } }`)) as {
      data: { propagationPaths: { pageInfo: { hasNextPage: boolean }; paths: { nodes: string[] }[] } };
    };
    expect([...first.data.propagationPaths.paths, ...second.data.propagationPaths.paths]).toEqual(all.data.propagationPaths.paths);
    expect(second.data.propagationPaths.pageInfo.hasNextPage).toBe(false);
  });

  it('computes a blast radius with consistent counts and says when lists are cut', async () => {
    const body = (await query('{ blastRadius(nodes: ["sub-0"], first: 2) { sources totalCount truncated peopleAffected assetsByDomain { domain count } services { id probability node { id } } } }')) as {
      data: { blastRadius: { sources: string[]; totalCount: number; truncated: boolean; peopleAffected: number; assetsByDomain: { domain: string; count: number }[]; services: { id: string; probability: number; node: { id: string } }[] } };
    };
    const radius = body.data.blastRadius;
    expect(radius.sources).toEqual(['sub-0']);
    expect(radius.assetsByDomain.reduce((sum, d) => sum + d.count, 0)).toBe(radius.totalCount);
    expect(radius.services).toHaveLength(2);
    expect(radius.truncated).toBe(true);
    for (const service of radius.services) expect(service.node.id).toBe(service.id);
    expect(radius.peopleAffected).toBeGreaterThan(0);
  });

  it('keeps choke points (costly) to architects, SOC and analysts, and validates top', async () => {
    const reader = (await query('{ chokePoints(top: 2) { baseline } }')) as unknown as { errors: { extensions: { code: string } }[] };
    expect(reader.errors.map((e) => e.extensions.code)).toEqual(['CG_API_FORBIDDEN']);
    const analyst = (await query('{ chokePoints(top: 2) { baseline truncated nodes { id share node { id } } } }', TEST_KEYS.analyst)) as {
      data: { chokePoints: { baseline: number; truncated: boolean; nodes: { id: string; share: number; node: { id: string } }[] } };
    };
    expect(analyst.data.chokePoints.nodes).toHaveLength(2);
    expect(analyst.data.chokePoints.nodes[0]?.id).toBe('gw-shared');
    expect(analyst.data.chokePoints.nodes.map((n) => n.node.id)).toEqual(analyst.data.chokePoints.nodes.map((n) => n.id));
    const bad = (await query('{ chokePoints(top: 500) { baseline } }', TEST_KEYS.analyst)) as unknown as { errors: { extensions: { code: string } }[] };
    expect(bad.errors.map((e) => e.extensions.code)).toEqual(['CG_API_BAD_REQUEST']);
  });

  it('passes the risk engine’s own codes through for unknown ids', async () => {
    const body = (await query('{ propagationPaths(from: ["nope"]) { totalCount } }')) as { errors: { extensions: Record<string, unknown> }[] };
    expect(body.errors.map((e) => e.extensions)).toEqual([{ code: 'CG_NODE_NOT_FOUND', category: 'not_found', details: { ids: ['nope'] } }]);
  });
  it('simulates a cascade over time exactly as src/risk does, with the service list cut at first', async () => {
    const expected = createRiskEngine(await buildProjection(server.store)).simulate({ fail: ['sub-0'], horizonHours: 48, seed: 3 });
    const body = (await query('{ simulate(scenario: { fail: ["sub-0"], horizon: "2d", seed: 3 }, first: 3) { horizonHours seed initiallyFailed initiallyAttacked functionalIntegrity peopleIntegrity servicesLost totalCount truncated timeline { hours servicesLost functionalIntegrity peopleIntegrity assetsLost } services { id lostAtHours node { id } } } }', TEST_KEYS.analyst)) as {
      data: { simulate: Record<string, unknown> & { services: { id: string; lostAtHours: number | null; node: { id: string } }[] } };
    };
    const result = body.data.simulate;
    expect(result).toEqual({
      horizonHours: 48,
      seed: 3,
      initiallyFailed: expected.initiallyFailed,
      initiallyAttacked: 0,
      functionalIntegrity: expected.functionalIntegrity,
      peopleIntegrity: expected.peopleIntegrity,
      servicesLost: expected.services.filter((s) => s.lostAtHours !== null).length,
      totalCount: expected.services.length,
      truncated: expected.services.length > 3,
      timeline: expected.timeline,
      services: expected.services.slice(0, 3).map((s) => ({ ...s, node: { id: s.id } })),
    });
    expect(result.servicesLost).toBeGreaterThan(0);
  });

  it('refuses simulate to readers, and passes the risk engine’s scenario codes through', async () => {
    const reader = (await query('{ simulate(scenario: { failRandom: 0.1 }) { seed } }')) as unknown as { errors: { extensions: { code: string } }[] };
    expect(reader.errors.map((e) => e.extensions.code)).toEqual(['CG_API_FORBIDDEN']);
    const empty = (await query('{ simulate(scenario: {}) { seed } }', TEST_KEYS.soc)) as unknown as { errors: { extensions: { code: string } }[] };
    expect(empty.errors.map((e) => e.extensions.code)).toEqual(['CG_RISK_INVALID_SCENARIO']);
    const horizon = (await query('{ simulate(scenario: { failRandom: 0.1, horizon: "soon" }) { seed } }', TEST_KEYS.soc)) as unknown as { errors: { extensions: { code: string } }[] };
    expect(horizon.errors.map((e) => e.extensions.code)).toEqual(['CG_RISK_INVALID_HORIZON']);
  });
});
