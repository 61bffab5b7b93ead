/**
 * CSV inventory adapter: csv-parse streams rows with their line numbers; each
 * row goes through the declarative mapping. A malformed row (bad quoting) is
 * one CG_INGEST_SYNTAX rejection at its line and parsing goes on.
 */
import { parse } from 'csv-parse';
import { evaluateMapping } from '../../declarative/evaluate-mapping.js';
import type { MappingFile } from '../../declarative/mapping-spec.js';
import { rejected } from '../../record-helpers.js';
import type { AdapterInput, AdapterItem, SourceAdapter } from '../../types.js';
import { csvParseOptions, type CsvRow, type CsvSkip } from './schema.js';
import { simpleCsvRows } from './simple-csv.js';

export interface CsvAdapterOptions {
  readonly mapping: MappingFile;
}

interface ParsedRow {
  readonly record: CsvRow;
  readonly info: { readonly lines: number };
}

export interface CsvRowsOptions {
  /** Split quote-free files directly (simple-csv.ts; default true); false always runs csv-parse. */
  readonly fastPath?: boolean;
}

/**
 * Parses CSV text into rows and syntax rejections, merged in line order (the
 * parser reports skipped records through an event, ahead of the rows it
 * still yields); shared with the SCADA adapter. A quote-free file with one
 * line ending is split directly (the same rows; it has no syntax errors).
 */
export async function* csvRows(text: string, delimiter: string, source: string, options: CsvRowsOptions = {}): AsyncGenerator<ParsedRow | { skip: AdapterItem; line: number }> {
  const simple = options.fastPath === false ? undefined : simpleCsvRows(text, delimiter);
  if (simple) {
    yield* simple;
    return;
  }
  const parser = parse(text, csvParseOptions(delimiter));
  const skips: { skip: AdapterItem; line: number }[] = [];
  const toSkip = (e: CsvSkip, index: number): { skip: AdapterItem; line: number } => ({
    skip: rejected(index, 'CG_INGEST_SYNTAX', `CSV syntax error: ${e.message}`, { source, file: source, ...(e.lines ? { line: e.lines } : {}) }, null),
    line: e.lines ?? Number.MAX_SAFE_INTEGER,
  });
  parser.on('skip', (error: CsvSkip) => skips.push(toSkip(error, -1)));
  const rows: ParsedRow[] = [];
  try {
    for await (const row of parser as AsyncIterable<ParsedRow>) rows.push(row);
  } catch (error) {
    skips.push(toSkip(error as CsvSkip, -1));
  }
  skips.sort((a, b) => a.line - b.line);
  for (const row of rows) {
    while (skips.length > 0 && (skips[0]?.line ?? 0) < row.info.lines) yield skips.shift() as { skip: AdapterItem; line: number };
    yield row;
  }
  yield* skips;
}

export const csvAdapter: SourceAdapter<CsvAdapterOptions> = {
  format: 'csv',
  async *read(input: AdapterInput, options: CsvAdapterOptions): AsyncIterable<AdapterItem> {
    let index = 0;
    for await (const row of csvRows(input.text, options.mapping.delimiter ?? ',', input.source)) {
      if ('skip' in row) {
        yield row.skip;
        continue;
      }
      const location = { source: input.source, file: input.source, line: row.info.lines };
      const item = evaluateMapping({ row: row.record }, options.mapping.record, options.mapping.source, { index, location, payload: row.record });
      index += 1;
      if (item) yield item;
    }
  },
};
