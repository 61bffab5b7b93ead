import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sourceFixture } from '../../testing/fixture-paths.js';
import { csvRows } from './adapter.js';
import { simpleCsvRows } from './simple-csv.js';

/** Rows as csv-parse yields them through csvRows (fast path off). */
async function parsed(text: string, delimiter: string): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const row of csvRows(text, delimiter, 'test.csv', { fastPath: false })) out.push('skip' in row ? { skip: row.skip } : { record: row.record, lines: row.info.lines });
  return out;
}

const simple = (text: string, delimiter: string): unknown[] | undefined => simpleCsvRows(text, delimiter)?.map((r) => ({ record: r.record, lines: r.info.lines }));

const SAME_AS_CSV_PARSE: readonly [name: string, text: string, delimiter: string][] = [
  ['plain, trailing newline', 'a,b,c\n1,2,3\n4,5,6\n', ','],
  ['no trailing newline', 'a,b\n1,2\n3,4', ','],
  ['empty lines everywhere', '\n\na,b\n\n1,2\n\n\n3,4\n\n', ','],
  ['CRLF', 'a,b\r\n1,2\r\n\r\n3,4\r\n', ','],
  ['BOM', '\ufeffid,name\r\n7,x\r\n', ','],
  ['ragged rows', 'a,b,c\n1\n1,2,3,4,5\n,,\n', ','],
  ['duplicate and empty header names', 'a,,a,b\n1,2,3,4\n', ','],
  ['whitespace kept', ' a , b \n 1 ,  \n', ','],
  ['semicolon and tab', 'a;b\n1;2\n', ';'],
  ['tab', 'a\tb\n1\t2\n', '\t'],
  ['header only', 'a,b\n', ','],
  ['empty', '', ','],
];

describe('simpleCsvRows', () => {
  for (const [name, text, delimiter] of SAME_AS_CSV_PARSE) {
    it(`gives csv-parse's rows and line numbers: ${name}`, async () => {
      expect(simple(text, delimiter)).toEqual(await parsed(text, delimiter));
    });
  }

  it("gives csv-parse's rows for the committed inventories that have no quotes (Chicago's have)", async () => {
    const split: string[] = [];
    for (const [format, file] of [['csv', 'citypulse-aarhus-traffic.csv'], ['csv', 'aot-chicago-nodes.csv'], ['scada', 'batadal-scada-tags.csv']] as const) {
      const text = readFileSync(sourceFixture(format, file), 'utf8');
      const fast = simple(text, ',');
      if (fast === undefined) continue;
      split.push(file);
      expect(fast).toEqual(await parsed(text, ','));
    }
    expect(split).toEqual(['citypulse-aarhus-traffic.csv', 'batadal-scada-tags.csv']);
  });

  it('reads mixed line endings row by row through csv-parse, each row at its own line', async () => {
    // CRLF first, then an LF-only line and a lone CR: csv-parse alone ran "2\n3" into one cell and lost the row.
    expect(await parsed('a,b\r\n1,2\n3,4\r\n5,6\r7,8\r\n', ',')).toEqual([
      { record: { a: '1', b: '2' }, lines: 2 },
      { record: { a: '3', b: '4' }, lines: 3 },
      { record: { a: '5', b: '6' }, lines: 4 },
      { record: { a: '7', b: '8' }, lines: 5 },
    ]);
  });

  it('keys the rows after a syntax error by the same header, empty and repeated names included', async () => {
    const text = '\ufeffa,,a,b\n1,2,3,4\n"x"y,0,0,0\n5,6,7,8\n';
    expect(await parsed(text, ',')).toEqual([
      { record: { a: '3', '': '2', b: '4' }, lines: 2 },
      { skip: expect.objectContaining({ index: 1, diagnostic: expect.objectContaining({ code: 'CG_INGEST_SYNTAX' }) }) },
      { record: { a: '7', '': '6', b: '8' }, lines: 4 },
    ]);
  });

  it('leaves quoted fields, lone CR, mixed line endings and a __proto__ column to csv-parse', () => {
    expect(['a,b\n"1",2\n', 'a,b\r1,2\r', 'a,b\r\n1,2\n3,4\r\n', 'a,b\n1,2\r\n', '__proto__,b\n1,2\n'].map((t) => simpleCsvRows(t, ','))).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(simpleCsvRows('a||b\n', '||')).toBeUndefined();
  });
});
