/**
 * CSV inventory adapter: csv-parse streams rows with their line numbers; each
 * row goes through the declarative mapping. A malformed row (bad quoting) is
 * one CG_INGEST_SYNTAX rejection at its line and parsing goes on at the next.
 */
import { evaluateMapping } from '../../declarative/evaluate-mapping.js';
import type { MappingFile } from '../../declarative/mapping-spec.js';
import { rejected } from '../../record-helpers.js';
import type { AdapterInput, AdapterItem, SourceAdapter } from '../../types.js';
import { createLineIndex, readCsvStretch, type CsvStretch } from '../../../core/index.js';
import { csvParseOptions, type CsvRow } from './schema.js';
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

type Syntax = { skip: AdapterItem; line: number };

/**
 * Parses CSV text into rows and syntax rejections in line order; shared with
 * the SCADA adapter. A quote-free file with one line ending is split directly
 * (the same rows; it has no syntax errors). Otherwise csv-parse reads the
 * file; a record it cannot parse (a stray or unclosed quote) is one
 * CG_INGEST_SYNTAX rejection at the line it starts on, and parsing resumes
 * after it (after its first line if its quote never closes) under the same
 * header. csv-parse's own recovery
 * (`skip_records_with_error`) stayed inside the bad quote and took every
 * later row of the file with it. Line numbers come from byte offsets
 * (`createLineIndex`), which a quoted CRLF does not throw off.
 */
export async function* csvRows(text: string, delimiter: string, source: string, options: CsvRowsOptions = {}): AsyncGenerator<ParsedRow | Syntax> {
  const simple = options.fastPath === false ? undefined : simpleCsvRows(text, delimiter);
  if (simple) {
    yield* simple;
    return;
  }
  const bytes = Buffer.from(text, 'utf8');
  const lines = createLineIndex(bytes);
  const delimiterBytes = Buffer.from(delimiter, 'utf8');
  // 0-based index of the next data record, read or rejected: adapters count a rejection as a record too.
  let index = 0;
  const syntax = (failure: NonNullable<CsvStretch<unknown>['failure']>): Syntax => ({
    skip: rejected(index++, 'CG_INGEST_SYNTAX', `CSV syntax error: ${failure.message}`, { source, file: source, line: failure.line }, null),
    line: failure.line,
  });
  // The header: the first record, read alone (`to: 1`); every stretch after it is keyed by its names.
  const header = readCsvStretch<string[]>(bytes, lines, 0, { ...csvParseOptions(delimiter), to: 1 });
  if (header.failure) {
    yield syntax(header.failure);
    return;
  }
  const columns = header.rows[0]?.record ?? [];
  // Each stretch runs from `from` to the end of the file or to a record csv-parse cannot read.
  for (let from = header.end; from < bytes.length; ) {
    const stretch = readCsvStretch<CsvRow>(bytes, lines, from, { ...csvParseOptions(delimiter), columns, bom: false });
    for (const row of stretch.rows) {
      index++;
      yield { record: row.record, info: { lines: row.line } };
    }
    if (!stretch.failure) return;
    yield syntax(stretch.failure);
    // Past the bad record, its quoted line breaks included; past its first line only when its quote never closes.
    from = lines.recordEnd(stretch.failure.start, delimiterBytes);
  }
}

export const csvAdapter: SourceAdapter<CsvAdapterOptions> = {
  format: 'csv',
  async *read(input: AdapterInput, options: CsvAdapterOptions): AsyncIterable<AdapterItem> {
    let index = 0;
    for await (const row of csvRows(input.text, options.mapping.delimiter ?? ',', input.source)) {
      if ('skip' in row) {
        yield row.skip;
        index += 1;
        continue;
      }
      const location = { source: input.source, file: input.source, line: row.info.lines };
      const item = evaluateMapping({ row: row.record }, options.mapping.record, options.mapping.source, { index, location, payload: row.record });
      index += 1;
      if (item) yield item;
    }
  },
};
