import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyLog, type DecisionRecord } from '../decision/index.js';
import { createIncidentCorrelator } from '../scoring/index.js';
import { openChainedJournal } from './chained-journal.js';
import { liveFixture, liveScorer, testLoop, WINDOW_MS } from './live-harness.test-support.js';
import type { ServiceRiskCrossing } from './live-feed.js';
import { createLiveLoop } from './live-loop.js';
import { createRuleScorer } from './rule-scorer.test-support.js';
import { runLoop } from './run-scenario-through-loop.js';

const fixture = liveFixture({ scenario: 'coordinated' });
const devicesOf = (d: DecisionRecord): Set<string> => new Set(d.events.map((e) => e.deviceId));

describe('the live loop over the coordinated scenario (600 devices, 12 h, shipped scorer)', () => {
  it('decides when an incident opens or grows, the same way every time', async () => {
    const a = await runLoop(testLoop(fixture).loop, fixture.events);
    const b = await runLoop(testLoop(fixture).loop, fixture.events);
    expect(a.decisions.map((d) => d.id)).toEqual(b.decisions.map((d) => d.id));
    expect(a.events).toBe(fixture.events.length);
    expect(a.outcomes.quiet + a.outcomes.alert + a.outcomes.decided).toBe(fixture.events.length);
    expect(a.decisions.length).toBe(a.outcomes.decided);
    expect(a.decisions.length).toBeGreaterThan(0);
    expect(a.decisions.length).toBeLessThan(a.alerts.length);
    const last = new Map<string, DecisionRecord>();
    for (const d of a.decisions) {
      const before = last.get(d.incident.id);
      if (before !== undefined) {
        const grewDevices = [...devicesOf(d)].some((id) => !devicesOf(before).has(id));
        const grewDomains = d.incident.domains.some((x) => !before.incident.domains.includes(x));
        expect(grewDevices || grewDomains, `${d.id} repeats ${before.id} without growth`).toBe(true);
      }
      last.set(d.incident.id, d);
    }
  });

  it('appends every decision to a hash-chained log that verifies', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cg-live-')), 'decisions.jsonl');
    const loop = createLiveLoop({ projection: fixture.projection, scorer: liveScorer(fixture), correlator: createIncidentCorrelator({ projection: fixture.projection, windowMs: WINDOW_MS }), bundle: fixture.bundle, decisionLog: openChainedJournal(file) });
    const r = await runLoop(loop, fixture.events);
    expect(verifyLog(file)).toMatchObject({ ok: true, entries: r.decisions.length, problems: [] });
    // A second journal on the same file continues the chain.
    openChainedJournal<{ note: string }>(file).append({ note: 'restart' });
    expect(verifyLog(file)).toMatchObject({ ok: true, entries: r.decisions.length + 1 });
  });

  it('stores but never scores events derived from its own decisions (loop guard)', () => {
    let scored = 0;
    const inner = createRuleScorer();
    const scorer = { ...inner, version: inner.version, score: (e: Parameters<typeof inner.score>[0]) => (scored++, inner.score(e)) };
    const loop = createLiveLoop({ projection: fixture.projection, scorer, correlator: createIncidentCorrelator({ projection: fixture.projection, windowMs: WINDOW_MS }), bundle: fixture.bundle });
    const event = { type: 'security' as const, id: 'fb-1', time: '2026-01-05T10:00:00.000Z', deviceId: 'gw-shared', kind: 'Gateway' as const, domain: 'Communications' as const, action: 'fileEncryption' as const, count: 1 };
    expect(loop.process({ event, derivedFromDecision: 'decision-x' }).outcome).toBe('loop-guarded');
    expect([scored, loop.alerts.size, loop.metrics.counter('loop_guarded')]).toEqual([0, 0, 1]);
    expect(loop.process({ event: { ...event, id: 'fb-2' } }).outcome).toBe('decided');
    expect(scored).toBe(1);
  });

  it('tells a service-risk watch when a decision moves the service across its threshold', () => {
    const loop = createLiveLoop({ projection: fixture.projection, scorer: createRuleScorer(), correlator: createIncidentCorrelator({ projection: fixture.projection, windowMs: WINDOW_MS }), bundle: fixture.bundle });
    const crossings: ServiceRiskCrossing[] = [];
    const service = 'svc-water-0';
    expect(fixture.projection.nodeIndex(service)).not.toBe(-1);
    const stop = loop.watchServiceRisk(service, 0.05, (c) => crossings.push(c));
    const event = { type: 'security' as const, id: 'plc-1', time: '2026-01-05T10:00:00.000Z', deviceId: 'w0-PLC1', kind: 'Plc' as const, domain: 'Water' as const, action: 'commandWrite' as const, count: 1 };
    loop.process({ event });
    stop();
    loop.process({ event: { ...event, id: 'plc-2', deviceId: 'w0-PLC2' } });
    expect(crossings).toEqual([{ serviceId: service, risk: expect.any(Number) as number, threshold: 0.05, rising: true, time: '2026-01-05T10:00:00.000Z' }]);
    expect(crossings[0]!.risk).toBeGreaterThanOrEqual(0.05);
  });
});
