/**
 * CSV inventories (RFC 4180 with a header row): each data row is one record,
 * an object keyed by the header's column names. The mapping file
 * (declarative/mapping-spec.ts, `format: "csv"`) says which column feeds which
 * ontology property.
 */
import { CSV_RECORD_DELIMITERS } from '../../../core/index.js';

export type CsvRow = Readonly<Record<string, string>>;

/**
 * csv-parse options: header row, keep raw strings, tolerate ragged rows, report
 * line numbers, read CRLF, LF and CR line endings even mixed, and skip a malformed record (reported through the `skip` event)
 * instead of ending the file.
 */
export function csvParseOptions(delimiter: string): Record<string, unknown> {
  return { columns: true, delimiter, bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: false, skip_records_with_error: true, record_delimiter: [...CSV_RECORD_DELIMITERS] };
}

/** A csv-parse error as reported on `skip`: the message and the line it ends on. */
export interface CsvSkip {
  readonly message: string;
  readonly lines?: number;
}
