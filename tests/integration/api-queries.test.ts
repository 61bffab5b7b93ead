import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postGraphql, startTestServer, TEST_KEYS, type TestServer } from '../../src/api/testing/start-test-server.js';

const READER = { 'x-api-key': TEST_KEYS.reader };

interface Page {
  totalCount: number;
  truncated: boolean;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: { id: string } }[];
}

describe('API queries over a simulated city', () => {
  let server: TestServer;
  const query = async (text: string, variables?: Record<string, unknown>) => (await postGraphql(server.url, { query: text, ...(variables ? { variables } : {}) }, READER)).body;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('pages through devices with Relay cursors: every device exactly once, totalCount and truncated right', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let total = -1;
    for (;;) {
      const body = (await query('query($a: String) { devices(first: 97, after: $a) { totalCount truncated pageInfo { hasNextPage endCursor } edges { cursor node { id } } } }', { a: after })) as { data: { devices: Page } };
      const page = body.data.devices;
      total = page.totalCount;
      expect(page.truncated).toBe(true);
      seen.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen.length).toBe(total);
    expect(new Set(seen).size).toBe(total);
    expect(seen).toEqual([...seen].sort());
    const stats = (await query('{ graphStats { nodeKinds { kind count } } }')) as { data: { graphStats: { nodeKinds: { kind: string; count: number }[] } } };
    const deviceKinds = new Set(['Camera', 'GeomagneticSensor', 'AirQualitySensor', 'SmokeDetector', 'TemperatureSensor', 'SmartMeter', 'RfidReader', 'FlowSensor', 'LevelSensor', 'PressureSensor', 'TrafficSignal', 'Pump', 'Valve', 'Breaker', 'Speaker', 'Drone', 'Plc', 'Rtu', 'Gateway']);
    expect(total).toBe(stats.data.graphStats.nodeKinds.filter((k) => deviceKinds.has(k.kind)).reduce((sum, k) => sum + k.count, 0));
  });

  it('resumes from any edge cursor, not only the last', async () => {
    const first = (await query('{ services(first: 5) { edges { cursor node { id } } } }')) as { data: { services: Page } };
    const third = first.data.services.edges[2];
    const rest = (await query('query($a: String) { services(first: 2, after: $a) { nodes { id } } }', { a: third?.cursor })) as { data: { services: { nodes: { id: string }[] } } };
    expect(rest.data.services.nodes.map((n) => n.id)).toEqual(first.data.services.edges.slice(3, 5).map((e) => e.node.id));
  });

  it('filters by domain, zone, kind, label and search, combined with AND', async () => {
    const body = await query('{ devices(first: 100, filter: { domain: Energy, kind: "Breaker", zone: "zone-2-5" }) { totalCount nodes { id kind domain zone } } }');
    expect(body).toEqual({ data: { devices: { totalCount: 4, nodes: ['brk-0-0', 'brk-0-1', 'brk-0-2', 'brk-0-3'].map((id) => ({ id, kind: 'Breaker', domain: 'Energy', zone: 'zone-2-5' })) } } });
    const sensors = await query('{ devices(first: 1, filter: { label: "Sensor", search: "air-quality sensor 1" }) { totalCount } }');
    expect(sensors).toEqual({ data: { devices: { totalCount: 11 } } });
    const disjoint = await query('{ devices(filter: { label: "Zone" }) { totalCount truncated nodes { id } } }');
    expect(disjoint).toEqual({ data: { devices: { totalCount: 0, truncated: false, nodes: [] } } });
  });

  it('computes the downstream risk graph of a substation with exact most-probable-path risks', async () => {
    const body = (await query('{ riskGraph(focus: "sub-0", depth: 2, minRisk: 0.5, maxNodes: 800) { focus totalCount truncated nodes { id risk hops via } edges { kind from to transmission } } }')) as {
      data: { riskGraph: { totalCount: number; truncated: boolean; nodes: { id: string; risk: number; hops: number; via: string | null }[]; edges: { kind: string; from: string; to: string }[] } };
    };
    const graph = body.data.riskGraph;
    expect(graph.nodes[0]).toEqual({ id: 'sub-0', risk: 1, hops: 0, via: null });
    for (const node of graph.nodes.slice(1)) {
      const via = graph.nodes.find((n) => n.id === node.via);
      expect(via, `${node.id} via ${node.via}`).toBeDefined();
      expect(via!.hops).toBe(node.hops - 1);
      expect(node.risk).toBeLessThanOrEqual(via!.risk);
      expect(node.risk).toBeGreaterThanOrEqual(0.5);
    }
    const feeders = graph.nodes.filter((n) => n.hops === 1 && n.id.startsWith('feeder'));
    expect(feeders.length).toBeGreaterThan(0);
    for (const feeder of feeders) expect(feeder.risk).toBeCloseTo(0.95, 6);
    expect(graph.truncated).toBe(false);
    expect(graph.totalCount).toBe(graph.nodes.length);
    const ids = new Set(graph.nodes.map((n) => n.id));
    for (const edge of graph.edges) expect(ids.has(edge.from) && ids.has(edge.to)).toBe(true);
  });

  it('says when maxNodes truncates the risk graph', async () => {
    const body = (await query('{ riskGraph(focus: "sub-0", depth: 3, maxNodes: 3) { totalCount truncated nodes { id } } }')) as { data: { riskGraph: { totalCount: number; truncated: boolean; nodes: unknown[] } } };
    expect(body.data.riskGraph.nodes).toHaveLength(3);
    expect(body.data.riskGraph.truncated).toBe(true);
    expect(body.data.riskGraph.totalCount).toBeGreaterThan(3);
  });

  it('refuses out-of-range risk graph arguments and unknown ids with coded errors', async () => {
    const bad = await query('{ riskGraph(focus: "sub-0", depth: 9) { totalCount } }');
    expect(bad).toEqual({ data: null, errors: [{ message: 'riskGraph depth must be a whole number from 1 to 6', locations: [{ line: 1, column: 3 }], path: ['riskGraph'], extensions: { code: 'CG_API_BAD_REQUEST', category: 'validation', details: { field: 'depth' } } }] });
    const missing = (await query('{ riskGraph(focus: "nope") { totalCount } }')) as unknown as { errors: { extensions: { code: string } }[] };
    expect(missing.errors.map((e) => e.extensions.code)).toEqual(['CG_API_NOT_FOUND']);
  });

  it('batches nested node loads with DataLoader: one getNodes per nesting level, never one per node', async () => {
    const store = server.store as { getNodes: typeof server.store.getNodes; getNode: typeof server.store.getNode };
    const original = { getNodes: store.getNodes.bind(store), getNode: store.getNode.bind(store) };
    const calls: number[] = [];
    let single = 0;
    store.getNodes = (ids) => {
      calls.push(ids.length);
      return original.getNodes(ids);
    };
    store.getNode = (id) => {
      single += 1;
      return original.getNode(id);
    };
    try {
      const body = (await query('{ devices(first: 50) { nodes { id neighbours(first: 10) { nodes { node { id neighbours(first: 5) { nodes { node { name } } } } } } } } }')) as { errors?: unknown };
      expect(body.errors).toBeUndefined();
    } finally {
      store.getNodes = original.getNodes;
      store.getNode = original.getNode;
    }
    expect({ batches: calls.length, single }).toEqual({ batches: 2, single: 0 });
  });

  it('refuses a too-deep query before execution with CG_API_QUERY_TOO_DEEP', async () => {
    const deep = '{ node(id: "sub-0") { ... on GraphNode { neighbours(first: 1) { nodes { node { neighbours(first: 1) { nodes { node { neighbours(first: 1) { nodes { node { id } } } } } } } } } } } }';
    const response = await postGraphql(server.url, { query: deep }, { ...READER, accept: 'application/graphql-response+json' });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ errors: [{ message: 'The query is 11 levels deep; the limit is 10.', locations: [{ line: 1, column: 1 }], extensions: { code: 'CG_API_QUERY_TOO_DEEP', category: 'validation', details: { depth: 11, limit: 10 } } }] });
  });

  it('refuses a too-costly query before execution with CG_API_QUERY_TOO_COSTLY', async () => {
    const body = await query('{ assets(first: 500) { nodes { neighbours(first: 500) { nodes { node { id } } } } } }');
    expect(body).toEqual({ errors: [{ message: "The query's estimated cost is 751001; the limit is 25000.", locations: [{ line: 1, column: 1 }], extensions: { code: 'CG_API_QUERY_TOO_COSTLY', category: 'validation', details: { cost: 751001, limit: 25000 } } }] });
  });

  it('never leaks a stack trace and maps GraphQL errors to our codes', async () => {
    const body = (await query('{ nope }')) as { errors: { extensions: Record<string, unknown> }[] };
    expect(body.errors.map((e) => e.extensions)).toEqual([{ code: 'CG_API_BAD_REQUEST', category: 'validation' }]);
    expect(JSON.stringify(body)).not.toMatch(/stacktrace|at .*\.js/);
    const cursor = (await query('{ devices(after: "garbage") { totalCount } }')) as { errors: { extensions: Record<string, unknown> }[] };
    expect(cursor.errors[0]?.extensions['code']).toBe('CG_CURSOR_INVALID');
  });

  it('answers the probes and serves our explorer, not Apollo’s landing page', async () => {
    expect(await (await fetch(`${server.url}/health`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${server.url}/ready`)).json()).toEqual({ status: 'ready', store: 'embedded', storeVersion: 1, projectionVersion: 1, nodes: 693 });
    const landing = await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html', 'x-api-key': TEST_KEYS.reader } });
    expect(landing.headers.get('content-type')).not.toContain('text/html');
    const page = await fetch(`${server.url}/`);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<title>CivGraph — risk explorer</title>');
  });
});

describe('API request timeout', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ api: { requestTimeoutMs: 50 } });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('cuts off an operation that runs past the timeout with CG_API_TIMEOUT', async () => {
    const store = server.store as { listNodes: typeof server.store.listNodes };
    const original = store.listNodes.bind(store);
    store.listNodes = async (filter, page) => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return original(filter, page);
    };
    try {
      const { body } = await postGraphql(server.url, { query: '{ devices { totalCount } }' }, READER);
      expect(body.errors?.map((e) => e.extensions?.['code'])).toEqual(['CG_API_TIMEOUT']);
    } finally {
      store.listNodes = original;
    }
  });
});
