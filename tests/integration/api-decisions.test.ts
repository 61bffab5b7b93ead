import { appendFileSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendToLog, chainEntry, renderDecision, type DecisionRecord, type LogEntry } from '../../src/decision/index.js';
import { MemoryLiveFeed } from '../../src/api/testing/memory-live-feed.js';
import { postGraphql, startTestServer, TEST_KEYS, type TestServer } from '../../src/api/testing/start-test-server.js';

interface Body {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown>; path?: unknown[] }[];
}

const DECISION_FIELDS = 'id seq hash at status incident chosen { key } pendingApproval { key approvalReason } policyBundle modelVersion graphVersion';

describe('decisions and explanations over GraphQL (decision log, src/decision)', () => {
  let server: TestServer;
  let live: MemoryLiveFeed;
  let records: DecisionRecord[];
  const query = async (text: string, key: string = TEST_KEYS.analyst, variables?: Record<string, unknown>): Promise<Body> =>
    (await postGraphql(server.url, { query: text, ...(variables ? { variables } : {}) }, { 'x-api-key': key })).body;

  beforeAll(async () => {
    live = new MemoryLiveFeed();
    server = await startTestServer({ decisions: true, live });
    records = readFileSync(server.decisionLogPath, 'utf8').trim().split('\n').map((line) => (JSON.parse(line) as { record: DecisionRecord }).record);
  });
  afterAll(async () => {
    await server.stop();
  });

  it('lists the logged decisions newest first with their chain position, status and versions', async () => {
    const body = await query(`{ decisions(first: 10) { totalCount truncated pageInfo { hasNextPage hasPreviousPage } nodes { ${DECISION_FIELDS} } } }`);
    const page = body.data?.['decisions'] as { totalCount: number; truncated: boolean; nodes: { id: string; seq: number; status: string; chosen: { key: string }[]; pendingApproval: { key: string }[]; modelVersion: string }[] };
    expect(body.errors).toBeUndefined();
    expect(page.totalCount).toBe(4);
    expect(page.truncated).toBe(false);
    expect(page.nodes.map((d) => d.id)).toEqual([...records].reverse().map((r) => r.id));
    expect(page.nodes.map((d) => d.seq)).toEqual([3, 2, 1, 0]);
    expect(page.nodes.map((d) => d.status)).toEqual(['NO_ACTION', 'AWAITING_APPROVAL', 'ACTED', 'ACTED']);
    expect(page.nodes[1]?.pendingApproval.map((a) => a.key)).toEqual(['isolate-device@gw-shared']);
    expect(new Set(page.nodes.map((d) => d.modelVersion))).toEqual(new Set(['test-model']));
  });

  it('pages with cursors: two pages of two make the whole list, and say truncated', async () => {
    const all = (await query('{ decisions(first: 4) { nodes { id } } }')).data?.['decisions'] as { nodes: { id: string }[] };
    const first = (await query('{ decisions(first: 2) { totalCount truncated pageInfo { hasNextPage endCursor } nodes { id } } }')).data?.['decisions'] as {
      totalCount: number;
      truncated: boolean;
      pageInfo: { hasNextPage: boolean; endCursor: string };
      nodes: { id: string }[];
    };
    expect(first).toMatchObject({ totalCount: 4, truncated: true, pageInfo: { hasNextPage: true } });
    const second = (await query('query($after: String) { decisions(first: 2, after: $after) { pageInfo { hasNextPage hasPreviousPage } nodes { id } } }', TEST_KEYS.analyst, { after: first.pageInfo.endCursor })).data?.[
      'decisions'
    ] as { pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean }; nodes: { id: string }[] };
    expect(second.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true });
    expect([...first.nodes, ...second.nodes]).toEqual(all.nodes);
  });

  it('filters by status, target and incident', async () => {
    const pending = (await query('{ decisions(filter: { status: AWAITING_APPROVAL }) { totalCount nodes { id } } }')).data?.['decisions'];
    const held = records.filter((r) => r.pendingApproval.length > 0).map((r) => r.id);
    expect(pending).toEqual({ totalCount: held.length, nodes: held.map((id) => ({ id })) });
    const onGateway = (await query('{ decisions(filter: { target: "gw-shared" }) { nodes { id } } }')).data?.['decisions'] as { nodes: { id: string }[] };
    expect(onGateway.nodes.map((d) => d.id)).toEqual(records.filter((r) => [...r.chosen, ...r.pendingApproval].some((a) => a.target === 'gw-shared')).map((r) => r.id).reverse());
    const incident = records[0]!.incident.id;
    const byIncident = (await query(`{ decisions(filter: { incident: "${incident}" }) { nodes { id } } }`)).data?.['decisions'];
    expect(byIncident).toEqual({ nodes: records.filter((r) => r.incident.id === incident).map((r) => ({ id: r.id })).reverse() });
  });

  it('opens one decision with its plain-language explanation and the paths to highlight', async () => {
    const record = records.find((r) => r.paths.length > 0)!;
    const body = await query(`{ decision(id: "${record.id}") { id explanation { summary text counterfactual paths { nodes kinds probability domains } record } } }`);
    const decision = body.data?.['decision'] as { explanation: { summary: string; text: string; counterfactual: string; paths: unknown[]; record: DecisionRecord } };
    expect(decision.explanation.text).toBe(renderDecision(record));
    expect(decision.explanation.summary).toBe(renderDecision(record).split('\n')[0]);
    expect(decision.explanation.paths).toEqual(record.paths);
    expect(decision.explanation.counterfactual).toBe(record.counterfactual);
    expect(decision.explanation.record).toEqual(record);
    expect((await query('{ decision(id: "no-such-decision") { id } }')).data).toEqual({ decision: null });
  });

  it('verifies the hash chain', async () => {
    const body = await query('{ decisionLogIntegrity { ok entries problems } }');
    expect(body.data).toEqual({ decisionLogIntegrity: { ok: true, entries: 4, problems: [] } });
  });

  it('shows a decision the loop appends without a restart', async () => {
    const next = { ...records[0]!, id: 'decision-appended-by-loop', time: '2026-02-01T00:00:00.000Z' };
    appendToLog(server.decisionLogPath, [next]);
    const body = await query('{ decisions(first: 1) { totalCount nodes { id seq } } decision(id: "decision-appended-by-loop") { status } }');
    expect(body.data).toEqual({ decisions: { totalCount: 5, nodes: [{ id: 'decision-appended-by-loop', seq: 4 }] }, decision: { status: records[0]!.pendingApproval.length > 0 ? 'AWAITING_APPROVAL' : records[0]!.chosen.length > 0 ? 'ACTED' : 'NO_ACTION' } });
  });

  it('refuses readers with CG_API_FORBIDDEN and anonymous callers with CG_API_UNAUTHENTICATED', async () => {
    const body = await query('{ decisions { totalCount } }', TEST_KEYS.reader);
    expect(body.data).toBeNull();
    expect(body.errors?.map((e) => [e.extensions?.['code'], e.path])).toEqual([['CG_API_FORBIDDEN', ['decisions']]]);
    const anonymous = await postGraphql(server.url, { query: '{ decisions { totalCount } }' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.errors?.[0]?.extensions?.['code']).toBe('CG_API_UNAUTHENTICATED');
  });

  it('approves and rejects held actions through the loop (SOC only), shows them on the decision and audits them', async () => {
    const held = records.find((r) => r.pendingApproval.length > 0)!;
    const key = held.pendingApproval[0]!.key;
    const approve = `mutation { approveAction(decision: "${held.id}", action: "${key}", comment: "ok") { decisionId actionKey status } }`;
    const refused = await query(approve, TEST_KEYS.analyst);
    expect(refused.errors?.map((e) => e.extensions?.['code'])).toEqual(['CG_API_FORBIDDEN']);
    expect(live.approvals).toEqual([]);
    const approved = await query(approve, TEST_KEYS.soc);
    expect(approved.data).toEqual({ approveAction: { decisionId: held.id, actionKey: key, status: 'APPLIED' } });
    const rejected = await query(`mutation { rejectAction(decision: "${held.id}", action: "${key}", comment: "too disruptive") { status } }`, TEST_KEYS.soc);
    expect(rejected.data).toEqual({ rejectAction: { status: 'REJECTED' } });
    expect(live.approvals.map((a) => [a.decisionId, a.actionKey, a.approve, a.actor, a.comment])).toEqual([
      [held.id, key, true, 'api-key#2', 'ok'],
      [held.id, key, false, 'api-key#2', 'too disruptive'],
    ]);
    const shown = await query(`{ decision(id: "${held.id}") { approvals { actionKey status } } }`);
    expect(shown.data).toEqual({ decision: { approvals: [{ actionKey: key, status: 'APPLIED' }, { actionKey: key, status: 'REJECTED' }] } });
    const audit = readFileSync(server.auditLogPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { operation: string; outcome: string; role: string });
    expect(audit.map((e) => `${e.operation}:${e.outcome}:${e.role}`)).toEqual([
      'approveAction:refused:analyst',
      'approveAction:started:soc',
      'approveAction:succeeded:soc',
      'rejectAction:started:soc',
      'rejectAction:succeeded:soc',
    ]);
  });

  it('refuses an action the decision does not hold, and an unknown decision, with codes', async () => {
    const held = records.find((r) => r.pendingApproval.length > 0)!;
    const wrong = await query(`mutation { approveAction(decision: "${held.id}", action: "evacuate-zone@z-0") { status } }`, TEST_KEYS.soc);
    expect(wrong.errors?.map((e) => [e.extensions?.['code'], (e.extensions?.['details'] as { field: string }).field])).toEqual([['CG_API_BAD_REQUEST', 'action']]);
    const unknown = await query('mutation { approveAction(decision: "nope", action: "x@y") { status } }', TEST_KEYS.soc);
    expect(unknown.errors?.map((e) => e.extensions?.['code'])).toEqual(['CG_API_NOT_FOUND']);
  });

  it('pages by seq: decisions the loop appends between two pages neither repeat nor shift items', async () => {
    type Page = { pageInfo: { endCursor: string }; nodes: { seq: number }[] };
    const page = async (after?: string): Promise<Page> =>
      (await query('query($after: String) { decisions(first: 2, after: $after) { pageInfo { endCursor } nodes { seq } } }', TEST_KEYS.analyst, { after: after ?? null })).data?.['decisions'] as Page;
    const first = await page();
    const top = first.nodes[0]!.seq;
    appendToLog(server.decisionLogPath, [{ ...records[0]!, id: 'decision-between-pages' }]);
    const second = await page(first.pageInfo.endCursor);
    expect([...first.nodes, ...second.nodes].map((d) => d.seq)).toEqual([top, top - 1, top - 2, top - 3]);
  });

  it('skips a corrupt line, keeps serving decisions, and names the line in decisionLogIntegrity', async () => {
    const text = readFileSync(server.decisionLogPath, 'utf8');
    const lines = text.split('\n');
    const after = chainEntry(JSON.parse(lines.at(-2)!) as LogEntry, { ...records[0]!, id: 'decision-after-corrupt-line' });
    appendFileSync(server.decisionLogPath, `{"seq": broken\n${JSON.stringify(after)}\n`);
    const body = await query('{ decisions(first: 1) { nodes { id } } decisionLogIntegrity { ok problems } }');
    expect(body.errors).toBeUndefined();
    expect(body.data?.['decisions']).toEqual({ nodes: [{ id: 'decision-after-corrupt-line' }] });
    const integrity = body.data?.['decisionLogIntegrity'] as { ok: boolean; problems: string[] };
    expect(integrity.ok).toBe(false);
    expect(integrity.problems[0]).toBe(`${server.decisionLogPath}:${lines.length}: line is not JSON`);
  });
});

describe('decisions on a server without a decision log or live loop', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('answers CG_API_DECISIONS_UNAVAILABLE and CG_API_LIVE_UNAVAILABLE', async () => {
    const decisions = await postGraphql(server.url, { query: '{ decisions { totalCount } }' }, { 'x-api-key': TEST_KEYS.soc });
    expect(decisions.body.errors?.map((e) => e.extensions?.['code'])).toEqual(['CG_API_DECISIONS_UNAVAILABLE']);
    const approve = await postGraphql(server.url, { query: 'mutation { approveAction(decision: "d", action: "a@b") { status } }' }, { 'x-api-key': TEST_KEYS.soc });
    expect(approve.body.errors?.map((e) => e.extensions?.['code'])).toEqual(['CG_API_LIVE_UNAVAILABLE']);
  });
});
