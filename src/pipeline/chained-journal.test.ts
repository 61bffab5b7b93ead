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
