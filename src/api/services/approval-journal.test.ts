import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../core/index.js';
import { verifyLogText } from '../../decision/index.js';
import { approvalJournalPath, createApprovalJournal, openApprovalJournal, type ApprovalRecord } from './approval-journal.js';

const A: ApprovalRecord = { decisionId: 'd-1', actionKey: 'isolate-device@gw-1', status: 'APPLIED', at: '2026-03-01T10:00:00.000Z', actor: 'api-key#2', comment: 'ok' };
const B: ApprovalRecord = { decisionId: 'd-1', actionKey: 'notify@gw-1', status: 'REJECTED', at: '2026-03-01T10:05:00.000Z', actor: 'alice' };
const C: ApprovalRecord = { decisionId: 'd-2', actionKey: 'reroute@sub-3', status: 'APPLIED', at: '2026-03-01T11:00:00.000Z', actor: 'bob' };

function journalFile(): string {
  return approvalJournalPath(join(mkdtempSync(join(tmpdir(), 'civgraph-approvals-')), 'decisions.jsonl'));
}

async function written(records: readonly ApprovalRecord[]): Promise<string> {
  const file = journalFile();
  const journal = openApprovalJournal(file);
  for (const record of records) await journal.record(record);
  await journal.close();
  return file;
}

function thrown(run: () => unknown): { code: string; message: string; details: unknown } {
  try {
    run();
  } catch (error) {
    if (error instanceof EngineError) return { code: error.code, message: error.message, details: error.details };
    throw error;
  }
  throw new Error('expected an EngineError');
}

describe('approval journal (durable, hash-chained)', () => {
  it('names the file next to the decision log', () => {
    expect(approvalJournalPath('/var/civgraph/decisions.jsonl')).toBe('/var/civgraph/decisions.jsonl.approvals.jsonl');
  });

  it('writes the decision log format, which verifyLog accepts, and reloads every record per decision', async () => {
    const file = await written([A, B, C]);
    const text = readFileSync(file, 'utf8');
    expect(verifyLogText(text, file)).toMatchObject({ ok: true, entries: 3, problems: [] });
    expect(text.trimEnd().split('\n').map((line) => (JSON.parse(line) as { seq: number; record: unknown }).record)).toEqual([A, B, C]);
    const reopened = openApprovalJournal(file);
    expect(reopened.diagnostics).toEqual([]);
    expect(reopened.of('d-1')).toEqual([A, B]);
    expect(reopened.of('d-2')).toEqual([C]);
    expect(reopened.of('d-3')).toEqual([]);
    await reopened.close();
  });

  it('continues the chain after a reopen', async () => {
    const file = await written([A]);
    const again = openApprovalJournal(file);
    await again.record(B);
    await again.close();
    const text = readFileSync(file, 'utf8');
    expect(verifyLogText(text, file)).toMatchObject({ ok: true, entries: 2 });
    expect(openApprovalJournal(file).of('d-1')).toEqual([A, B]);
  });

  it('reports and cuts off a torn last line, keeping the records before it', async () => {
    const file = await written([A, B]);
    const whole = readFileSync(file, 'utf8');
    appendFileSync(file, '{"seq":2,"prev":"ab');
    const journal = openApprovalJournal(file);
    expect(journal.diagnostics).toEqual([
      { severity: 'warning', code: 'CG_API_APPROVALS_TORN_LINE', message: 'the last line (19 characters, no newline) is an interrupted write; it was ignored', location: { file, line: 3 } },
    ]);
    expect(journal.of('d-1')).toEqual([A, B]);
    expect(readFileSync(file, 'utf8')).toBe(whole);
    await journal.record(C);
    await journal.close();
    expect(verifyLogText(readFileSync(file, 'utf8'), file)).toMatchObject({ ok: true, entries: 3 });
  });

  it('refuses an edited record with CG_API_APPROVALS_CHAIN_BROKEN naming file, line and field', async () => {
    const file = await written([A, B, C]);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"actor":"alice"', '"actor":"mallory"'));
    expect(thrown(() => openApprovalJournal(file))).toEqual({
      code: 'CG_API_APPROVALS_CHAIN_BROKEN',
      message: `approval journal ${file}:2: hash does not match the record (the record was edited)`,
      details: { file, line: 2, field: 'hash' },
    });
  });

  it('refuses a removed record and a line that is not JSON', async () => {
    const file = await written([A, B, C]);
    const lines = readFileSync(file, 'utf8').split('\n');
    writeFileSync(file, [lines[0], lines[2], ''].join('\n'));
    expect(thrown(() => openApprovalJournal(file))).toEqual({
      code: 'CG_API_APPROVALS_CHAIN_BROKEN',
      message: `approval journal ${file}:2: sequence 2 where 1 was expected (a record was removed or reordered)`,
      details: { file, line: 2, field: 'seq' },
    });
    writeFileSync(file, [lines[0], 'not json', ''].join('\n'));
    expect(thrown(() => openApprovalJournal(file))).toEqual({
      code: 'CG_API_APPROVALS_CHAIN_BROKEN',
      message: `approval journal ${file}:2: line is not JSON`,
      details: { file, line: 2 },
    });
  });

  it('refuses a well-chained record that is not an approval', async () => {
    const file = journalFile();
    const { chainEntry } = await import('../../decision/index.js');
    writeFileSync(file, `${JSON.stringify(chainEntry(undefined, { decisionId: 'd-1', actionKey: 'x', status: 'MAYBE', at: 't', actor: 'a' }))}\n`);
    expect(thrown(() => openApprovalJournal(file))).toEqual({
      code: 'CG_API_APPROVALS_CHAIN_BROKEN',
      message: `approval journal ${file}:1: record.status must be APPLIED or REJECTED`,
      details: { file, line: 1, field: 'record' },
    });
  });

  it('refuses records after a failed write with CG_API_APPROVALS_IO_FAILED', async () => {
    const journal = openApprovalJournal(join(tmpdir(), 'no-such-folder-civgraph', 'decisions.jsonl.approvals.jsonl'));
    await expect(journal.record(A)).rejects.toMatchObject({ code: 'CG_API_APPROVALS_IO_FAILED' });
    await expect(journal.record(B)).rejects.toMatchObject({ code: 'CG_API_APPROVALS_IO_FAILED', message: expect.stringContaining('failed earlier') as unknown });
    expect(journal.of('d-1')).toEqual([]);
    await journal.close();
  });

  it('the in-memory journal keeps the newest decisions only', async () => {
    const journal = createApprovalJournal(2);
    for (const record of [A, C, { ...B, decisionId: 'd-3' }]) await journal.record(record);
    expect([journal.of('d-1'), journal.of('d-2'), journal.of('d-3')]).toEqual([[], [C], [{ ...B, decisionId: 'd-3' }]]);
    expect(journal.file).toBeUndefined();
  });
});
