import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendSynced, appendToLog, canonicalJson, chainEntry, chainLine, entryHash, GENESIS_HASH, recoverLog, rememberCanonical, verifyLog, verifyLogText } from './decision-log.js';
import { maskRecord } from './mask-record.js';

function freshLog(): { file: string; lines: string[] } {
  const file = join(mkdtempSync(join(tmpdir(), 'cg-log-')), 'decisions.jsonl');
  appendToLog(file, [{ id: 'd0', chosen: ['a'] }, { id: 'd1', chosen: ['b'] }]);
  appendToLog(file, [{ id: 'd2', chosen: [] }, { id: 'd3', chosen: ['c'] }]);
  return { file, lines: readFileSync(file, 'utf8').trim().split('\n') };
}

const problems = (text: string) => verifyLogText(text).problems.map((p) => `${p.location.record}:${p.location.field}`);

describe('hash-chained decision log', () => {
  it('verifies the original across appends', () => {
    const { file } = freshLog();
    const report = verifyLog(file);
    expect(report.ok).toBe(true);
    expect(report.entries).toBe(4);
    expect(report.problems).toEqual([]);
  });

  it('detects an edited record', () => {
    const { lines } = freshLog();
    lines[1] = (lines[1] as string).replace('"b"', '"x"');
    expect(problems(lines.join('\n'))).toEqual(['1:hash']);
  });

  it('detects a removed record', () => {
    const { lines } = freshLog();
    lines.splice(1, 1);
    expect(problems(lines.join('\n'))).toEqual(['1:seq', '1:prev', '2:seq']);
  });

  it('detects reordered records', () => {
    const { lines } = freshLog();
    [lines[1], lines[2]] = [lines[2] as string, lines[1] as string];
    expect(problems(lines.join('\n'))).toEqual(['1:seq', '1:prev', '2:seq', '2:prev', '3:prev']);
  });

  it('detects a tampered file on disk', () => {
    const { file, lines } = freshLog();
    const copy = `${file}.tampered`;
    writeFileSync(copy, `${lines.slice(0, 3).join('\n')}\n`);
    expect(verifyLog(copy).ok).toBe(true); // truncation of the tail keeps a valid prefix
    writeFileSync(copy, `${[lines[0], (lines[1] as string).replace('"d1"', '"d9"'), lines[2], lines[3]].join('\n')}\n`);
    expect(verifyLog(copy).problems.map((p) => p.code)).toEqual(['CG_AUDIT_CHAIN_BROKEN']);
  });

  it('masks sensitive fields at any depth, deterministically', () => {
    const masked = maskRecord({ events: [{ peer: '203.0.113.7', kind: 'newPeer' }], operator: 'alice' });
    expect(masked).toEqual({ events: [{ peer: expect.stringMatching(/^masked:[0-9a-f]{12}$/), kind: 'newPeer' }], operator: expect.stringMatching(/^masked:/) });
    expect(maskRecord({ peer: '203.0.113.7' })).toEqual({ peer: masked.events[0]?.peer });
  });
});

/** The canonical form as first written (entries, filter, sort, map, join): hashes of existing logs depend on it. */
function referenceCanonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(referenceCanonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${referenceCanonical(v)}`).join(',')}}`;
}

describe('canonicalJson', () => {
  it('writes exactly what the reference form writes, odd values included', () => {
    // eslint-disable-next-line no-sparse-arrays -- a hole must stay empty, as join has it
    const holes = [1, , 3];
    const values: unknown[] = [
      0, -0, 1.5e-7, 1e21, -12.25, NaN, Infinity, -Infinity, true, false, null, undefined, '', 'plain text 42',
      'quote " backslash \\ tab \t nl \n nul \u0000 line sep \u2028 é 中 lone \ud800', () => 1, Symbol('s'),
      [undefined, () => 1, null], holes, new Float64Array([0.5, -0]), new Date(0),
      { b: undefined, a: [1, { z: 'x', y: -0, 'é': 1, 'a"b': 2, '10': 3, '9': 4, B: 5 }], nested: { deep: [{ k: [[]] }, {}] } },
    ];
    for (const value of values) expect(canonicalJson({ seq: 3, record: value })).toBe(referenceCanonical({ seq: 3, record: value }));
    expect(canonicalJson({ b: 1, a: [2, { d: 'x', c: undefined }] })).toBe('{"a":[2,{"d":"x"}],"b":1}');
  });
});

describe('log lines (chainLine)', () => {
  const record = { id: 'd0', b: [1, { y: 'é', x: undefined }], a: 'z' };

  it('carries the record as the canonical text its hash covers, and parses back to the entry chainEntry makes', () => {
    const { entry, line } = chainLine(undefined, record);
    expect(line).toBe(`{"seq":0,"prev":"${GENESIS_HASH}","hash":"${entry.hash}","record":{"a":"z","b":[1,{"y":"é"}],"id":"d0"}}\n`);
    expect(entry).toEqual(chainEntry(undefined, record));
    expect(entry.hash).toBe(entryHash(GENESIS_HASH, 0, record));
    expect(JSON.parse(line)).toEqual({ seq: 0, prev: GENESIS_HASH, hash: entry.hash, record: { a: 'z', b: [1, { y: 'é' }], id: 'd0' } });
    const next = chainLine(entry, undefined);
    expect(next.line).toBe(`{"seq":1,"prev":"${entry.hash}","hash":"${entryHash(entry.hash, 1, undefined)}"}\n`);
    expect(verifyLogText(line + next.line)).toMatchObject({ ok: true, entries: 2 });
  });

  it('serialises a remembered array item once: a later record repeats its first text, and the log still verifies', () => {
    const rule = rememberCanonical({ ruleId: 'r1', conditions: { all: [{ fact: 'device', result: true }] } });
    const first = chainLine(undefined, { rules: [rule] });
    // Remembered objects are promised immutable; if a caller broke that, line and hash still agree.
    (rule.conditions.all[0] as { result: boolean }).result = false;
    const second = chainLine(first.entry, { rules: [rule, { ruleId: 'r2' }] });
    expect(second.line).toContain('"record":{"rules":[{"conditions":{"all":[{"fact":"device","result":true}]},"ruleId":"r1"},{"ruleId":"r2"}]}');
    expect(verifyLogText(first.line + second.line)).toMatchObject({ ok: true, entries: 2, problems: [] });
    expect(canonicalJson({ rules: [{ ...rule }] })).toContain('"result":false');
  });
});

describe('a last line cut short (crash mid-append)', () => {
  it('is a warning in verification, cut off when the log is reopened, and the chain continues after it', () => {
    const { file, lines } = freshLog();
    const whole = readFileSync(file, 'utf8');
    appendFileSync(file, '{"seq":4,"prev":"12');
    const report = verifyLog(file);
    expect([report.ok, report.entries, report.problems]).toEqual([true, 4, []]);
    expect(report.warnings.map((w) => [w.code, w.severity, w.location.file, w.location.line])).toEqual([['CG_AUDIT_LOG_TORN_LINE', 'warning', file, 5]]);
    const recovered = recoverLog(file);
    expect([recovered.entries.length, recovered.torn?.code, recovered.torn?.location.line]).toEqual([4, 'CG_AUDIT_LOG_TORN_LINE', 5]);
    expect(readFileSync(file, 'utf8')).toBe(whole);
    expect(recoverLog(file).torn).toBeUndefined();
    appendFileSync(file, '{"seq":4');
    appendToLog(file, [{ id: 'd4', chosen: [] }]);
    expect(verifyLog(file)).toMatchObject({ ok: true, entries: 5, problems: [], warnings: [] });
    expect(readFileSync(file, 'utf8').split('\n').slice(0, 4)).toEqual(lines);
  });

  it('keeps a whole last record that lacks only its newline, and adds the newline', () => {
    const { file } = freshLog();
    const whole = readFileSync(file, 'utf8');
    writeFileSync(file, whole.slice(0, -1));
    expect(verifyLog(file)).toMatchObject({ ok: true, entries: 4, warnings: [] });
    expect(recoverLog(file).entries.map((e) => e.seq)).toEqual([0, 1, 2, 3]);
    expect(readFileSync(file, 'utf8')).toBe(whole);
  });

  it('a line that is not JSON in the middle is still refused, naming the line', () => {
    const { file, lines } = freshLog();
    writeFileSync(file, `${lines[0]}\nnot json\n${lines.slice(1).join('\n')}\n`);
    expect(() => recoverLog(file)).toThrow(`decision log ${file} has a line that is not JSON`);
    expect(verifyLog(file).problems.map((p) => [p.code, p.location.line])).toEqual([['CG_AUDIT_LOG_UNREADABLE', 2]]);
  });
});

describe('appendSynced', () => {
  it('appends every byte of a large text after what the file holds, creating it when absent', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'civgraph-synced-')), 'log.jsonl');
    appendSynced(file, 'first\n');
    // 3 MB of multi-byte text: more than one write call may be needed.
    const big = `${'é€'.repeat(500_000)}\n`;
    appendSynced(file, big);
    expect(readFileSync(file, 'utf8')).toBe(`first\n${big}`);
    expect(readFileSync(file).length).toBe(6 + Buffer.byteLength(big));
  });
});
