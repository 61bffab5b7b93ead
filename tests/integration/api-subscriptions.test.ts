import { readFileSync } from 'node:fs';
import { createClient, type Client, type ExecutionResult } from 'graphql-ws';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { DecisionRecord } from '../../src/decision/index.js';
import { testAlert } from '../../src/api/testing/live-fixtures.js';
import { MemoryLiveFeed } from '../../src/api/testing/memory-live-feed.js';
import { MAX_SUBSCRIPTIONS_PER_CONNECTION } from '../../src/api/subscriptions/mount-subscriptions.js';
import { postGraphql, startTestServer, TEST_JWT_SECRET, TEST_KEYS, type TestServer } from '../../src/api/testing/start-test-server.js';

interface Watched {
  readonly events: ExecutionResult[];
  error: unknown;
  closed: boolean;
  unsubscribe(): void;
}

function client(server: TestServer, params: Record<string, string>, onClosed?: (code: number, reason: string) => void): Client {
  return createClient({
    url: `${server.url.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: params,
    retryAttempts: 0,
    lazy: true,
    on: { closed: (event) => onClosed?.((event as { code: number }).code, String((event as { reason: unknown }).reason)) },
  });
}

function watch(c: Client, query: string, variables?: Record<string, unknown>): Watched {
  const watched: Watched = {
    events: [],
    error: undefined,
    closed: false,
    unsubscribe: () => undefined,
  };
  watched.unsubscribe = c.subscribe(
    { query, ...(variables ? { variables } : {}) },
    {
      next: (value) => watched.events.push(value as ExecutionResult),
      error: (error) => {
        watched.error = error;
        watched.closed = true;
      },
      complete: () => {
        watched.closed = true;
      },
    },
  );
  return watched;
}

const codesOf = (errors: unknown): unknown[] => (errors as { extensions?: { code?: string } }[]).map((e) => e.extensions?.code);

describe('subscriptions over graphql-ws on /graphql', () => {
  let server: TestServer;
  let live: MemoryLiveFeed;
  let decision: DecisionRecord;
  let serviceId: string;
  const clients: Client[] = [];
  const open = (params: Record<string, string>, onClosed?: (code: number, reason: string) => void) => {
    const c = client(server, params, onClosed);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    live = new MemoryLiveFeed();
    server = await startTestServer({ live, decisions: true, api: { maxCost: 60, maxDepth: 4 } });
    decision = (JSON.parse(readFileSync(server.decisionLogPath, 'utf8').trim().split('\n')[2] as string) as { record: DecisionRecord }).record;
    const services = (await postGraphql(server.url, { query: '{ services(first: 1) { nodes { id } } }' }, { 'x-api-key': TEST_KEYS.reader })).body.data as { services: { nodes: { id: string }[] } };
    serviceId = services.services.nodes[0]!.id;
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await server.stop();
  });

  it('closes a connection without credentials (4401) or with a wrong key (4403), naming the code', async () => {
    const seen: [number, string][] = [];
    const none = watch(open({}, (code, reason) => seen.push([code, reason])), 'subscription { decisions { id } }');
    const wrong = watch(open({ 'x-api-key': 'not-a-key-0123456789' }, (code, reason) => seen.push([code, reason])), 'subscription { decisions { id } }');
    await vi.waitFor(() => expect(none.closed && wrong.closed).toBe(true));
    expect(seen.sort()).toEqual([
      [4401, 'CG_API_UNAUTHENTICATED'],
      [4403, 'CG_API_TOKEN_INVALID'],
    ]);
  });

  it('streams alerts of at least minSeverity in order, and detaches from the loop when completed', async () => {
    const alerts = watch(open({ 'x-api-key': TEST_KEYS.soc }), 'subscription { alerts(minSeverity: HIGH) { id severity device { id } } }');
    await vi.waitFor(() => expect(live.listeners('alert')).toBe(1));
    for (const [i, severity] of (['LOW', 'HIGH', 'MEDIUM', 'CRITICAL'] as const).entries()) live.publishAlert(testAlert(i, severity));
    await vi.waitFor(() => expect(alerts.events).toHaveLength(2));
    expect(alerts.events).toEqual([
      { data: { alerts: { id: 'alert-1', severity: 'HIGH', device: { id: 'cam-0' } } } },
      { data: { alerts: { id: 'alert-3', severity: 'CRITICAL', device: { id: 'cam-0' } } } },
    ]);
    alerts.unsubscribe();
    await vi.waitFor(() => expect(live.listeners('alert')).toBe(0));
  });

  it('authenticates with a JWT in connection_init and streams decisions with their place in the log', async () => {
    const token = await new SignJWT({ role: 'analyst' }).setProtectedHeader({ alg: 'HS256' }).setSubject('ana').setExpirationTime('5m').sign(new TextEncoder().encode(TEST_JWT_SECRET));
    const decisions = watch(open({ authorization: `Bearer ${token}` }), 'subscription { decisions { id seq status explanation { summary } } }');
    await vi.waitFor(() => expect(live.listeners('decision')).toBe(1));
    live.publishDecision(decision);
    live.publishDecision({ ...decision, id: 'decision-not-yet-logged', pendingApproval: [], chosen: [] });
    await vi.waitFor(() => expect(decisions.events).toHaveLength(2));
    expect(decisions.events).toEqual([
      { data: { decisions: { id: decision.id, seq: 2, status: 'AWAITING_APPROVAL', explanation: { summary: `Decision ${decision.id} at ${decision.time} (incident ${decision.incident.id})` } } } },
      { data: { decisions: { id: 'decision-not-yet-logged', seq: null, status: 'NO_ACTION', explanation: { summary: `Decision decision-not-yet-logged at ${decision.time} (incident ${decision.incident.id})` } } } },
    ]);
    decisions.unsubscribe();
  });

  it('refuses a reader the alerts stream with CG_API_FORBIDDEN, but streams service risk crossings to it', async () => {
    const reader = open({ 'x-api-key': TEST_KEYS.reader });
    const alerts = watch(reader, 'subscription { alerts { id } }');
    await vi.waitFor(() => expect(alerts.closed).toBe(true));
    expect(alerts.events.map((e) => codesOf(e.errors))).toEqual([['CG_API_FORBIDDEN']]);
    const crossing = watch(reader, 'subscription($s: ID!) { serviceRiskCrossed(service: $s, threshold: 0.3) { serviceId service { id } risk threshold rising at } }', { s: serviceId });
    await vi.waitFor(() => expect(live.listeners('serviceRisk')).toBe(1));
    live.crossServiceRisk({ serviceId, risk: 0.42, threshold: 0.3, rising: true, time: '2026-01-05T03:00:00.000Z' });
    live.crossServiceRisk({ serviceId, risk: 0.5, threshold: 0.6, rising: true, time: '2026-01-05T03:01:00.000Z' });
    await vi.waitFor(() => expect(crossing.events).toHaveLength(1));
    expect(crossing.events).toEqual([{ data: { serviceRiskCrossed: { serviceId, service: { id: serviceId }, risk: 0.42, threshold: 0.3, rising: true, at: '2026-01-05T03:00:00.000Z' } } }]);
    crossing.unsubscribe();
    await vi.waitFor(() => expect(live.listeners('serviceRisk')).toBe(0));
  });

  it('refuses a bad threshold or an unknown service with codes', async () => {
    const c = open({ 'x-api-key': TEST_KEYS.soc });
    const threshold = watch(c, `subscription { serviceRiskCrossed(service: "${serviceId}", threshold: 1.5) { risk } }`);
    const unknown = watch(c, 'subscription { serviceRiskCrossed(service: "cam-0", threshold: 0.5) { risk } }');
    await vi.waitFor(() => expect(threshold.closed && unknown.closed).toBe(true));
    expect([threshold, unknown].map((w) => w.events.map((e) => codesOf(e.errors)))).toEqual([[['CG_API_BAD_REQUEST']], [['CG_API_NOT_FOUND']]]);
  });

  it('refuses a too costly or too deep subscription before it starts, with the limit codes', async () => {
    const c = open({ 'x-api-key': TEST_KEYS.soc });
    const costly = watch(c, 'subscription { alerts { id device { id neighbours(first: 100) { totalCount } } } }');
    const deep = watch(c, 'subscription { alerts { device { neighbours(first: 1) { nodes { node { id } } } } } }');
    const invalid = watch(c, 'subscription { alerts { nope } }');
    await vi.waitFor(() => expect(costly.closed && deep.closed && invalid.closed).toBe(true));
    expect(costly.error).toEqual([{ message: 'The query\'s estimated cost is 105; the limit is 60.', locations: [{ line: 1, column: 1 }], extensions: { code: 'CG_API_QUERY_TOO_COSTLY', category: 'validation', details: { cost: 105, limit: 60 } } }]);
    expect(codesOf(deep.error)).toEqual(['CG_API_QUERY_TOO_DEEP']);
    expect(codesOf(invalid.error)).toEqual(['CG_API_BAD_REQUEST']);
    expect(live.listeners('alert')).toBe(0);
  });
  it('refuses a subscription sent over plain HTTP with CG_API_BAD_REQUEST, before it runs', async () => {
    const response = await postGraphql(server.url, { query: 'subscription { alerts { id } }' }, { 'x-api-key': TEST_KEYS.soc });
    expect(response.body.errors?.map((e) => [e.extensions?.['code'], e.message])).toEqual([
      ['CG_API_BAD_REQUEST', 'Subscriptions are served over graphql-ws: open a WebSocket to /graphql (protocol graphql-transport-ws).'],
    ]);
    expect(response.body.data).toBeUndefined();
  });

  it('refuses the subscription past the per-connection limit with CG_API_SUBSCRIPTION_LIMIT', async () => {
    const c = open({ 'x-api-key': TEST_KEYS.soc });
    const held = Array.from({ length: MAX_SUBSCRIPTIONS_PER_CONNECTION }, () => watch(c, 'subscription { decisions { id } }'));
    await vi.waitFor(() => expect(live.listeners('decision')).toBe(MAX_SUBSCRIPTIONS_PER_CONNECTION));
    const extra = watch(c, 'subscription { decisions { id } }');
    await vi.waitFor(() => expect(extra.closed).toBe(true));
    expect(codesOf(extra.error)).toEqual(['CG_API_SUBSCRIPTION_LIMIT']);
    for (const w of held) w.unsubscribe();
    await vi.waitFor(() => expect(live.listeners('decision')).toBe(0));
  });
});

describe('subscription lifecycle', () => {
  it('ends subscriptions cleanly (1001) when the server stops, detaching from the loop', async () => {
    const live = new MemoryLiveFeed();
    const server = await startTestServer({ live });
    const seen: number[] = [];
    const c = client(server, { 'x-api-key': TEST_KEYS.soc }, (code) => seen.push(code));
    const alerts = watch(c, 'subscription { alerts { id } }');
    await vi.waitFor(() => expect(live.listeners('alert')).toBe(1));
    await server.stop();
    await vi.waitFor(() => expect(alerts.closed).toBe(true));
    expect(seen).toEqual([1001]);
    expect(live.listeners('alert')).toBe(0);
    await c.dispose();
  });

  it('answers CG_API_LIVE_UNAVAILABLE without a live loop', async () => {
    const server = await startTestServer();
    const c = client(server, { 'x-api-key': TEST_KEYS.soc });
    const alerts = watch(c, 'subscription { alerts { id } }');
    await vi.waitFor(() => expect(alerts.closed).toBe(true));
    expect(alerts.events.map((e) => codesOf(e.errors))).toEqual([['CG_API_LIVE_UNAVAILABLE']]);
    await c.dispose();
    await server.stop();
  });
});
