import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EngineError } from '../../src/core/index.js';
import { MemoryLiveFeed } from '../../src/api/testing/memory-live-feed.js';
import { testAlert, testIncident } from '../../src/api/testing/live-fixtures.js';
import { postGraphql, startTestServer, TEST_KEYS, type TestServer } from '../../src/api/testing/start-test-server.js';

interface Body {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown>; path?: unknown[] }[];
}

describe('alerts, incidents, feedback and the HTTP live endpoints (LiveFeed)', () => {
  let server: TestServer;
  let live: MemoryLiveFeed;
  const query = async (text: string, key: string = TEST_KEYS.soc): Promise<Body> => (await postGraphql(server.url, { query: text }, { 'x-api-key': key })).body;
  const post = (path: string, body: string, key?: string) =>
    fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { 'x-api-key': key } : {}) }, body });

  beforeAll(async () => {
    live = new MemoryLiveFeed({ capacity: 5 });
    for (const [i, severity] of (['LOW', 'MEDIUM', 'HIGH', 'CRITICAL', 'LOW', 'HIGH'] as const).entries()) live.publishAlert(testAlert(i, severity));
    live.publishIncident(testIncident(['alert-0', 'alert-1', 'alert-2']));
    server = await startTestServer({ live, metrics: () => '# TYPE civgraph_events_total counter\ncivgraph_events_total 42\n' });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('pages alerts newest first by severity, and says truncated when history was dropped', async () => {
    const body = await query('{ alerts(minSeverity: HIGH, first: 2) { totalCount truncated pageInfo { hasNextPage endCursor } nodes { id severity at device { id } contributions { feature value actual expected } } } }');
    expect(body.data).toEqual({
      alerts: {
        totalCount: 3,
        truncated: true,
        pageInfo: { hasNextPage: true, endCursor: '2' },
        nodes: [
          { id: 'alert-5', severity: 'HIGH', at: '2026-01-05T02:05:00.000Z', device: { id: 'cam-0' }, contributions: [{ feature: 'loginFailures', value: 1.2, actual: 7, expected: 0.1 }] },
          { id: 'alert-3', severity: 'CRITICAL', at: '2026-01-05T02:03:00.000Z', device: { id: 'cam-0' }, contributions: [{ feature: 'loginFailures', value: 1.2, actual: 7, expected: 0.1 }] },
        ],
      },
    });
    const next = await query('{ alerts(minSeverity: HIGH, first: 2, after: "2") { pageInfo { hasNextPage hasPreviousPage } nodes { id } } }');
    expect(next.data).toEqual({ alerts: { pageInfo: { hasNextPage: false, hasPreviousPage: true }, nodes: [{ id: 'alert-2' }] } });
  });

  it('lists incidents with the alerts still in history', async () => {
    const body = await query('{ incidents { totalCount truncated nodes { id severity probability alertIds alerts { id } decisions { id } } } }');
    expect(body.data).toEqual({
      incidents: { totalCount: 1, truncated: false, nodes: [{ id: 'incident-1', severity: 'HIGH', probability: 0.8, alertIds: ['alert-0', 'alert-1', 'alert-2'], alerts: [{ id: 'alert-1' }, { id: 'alert-2' }], decisions: [] }] },
    });
    expect((await query('{ incident(id: "incident-9") { id } alert(id: "alert-3") { severity } }')).data).toEqual({ incident: null, alert: { severity: 'CRITICAL' } });
  });

  it('refuses readers alerts with CG_API_FORBIDDEN and a bad since with CG_API_BAD_REQUEST', async () => {
    expect((await query('{ alerts { totalCount } }', TEST_KEYS.reader)).errors?.map((e) => e.extensions?.['code'])).toEqual(['CG_API_FORBIDDEN']);
    const bad = await query('{ incidents(since: "yesterday") { totalCount } }');
    expect(bad.errors?.map((e) => [e.extensions?.['code'], (e.extensions?.['details'] as { field: string }).field])).toEqual([['CG_API_BAD_REQUEST', 'since']]);
  });

  it('records feedback from SOC and analysts, refuses readers and architects, and audits it', async () => {
    const give = 'mutation { giveFeedback(feedback: { alert: "alert-3", verdict: FALSE_POSITIVE, comment: "maintenance" }) { alert recordedAt threshold { deviceKind before after } } }';
    expect((await query(give, TEST_KEYS.architect)).errors?.map((e) => e.extensions?.['code'])).toEqual(['CG_API_FORBIDDEN']);
    expect((await query(give, TEST_KEYS.analyst)).data).toEqual({
      giveFeedback: { alert: 'alert-3', recordedAt: '2026-01-01T00:00:00.000Z', threshold: { deviceKind: 'Camera', before: 0.5, after: 0.55 } },
    });
    expect(live.feedback).toEqual([{ alertId: 'alert-3', verdict: 'FALSE_POSITIVE', comment: 'maintenance', analyst: 'api-key#3' }]);
    const unknown = await query('mutation { giveFeedback(feedback: { alert: "alert-99", verdict: BENIGN }) { alert } }');
    expect(unknown.errors?.map((e) => e.extensions?.['code'])).toEqual(['CG_API_NOT_FOUND']);
    const audit = readFileSync(server.auditLogPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { operation: string; outcome: string; arguments: unknown; error?: string });
    expect(audit.filter((e) => e.operation === 'giveFeedback').map((e) => [e.outcome, e.error ?? null])).toEqual([
      ['refused', 'CG_API_FORBIDDEN'],
      ['started', null],
      ['succeeded', null],
      ['started', null],
      ['failed', 'CG_API_NOT_FOUND'],
    ]);
  });

  it('serves Prometheus text at /metrics', async () => {
    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(await response.text()).toBe('# TYPE civgraph_events_total counter\ncivgraph_events_total 42\n');
  });

  it('hands POST /ingest/events to the loop for SOC and architects, with per-item rejections', async () => {
    const body = JSON.stringify([
      { topic: 'civgraph/senml/cam-0', payload: '[{"n":"x","v":1}]' },
      { topic: 'elsewhere', payload: { n: 'y' } },
    ]);
    const response = await post('/ingest/events', body, TEST_KEYS.architect);
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ accepted: 1, rejected: [{ index: 1, code: 'CG_PIPELINE_TOPIC_UNKNOWN', message: 'no source listens on elsewhere' }] });
    expect(live.submitted).toEqual([{ topic: 'civgraph/senml/cam-0', payload: '[{"n":"x","v":1}]' }]);
  });

  it('refuses POST /ingest/events with coded errors: no credentials, wrong role, bad body', async () => {
    const codes = async (response: Response) => [response.status, ((await response.json()) as Body).errors?.map((e) => e.extensions?.['code'])];
    expect(await codes(await post('/ingest/events', '[]'))).toEqual([401, ['CG_API_UNAUTHENTICATED']]);
    expect(await codes(await post('/ingest/events', '[{"topic":"civgraph/x","payload":"1"}]', TEST_KEYS.analyst))).toEqual([403, ['CG_API_FORBIDDEN']]);
    expect(await codes(await post('/ingest/events', '[]', TEST_KEYS.soc))).toEqual([400, ['CG_API_EVENTS_INVALID']]);
    expect(await codes(await post('/ingest/events', '{not json', TEST_KEYS.soc))).toEqual([400, ['CG_API_EVENTS_INVALID']]);
    const missing = await post('/ingest/events', '[{"topic":"civgraph/x"}]', TEST_KEYS.soc);
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as Body).errors?.[0]?.extensions?.['details']).toEqual({
      max: 10_000,
      rejected: [{ index: 0, code: 'CG_API_EVENTS_INVALID', message: 'item 0: field payload is missing' }],
    });
  });

  it('rejects malformed items alone with their index, code and field, and submits the rest', async () => {
    const before = live.submitted.length;
    const body = JSON.stringify([{ topic: '', payload: 'a' }, { topic: 'civgraph/senml/cam-1', payload: 'b' }, 7, { topic: 'elsewhere', payload: 'c' }, { topic: 'civgraph/senml/cam-2' }]);
    const response = await post('/ingest/events', body, TEST_KEYS.soc);
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({
      accepted: 1,
      rejected: [
        { index: 0, code: 'CG_API_EVENTS_INVALID', message: 'item 0: field topic must be a string of 1 to 512 characters' },
        { index: 2, code: 'CG_API_EVENTS_INVALID', message: 'item 2: the item must be an object { topic, payload }' },
        { index: 3, code: 'CG_PIPELINE_TOPIC_UNKNOWN', message: 'no source listens on elsewhere' },
        { index: 4, code: 'CG_API_EVENTS_INVALID', message: 'item 4: field payload is missing' },
      ],
    });
    expect(live.submitted.slice(before)).toEqual([{ topic: 'civgraph/senml/cam-1', payload: 'b' }]);
  });

  it('audits a submit the loop fails as started then failed, answering the code with its HTTP status', async () => {
    const submit = vi.spyOn(live, 'submit').mockRejectedValueOnce(new EngineError('CG_API_LIVE_UNAVAILABLE', 'the loop is stopping'));
    const response = await post('/ingest/events', '[{"topic":"civgraph/x","payload":"1"}]', TEST_KEYS.soc);
    submit.mockRestore();
    expect([response.status, ((await response.json()) as Body).errors?.map((e) => e.extensions?.['code'])]).toEqual([503, ['CG_API_LIVE_UNAVAILABLE']]);
    const audit = readFileSync(server.auditLogPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { operation: string; outcome: string; error?: string });
    expect(audit.filter((e) => e.operation === 'ingestEvents').slice(-2).map((e) => [e.outcome, e.error ?? null])).toEqual([
      ['started', null],
      ['failed', 'CG_API_LIVE_UNAVAILABLE'],
    ]);
  });
});

describe('live operations on a server without a live loop', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('answers CG_API_LIVE_UNAVAILABLE for queries, mutations and /ingest/events, and has no /metrics', async () => {
    for (const field of ['alerts', 'incidents']) {
      const body = (await postGraphql(server.url, { query: `{ ${field} { totalCount } }` }, { 'x-api-key': TEST_KEYS.soc })).body;
      expect(body.errors?.map((e) => [e.extensions?.['code'], e.path])).toEqual([['CG_API_LIVE_UNAVAILABLE', [field]]]);
    }
    const feedback = (await postGraphql(server.url, { query: 'mutation { giveFeedback(feedback: { alert: "a", verdict: BENIGN }) { alert } }' }, { 'x-api-key': TEST_KEYS.soc })).body;
    expect(feedback.errors?.map((e) => e.extensions?.['code'])).toEqual(['CG_API_LIVE_UNAVAILABLE']);
    const events = await fetch(`${server.url}/ingest/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': TEST_KEYS.soc }, body: '[{"topic":"civgraph/x","payload":"1"}]' });
    expect(events.status).toBe(503);
    expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
  });
});
