/**
 * CSV inventory adapter: csv-parse streams rows with their line numbers; each
 * row goes through the declarative mapping. A malformed row (bad quoting) is
 * one CG_INGEST_SYNTAX rejection at its line and parsing goes on at the next.
 */
import { parse } from 'csv-parse/sync';
import { evaluateMapping } from '../../declarative/evaluate-mapping.js';
import type { MappingFile } from '../../declarative/mapping-spec.js';
import { rejected } from '../../record-helpers.js';
import type { AdapterInput, AdapterItem, SourceAdapter } from '../../types.js';
import { bomLength, createLineIndex } from '../../../core/index.js';
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

/** csv-parse's sync parser over the options `csvParseOptions` builds (untyped there, as csv-parse's overloads key on `columns`). */
const parseSync = parse as (input: Buffer, options: Record<string, unknown>) => unknown;

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
  const syntax = (e: unknown, line: number): Syntax => {
    // csv-parse's message counts lines its own way; the location carries ours.
    const message = String((e as { message?: unknown }).message ?? e).replace(/ at line \d+/, '');
    return { skip: rejected(index++, 'CG_INGEST_SYNTAX', `CSV syntax error: ${message}`, { source, file: source, line }, null), line };
  };
  // The header: the first record, read by csv-parse alone (`to: 1`). A stretch resumed after a bad record is keyed by its names.
  const headerStart = lines.skipBreaks(bomLength(bytes));
  let names: string[] = [];
  let headerEnd = bytes.length;
  try {
    parseSync(bytes, {
      ...csvParseOptions(delimiter),
      columns: false,
      info: false,
      to: 1,
      on_record: (record: string[], context: { bytes: number }) => {
        names = record;
        headerEnd = context.bytes;
        return null;
      },
    });
  } catch (error) {
    yield syntax(error, lines.lineAt(headerStart));
    return;
  }
  // Each stretch runs from `from` to the end of the file or to a record csv-parse cannot read.
  for (let from = headerEnd; from < bytes.length; ) {
    // The first stretch reads the header itself; a resumed one starts mid-file (no copy) with the header's names.
    const first = from === headerEnd;
    const input = first ? bytes : bytes.subarray(from);
    const shift = first ? 0 : from;
    // The sync parser, collecting through on_record: the rows read before an error are kept.
    const rows: { record: CsvRow; end: number }[] = [];
    let failure: { error: unknown } | undefined;
    try {
      parseSync(input, {
        ...csvParseOptions(delimiter),
        ...(first ? {} : { columns: names, bom: false }),
        info: false,
        on_record: (record: CsvRow, context: { bytes: number }) => {
          rows.push({ record, end: context.bytes + shift });
          return null;
        },
      });
    } catch (error) {
      failure = { error };
    }
    // A record starts after the header or the previous row ends, past any empty lines.
    let end = from;
    for (const row of rows) {
      const start = lines.skipBreaks(end);
      end = row.end;
      index++;
      yield { record: row.record, info: { lines: lines.lineAt(start) } };
    }
    if (!failure) return;
    const start = lines.skipBreaks(end);
    yield syntax(failure.error, lines.lineAt(start));
    // Past the bad record, its quoted line breaks included; past its first line only when its quote never closes.
    from = lines.recordEnd(start, delimiterBytes);
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
