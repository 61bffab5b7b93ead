/**
 * A fast path for the common CSV inventory: no quote character anywhere, a
 * one-character delimiter, and one line ending throughout (LF, or CRLF). Such
 * a file is RFC 4180 without quoting, so splitting lines and fields gives the
 * rows `csvRows` gives through csv-parse (header row, BOM stripped, empty
 * lines skipped, ragged rows allowed, line numbers), without its byte-level
 * state machine. Anything else returns undefined and goes through csv-parse;
 * `simple-csv.test.ts` checks both agree.
 */
import type { CsvRow } from './schema.js';

export interface SimpleRow {
  readonly record: CsvRow;
  readonly info: { readonly lines: number };
}

/** The line ending of a file with one consistent ending, or undefined (lone CR, mixed endings). */
function lineEnding(text: string): '\n' | '\r\n' | undefined {
  const cr = text.indexOf('\r');
  if (cr < 0) return '\n';
  const lf = text.indexOf('\n');
  if (lf >= 0 && lf < cr) return undefined;
  for (let at = text.indexOf('\r'); at >= 0; at = text.indexOf('\r', at + 1)) if (text[at + 1] !== '\n') return undefined;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) if (text[at - 1] !== '\r') return undefined;
  return '\r\n';
}

/** Header names, or undefined when one would need csv-parse's own property handling. */
function headerOf(line: string, delimiter: string): string[] | undefined {
  const names = line.split(delimiter);
  return names.includes('__proto__') ? undefined : names;
}

/** Rows of a quote-free CSV text, or undefined when the text needs the full parser. */
export function simpleCsvRows(text: string, delimiter: string): SimpleRow[] | undefined {
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\r' || delimiter === '\n' || text.includes('"')) return undefined;
  const ending = lineEnding(text);
  if (ending === undefined) return undefined;
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(ending);
  let header: string[] | undefined;
  const rows: SimpleRow[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line === '') continue;
    if (header === undefined) {
      header = headerOf(line, delimiter);
      if (header === undefined) return undefined;
      continue;
    }
    const fields = line.split(delimiter);
    const record: Record<string, string> = {};
    const width = Math.min(fields.length, header.length);
    for (let f = 0; f < width; f++) record[header[f] as string] = fields[f] as string;
    rows.push({ record, info: { lines: i + 1 } });
  }
  return rows;
}
