import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CsvFile } from './csv-file.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'civgraph-csv-file-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('CsvFile', () => {
  it('writes every row in order as UTF-8 across buffer flushes, multi-byte text and rows larger than the buffer', () => {
    const file = new CsvFile(join(dir, 'h.csv'), join(dir, 'd.csv'), 'id:ID,name');
    const rows: string[] = [];
    for (let n = 0; n < 20_000; n += 1) rows.push(`n${n},"Süd ✓ 😀 ${'é'.repeat(n % 7)}"`);
    rows.splice(10_000, 0, `big,"${'ü'.repeat(300_000)}"`);
    for (const row of rows) file.write(row);
    file.close();
    expect(readFileSync(join(dir, 'h.csv'), 'utf8')).toBe('id:ID,name\n');
    expect(readFileSync(join(dir, 'd.csv'), 'utf8')).toBe(`${rows.join('\n')}\n`);
    expect(file.rows).toBe(20_001);
  });
});
