import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyLog } from '../decision/index.js';
import { openChainedJournal } from './chained-journal.js';

describe('openChainedJournal after a crash mid-append', () => {
  it('cuts off the torn last line, says so, and continues the chain from the last whole record', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cg-journal-')), 'decisions.jsonl');
    const first = openChainedJournal<{ id: string }>(file);
    expect(first.torn).toBeUndefined();
    first.append({ id: 'd0' });
    first.append({ id: 'd1' });
    const whole = readFileSync(file, 'utf8');
    appendFileSync(file, '{"seq":2,"prev":"9f');
    const reopened = openChainedJournal<{ id: string }>(file);
    expect([reopened.torn?.code, reopened.torn?.severity, reopened.torn?.location]).toEqual(['CG_AUDIT_LOG_TORN_LINE', 'warning', { file, line: 3 }]);
    expect(readFileSync(file, 'utf8')).toBe(whole);
    expect(reopened.append({ id: 'd2' }).seq).toBe(2);
    expect(verifyLog(file)).toMatchObject({ ok: true, entries: 3, problems: [], warnings: [] });
    expect(readFileSync(file, 'utf8').trim().split('\n').map((line) => (JSON.parse(line) as { record: { id: string } }).record.id)).toEqual(['d0', 'd1', 'd2']);
  });
});

describe('openChainedJournal durability (group commit)', () => {
  it('writes each entry at append, is flushed to the disk by flush(), and refuses appends once closed', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cg-journal-')), 'decisions.jsonl');
    const journal = openChainedJournal<{ id: string }>(file);
    await journal.flush();
    // Written at append, before any flush: a process crash after append loses nothing.
    for (let i = 0; i < 50; i++) journal.append({ id: `d${i}` });
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(50);
    await journal.flush();
    journal.append({ id: 'late' });
    await journal.close();
    await journal.close();
    expect(() => journal.append({ id: 'after close' })).toThrow(`the journal ${file} is closed`);
    expect(verifyLog(file)).toMatchObject({ ok: true, entries: 51, problems: [] });
    // Another journal continues the chain where the closed one stopped.
    const next = openChainedJournal<{ id: string }>(file);
    expect(next.append({ id: 'd51' }).seq).toBe(51);
    await next.close();
  });
});
