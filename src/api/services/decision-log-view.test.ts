import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendToLog, type DecisionRecord } from '../../decision/index.js';
import { matchesDecision, openDecisionLogView } from './decision-log-view.js';

const record = (id: string, time: string, pending: number, chosen: number, target = 'gw-1'): DecisionRecord =>
  ({
    id,
    time,
    incident: { id: `inc-${id}`, domains: ['Energy'] },
    chosen: Array.from({ length: chosen }, (_, i) => ({ key: `a${i}@${target}`, target })),
    pendingApproval: Array.from({ length: pending }, (_, i) => ({ key: `p${i}@${target}`, target })),
  }) as unknown as DecisionRecord;

describe('openDecisionLogView', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'cg-dlv-')), 'decisions.jsonl');

  it('treats a missing log as empty, then follows appends, newest first', () => {
    const view = openDecisionLogView(file);
    expect(view.all()).toEqual([]);
    appendToLog(file, [record('d0', '2026-01-01T00:00:00Z', 0, 1), record('d1', '2026-01-02T00:00:00Z', 1, 0)]);
    expect(view.all().map((d) => [d.record.id, d.seq])).toEqual([
      ['d1', 1],
      ['d0', 0],
    ]);
    expect(view.byId('d0')?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(view.verify()).toMatchObject({ ok: true, entries: 2, problemLines: [] });
  });

  it('leaves a half-written last line for the next read', () => {
    const view = openDecisionLogView(file);
    appendFileSync(file, '{"seq":2,"prev":"');
    expect(view.all().map((d) => d.record.id)).toEqual(['d1', 'd0']);
  });

  it('refuses a corrupt complete line with CG_API_DECISIONS_UNAVAILABLE naming it', () => {
    const bad = join(mkdtempSync(join(tmpdir(), 'cg-dlv-')), 'decisions.jsonl');
    writeFileSync(bad, 'not json\n');
    expect(() => openDecisionLogView(bad).all()).toThrowError(expect.objectContaining({ code: 'CG_API_DECISIONS_UNAVAILABLE', details: { file: bad, line: 1 } }));
  });

  it('filters by status, target, incident and time bounds', () => {
    const decisions = openDecisionLogView(file).all();
    const ids = (filter: Parameters<typeof matchesDecision>[0]) => decisions.filter(matchesDecision(filter)).map((d) => d.record.id);
    expect(ids({ status: 'AWAITING_APPROVAL' })).toEqual(['d1']);
    expect(ids({ status: 'ACTED' })).toEqual(['d0']);
    expect(ids({ status: 'NO_ACTION' })).toEqual([]);
    expect(ids({ target: 'gw-1' })).toEqual(['d1', 'd0']);
    expect(ids({ target: 'gw-2' })).toEqual([]);
    expect(ids({ incident: 'inc-d0' })).toEqual(['d0']);
    expect(ids({ since: '2026-01-01T12:00:00Z' })).toEqual(['d1']);
    expect(ids({ until: '2026-01-01T12:00:00Z' })).toEqual(['d0']);
  });
});
