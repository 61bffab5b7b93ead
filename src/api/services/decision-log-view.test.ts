import { appendFileSync, closeSync, mkdtempSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendToLog, type DecisionRecord } from '../../decision/index.js';
import { parseLogLines } from '../../decision/decision-log.js';
import { decisionStatus, matchesDecision, openDecisionLogView } from './decision-log-view.js';

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

  it('skips a corrupt complete line with a located diagnostic and serves the rest; verify names it', () => {
    const bad = join(mkdtempSync(join(tmpdir(), 'cg-dlv-')), 'decisions.jsonl');
    appendToLog(bad, [record('d0', '2026-01-01T00:00:00Z', 0, 1)]);
    appendFileSync(bad, 'not json\n');
    const view = openDecisionLogView(bad);
    expect(view.all().map((d) => d.record.id)).toEqual(['d0']);
    expect(view.diagnostics().map((d) => [d.code, d.location])).toEqual([['CG_AUDIT_LOG_UNREADABLE', { file: bad, line: 2 }]]);
    expect(view.verify().problemLines).toEqual([`${bad}:2: line is not JSON`]);
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

  it('derives the status from the held actions and the approvals given since', () => {
    const decisions = openDecisionLogView(file).all();
    const resolved = (status: 'APPLIED' | 'REJECTED') => (id: string) => (id === 'd1' ? [{ actionKey: 'p0@gw-1', status }] : []);
    const statuses = (of: (id: string) => readonly { actionKey: string; status: 'APPLIED' | 'REJECTED' }[]) =>
      decisions.map((d) => [d.record.id, decisionStatus(d.record, of(d.record.id))]);
    expect(statuses(() => [])).toEqual([['d1', 'AWAITING_APPROVAL'], ['d0', 'ACTED']]);
    expect(statuses(resolved('APPLIED'))).toEqual([['d1', 'ACTED'], ['d0', 'ACTED']]);
    expect(statuses(resolved('REJECTED'))).toEqual([['d1', 'NO_ACTION'], ['d0', 'ACTED']]);
    expect(decisions.filter(matchesDecision({ status: 'AWAITING_APPROVAL' }, resolved('APPLIED'))).map((d) => d.record.id)).toEqual([]);
    expect(decisions.filter(matchesDecision({ status: 'NO_ACTION' }, resolved('REJECTED'))).map((d) => d.record.id)).toEqual(['d1']);
  });

  it('reads only the bytes appended since the last read', () => {
    const tail = join(mkdtempSync(join(tmpdir(), 'cg-dlv-')), 'decisions.jsonl');
    appendToLog(tail, [record('d0', '2026-01-01T00:00:00Z', 0, 1)]);
    const view = openDecisionLogView(tail);
    expect(view.all().map((d) => d.record.id)).toEqual(['d0']);
    // Edit the already-read line in place (same size, same file): a tail reader never sees it.
    const at = readFileSync(tail, 'utf8').indexOf('"id":"d0"') + 7;
    const fd = openSync(tail, 'r+');
    writeSync(fd, 'x', at);
    closeSync(fd);
    appendFileSync(tail, `${JSON.stringify({ seq: 1, prev: 'p', hash: 'h', record: record('d1', '2026-01-02T00:00:00Z', 0, 0) })}\n`);
    expect(view.all().map((d) => d.record.id)).toEqual(['d1', 'd0']);
    expect(view.byId('x0')).toBeUndefined();
  });

  it('reads a file that shrank or was replaced from the start', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-dlv-'));
    const rotating = join(dir, 'decisions.jsonl');
    appendToLog(rotating, [record('d0', '2026-01-01T00:00:00Z', 0, 1), record('d1', '2026-01-02T00:00:00Z', 0, 1)]);
    const view = openDecisionLogView(rotating);
    expect(view.all().map((d) => d.record.id)).toEqual(['d1', 'd0']);
    writeFileSync(rotating, '');
    appendToLog(rotating, [record('e0', '2026-01-03T00:00:00Z', 0, 1)]);
    expect(view.all().map((d) => [d.record.id, d.seq])).toEqual([['e0', 0]]);
    expect(view.byId('d0')).toBeUndefined();
    renameSync(rotating, join(dir, 'decisions.1.jsonl'));
    appendToLog(rotating, [record('f0', '2026-01-04T00:00:00Z', 0, 1), record('f1', '2026-01-04T00:00:01Z', 0, 1)]);
    expect(view.all().map((d) => d.record.id)).toEqual(['f1', 'f0']);
  });

  it('keeps the newest maxRecords decisions and says truncated when older ones were dropped', () => {
    const big = join(mkdtempSync(join(tmpdir(), 'cg-dlv-')), 'decisions.jsonl');
    appendToLog(big, [record('d0', '2026-01-01T00:00:00Z', 0, 1), record('d1', '2026-01-02T00:00:00Z', 0, 1)]);
    const view = openDecisionLogView(big, { maxRecords: 2 });
    expect([view.all().map((d) => d.record.id), view.truncated()]).toEqual([['d1', 'd0'], false]);
    appendToLog(big, [record('d2', '2026-01-03T00:00:00Z', 0, 1)]);
    expect([view.all().map((d) => d.record.id), view.truncated(), view.byId('d0')]).toEqual([['d2', 'd1'], true, undefined]);
  });
});

describe('parseLogLines', () => {
  it('parses complete lines from a first line number, leaves a partial last line, and locates bad lines', () => {
    const text = '{"seq":5,"prev":"a","hash":"b","record":{}}\n\nnope\n{"seq":6,';
    expect(parseLogLines(text, 'log.jsonl', { firstLine: 10, partialLastLine: true })).toEqual({
      entries: [{ seq: 5, prev: 'a', hash: 'b', record: {} }],
      diagnostics: [expect.objectContaining({ code: 'CG_AUDIT_LOG_UNREADABLE', location: { file: 'log.jsonl', line: 12 } })],
      lines: 3,
      rest: 9,
    });
    expect(parseLogLines(text, 'log.jsonl').diagnostics.map((d) => d.location.line)).toEqual([3, 4]);
  });
});
