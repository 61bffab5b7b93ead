import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiagnosticBag, EngineError } from '../../core/index.js';
import { readBatadalFrame } from '../evaluation/batadal-data.js';
import { numericColumns, readCsvTable } from './read-csv-table.js';

const dir = mkdtempSync(join(tmpdir(), 'civgraph-csv-'));
const write = (name: string, text: string): string => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};

function caught(fn: () => unknown): EngineError {
  try {
    fn();
  } catch (e) {
    if (e instanceof EngineError) return e;
    throw e;
  }
  throw new Error('expected an EngineError');
}

describe('numeric CSV reading', () => {
  it('names the file, line, record and column of every bad cell and of a missing column', () => {
    const file = write('bad.csv', 'a,b\n1,2\nx,3\n4,\n');
    const bag = new DiagnosticBag();
    const [a, b] = numericColumns(readCsvTable(file), ['a', 'b', 'c'], bag);
    expect(bag.items).toEqual([
      { severity: 'error', code: 'CG_DATASET_INVALID', message: 'missing column "c"', location: { file, line: 1, field: 'c' } },
      { severity: 'error', code: 'CG_DATASET_INVALID', message: 'value "x" is not a number', location: { file, line: 3, record: 2, field: 'a' } },
      { severity: 'error', code: 'CG_DATASET_INVALID', message: 'empty value', location: { file, line: 4, record: 3, field: 'b' } },
    ]);
    expect([...(a as Float64Array)]).toEqual([1, Number.NaN, 4]);
    expect([...(b as Float64Array)]).toEqual([2, 3, Number.NaN]);
  });

  it('reads mixed line endings row by row and names the line each bad cell is on, past empty lines and quoted line breaks', () => {
    // CRLF first, then LF-only and lone-CR lines: csv-parse alone ran "2\n3" into one cell.
    const mixed = readCsvTable(write('mixed.csv', 'a,b\r\n1,2\n3,4\r\n5,6\r7,8'));
    expect(mixed.records).toEqual([['1', '2'], ['3', '4'], ['5', '6'], ['7', '8']]);
    expect(mixed.lines).toEqual([2, 3, 4, 5]);
    const file = write('gaps.csv', '\n\na,b,note\n1,2,"two\nlines"\n\n\nx,3,\r\n4,y,"a\r\nb"\n');
    const table = readCsvTable(file);
    expect([table.headerLine, ...table.lines]).toEqual([3, 4, 8, 9]);
    // A CRLF inside quotes is one line break; csv-parse's own count makes it two.
    const quoted = readCsvTable(write('quoted.csv', 'a,b\r\n"x\r\ny",1\r\n°C,z\r\n7,8\r\n'));
    expect(quoted.lines).toEqual([2, 4, 5]);
    const bag = new DiagnosticBag();
    numericColumns(table, ['a', 'b', 'c'], bag);
    expect(bag.items.map((d) => [d.location?.line, d.location?.record, d.location?.field])).toEqual([
      [3, undefined, 'c'],
      [8, 2, 'a'],
      [9, 3, 'b'],
    ]);
  });

  it('refuses a file with a stray quote as CG_DATASET_INVALID at the line and record it is on', () => {
    const file = write('quote.csv', 'a,b\n1,2\n\n3,"4"x\n5,6\n');
    const e = caught(() => readCsvTable(file));
    expect(e.code).toBe('CG_DATASET_INVALID');
    expect(e.message).toBe(`invalid CSV file ${file}: error CG_DATASET_INVALID at ${file}:4 (record 2): CSV syntax error: Invalid Closing Quote: got "x" instead of delimiter, record delimiter, trimable character (if activated) or comment`);
  });

  it('turns a missing file into one CG_FILE_UNREADABLE error', () => {
    const e = caught(() => readCsvTable(join(dir, 'nope.csv')));
    expect([e.code, e.message]).toEqual(['CG_FILE_UNREADABLE', `cannot read ${join(dir, 'nope.csv')}`]);
  });

  it('refuses a BATADAL file with a missing tag and a non-numeric level, listing both', () => {
    const header = 'DATETIME,L_T1,L_T2,L_T3,L_T4,L_T5,L_T6,L_T7';
    const file = write('batadal.csv', `${header}\n01/01/17 00,1,2,3,4,5,6,7\n01/01/17 01,1,two,3,4,5,6,7\n`);
    const e = caught(() => readBatadalFrame(file, false));
    expect(e.code).toBe('CG_DATASET_INVALID');
    const diagnostics = e.details['diagnostics'] as { location: { field: string; line: number } }[];
    expect(diagnostics).toHaveLength(37);
    expect(diagnostics.map((d) => d.location.field).slice(0, 2)).toEqual(['F_PU1', 'S_PU1']);
    expect(diagnostics[36]?.location).toEqual({ file, line: 3, record: 2, field: 'L_T2' });
    expect(e.message).toContain(`error CG_DATASET_INVALID at ${file}:1 (field F_PU1): missing column "F_PU1"`);
  });
});
