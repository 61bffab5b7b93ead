import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isEngineError } from '../core/index.js';
import { verifyLog } from '../decision/index.js';
import type { WriteResult } from '../graph/port.js';
import { openChainedJournal } from './chained-journal.js';
import { createLiveFeed, type ApprovalRecord } from './create-live-feed.js';
import { gatedStore, liveFixture, testLoop } from './live-harness.test-support.js';
import { createRuleScorer } from './rule-scorer.test-support.js';
import { encodeLiveEvent } from './topic-layout.js';

const fixture = liveFixture({ scenario: 'gateway-ransomware' });

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (error) {
    return isEngineError(error) ? error.code : 'not an EngineError';
  }
  return undefined;
}

function setUp() {
  const t = testLoop(fixture, { scorer: createRuleScorer() });
  const file = join(mkdtempSync(join(tmpdir(), 'cg-feed-')), 'feedback.jsonl');
  const actions: ApprovalRecord[] = [];
  const feed = createLiveFeed({ loop: t.loop, ingestor: t.ingestor, journal: openChainedJournal(file), onAction: (r) => actions.push(r), now: () => '2026-01-06T00:00:00.000Z' });
  return { t, feed, file, actions };
}

describe('the LiveFeed over a running loop', () => {
  it('ingests over HTTP through the same adapters, rejecting bad payloads by index', async () => {
    const { feed, t } = setUp();
    const good = fixture.events.find((e) => e.event.type === 'security')!;
    const result = await feed.submit([
      { topic: `city/p0/${good.event.deviceId}/event`, payload: encodeLiveEvent(good) },
      { topic: `city/p0/${good.event.deviceId}/event`, payload: '{"id":1}' },
      { topic: `city/p0/${good.event.deviceId}/event`, payload: new TextEncoder().encode(encodeLiveEvent(good)) },
    ]);
    expect(result).toEqual({ accepted: 2, rejected: [{ index: 1, code: 'CG_PIPELINE_PAYLOAD_INVALID', message: `message http-1 on city/p0/${good.event.deviceId}/event: id must be a non-empty string` }] });
    expect([t.processed, t.loop.metrics.counter('duplicate')]).toEqual([[good.event.id], 1]);
  });

  it('answers a submit only once its events are stored; scoring ran on acceptance, before the store committed', async () => {
    const { store, written, release } = gatedStore();
    const t = testLoop(fixture, { scorer: createRuleScorer(), store });
    const feed = createLiveFeed({ loop: t.loop, ingestor: t.ingestor });
    const events = fixture.events.slice(0, 3);
    let answered = false;
    const submitted = feed.submit(events.map((e) => ({ topic: `city/p0/${e.event.deviceId}/event`, payload: encodeLiveEvent(e) }))).then((r) => ((answered = true), r));
    await new Promise((r) => setTimeout(r, 30));
    expect([answered, t.processed, written]).toEqual([false, events.map((e) => e.event.id), []]);
    release();
    expect(await submitted).toEqual({ accepted: 3, rejected: [] });
    expect(written).toEqual(events.map((e) => e.event.id));
  });

  it('refuses a submit the store does not commit in time with CG_PIPELINE_STORE_PENDING; the events were processed', async () => {
    const store = { write: (): Promise<WriteResult> => new Promise<WriteResult>(() => undefined) };
    const t = testLoop(fixture, { scorer: createRuleScorer(), store });
    const feed = createLiveFeed({ loop: t.loop, ingestor: t.ingestor, storeWaitMs: 50 });
    const events = fixture.events.slice(0, 2);
    let caught: unknown;
    try {
      await feed.submit(events.map((e) => ({ topic: `city/p0/${e.event.deviceId}/event`, payload: encodeLiveEvent(e) })));
    } catch (error) {
      caught = error;
    }
    expect(isEngineError(caught) ? [caught.code, caught.details] : caught).toEqual(['CG_PIPELINE_STORE_PENDING', { accepted: 2, waitedMs: 50 }]);
    expect(t.processed).toEqual(events.map((e) => e.event.id));
  });

  it('after a restart: approves a decision of an earlier run from the log, and refuses one resolved before the restart', async () => {
    const event = { type: 'security' as const, id: 'enc-1', time: '2026-01-05T10:00:00.000Z', deviceId: 'gw-shared', kind: 'Gateway' as const, domain: 'Communications' as const, action: 'fileEncryption' as const, count: 30 };
    const earlier = setUp().t.loop.process({ event }).decision!;
    const key = 'isolate-device@gw-shared';
    const restart = (resolvedApprovals: ApprovalRecord[]) => {
      const t = testLoop(fixture, { scorer: createRuleScorer() });
      const actions: ApprovalRecord[] = [];
      const feed = createLiveFeed({
        loop: t.loop, ingestor: t.ingestor, onAction: (r) => actions.push(r), now: () => '2026-01-07T00:00:00.000Z',
        findDecision: (id) => (id === earlier.id ? earlier : undefined), resolvedApprovals,
      });
      return { feed, actions };
    };
    const fresh = restart([]);
    expect(await fresh.feed.resolveApproval({ decisionId: earlier.id, actionKey: key, approve: true, actor: 'soc-lead' })).toEqual({ decisionId: earlier.id, actionKey: key, status: 'APPLIED', at: '2026-01-07T00:00:00.000Z' });
    expect(fresh.actions.map((a) => [a.decisionId, a.actionKey, a.status])).toEqual([[earlier.id, key, 'APPLIED']]);
    const given: ApprovalRecord = { type: 'approval', decisionId: earlier.id, actionKey: key, action: 'isolate-device', target: 'gw-shared', status: 'REJECTED', actor: 'soc-2', at: '2026-01-06T00:00:00.000Z' };
    const again = restart([given]);
    expect(await codeOf(again.feed.resolveApproval({ decisionId: earlier.id, actionKey: key, approve: true, actor: 'soc-lead' }))).toBe('CG_PIPELINE_APPROVAL_RESOLVED');
    expect(await codeOf(again.feed.resolveApproval({ decisionId: 'decision-none', actionKey: key, approve: true, actor: 'x' }))).toBe('CG_PIPELINE_DECISION_UNKNOWN');
    expect(again.actions).toEqual([]);
  });

  it('moves a device class threshold on confirmed verdicts only, in bounded steps, and journals every verdict', async () => {
    const { feed, t, file } = setUp();
    for (const e of fixture.events) t.loop.process(e);
    const page = feed.alerts({ first: 2 });
    const alert = page.items[0]!;
    expect(page.totalCount).toBe(t.loop.alerts.size);
    expect(feed.alerts({ first: 2, ...(page.endCursor === undefined ? {} : { after: page.endCursor }) }).items[0]?.id).not.toBe(alert.id);
    const tp = await feed.giveFeedback({ alertId: alert.id, verdict: 'TRUE_POSITIVE', analyst: 'ana' });
    const fp = await feed.giveFeedback({ alertId: alert.id, verdict: 'FALSE_POSITIVE', analyst: 'ana', comment: 'maintenance window' });
    const benign = await feed.giveFeedback({ alertId: alert.id, verdict: 'BENIGN', analyst: 'ana' });
    expect([tp, fp, benign]).toEqual([
      { alertId: alert.id, recordedAt: '2026-01-06T00:00:00.000Z', threshold: { deviceKind: alert.deviceKind, before: 0.5, after: 0.48 } },
      { alertId: alert.id, recordedAt: '2026-01-06T00:00:00.000Z', threshold: { deviceKind: alert.deviceKind, before: 0.48, after: 0.5 } },
      { alertId: alert.id, recordedAt: '2026-01-06T00:00:00.000Z' },
    ]);
    expect(t.loop.scorer.threshold(alert.deviceKind)).toBe(0.5);
    expect(await codeOf(feed.giveFeedback({ alertId: 'alert-none', verdict: 'TRUE_POSITIVE', analyst: 'ana' }))).toBe('CG_PIPELINE_ALERT_UNKNOWN');
    expect(verifyLog(file)).toMatchObject({ ok: true, entries: 3 });
  });

  it('applies or rejects a pending action once, journals it and hands applied ones to the actuator', async () => {
    const event = { type: 'security' as const, id: 'enc-1', time: '2026-01-05T10:00:00.000Z', deviceId: 'gw-shared', kind: 'Gateway' as const, domain: 'Communications' as const, action: 'fileEncryption' as const, count: 30 };
    const approving = setUp();
    const rejecting = setUp();
    const decision = approving.t.loop.process({ event }).decision!;
    expect(rejecting.t.loop.process({ event }).decision?.id).toBe(decision.id);
    expect(decision.pendingApproval.map((a) => a.key)).toEqual(['isolate-device@gw-shared']);
    const key = 'isolate-device@gw-shared';
    const applied = await approving.feed.resolveApproval({ decisionId: decision.id, actionKey: key, approve: true, actor: 'soc-lead' });
    const rejected = await rejecting.feed.resolveApproval({ decisionId: decision.id, actionKey: key, approve: false, actor: 'soc-lead', comment: 'too broad' });
    expect([applied, rejected]).toEqual([
      { decisionId: decision.id, actionKey: key, status: 'APPLIED', at: '2026-01-06T00:00:00.000Z' },
      { decisionId: decision.id, actionKey: key, status: 'REJECTED', at: '2026-01-06T00:00:00.000Z' },
    ]);
    expect(approving.actions).toEqual([{ type: 'approval', decisionId: decision.id, actionKey: key, action: 'isolate-device', target: 'gw-shared', status: 'APPLIED', actor: 'soc-lead', at: '2026-01-06T00:00:00.000Z' }]);
    expect(rejecting.actions).toEqual([]);
    expect(await Promise.all([
      codeOf(approving.feed.resolveApproval({ decisionId: decision.id, actionKey: key, approve: false, actor: 'x' })),
      codeOf(approving.feed.resolveApproval({ decisionId: decision.id, actionKey: 'filter-traffic@gw-shared', approve: true, actor: 'x' })),
      codeOf(approving.feed.resolveApproval({ decisionId: 'decision-none', actionKey: key, approve: true, actor: 'x' })),
    ])).toEqual(['CG_PIPELINE_APPROVAL_RESOLVED', 'CG_PIPELINE_APPROVAL_UNKNOWN', 'CG_PIPELINE_DECISION_UNKNOWN']);
    expect(verifyLog(approving.file)).toMatchObject({ ok: true, entries: 1 });
    expect(verifyLog(rejecting.file)).toMatchObject({ ok: true, entries: 1 });
  });
});
