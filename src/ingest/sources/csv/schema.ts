/**
 * CSV inventories (RFC 4180 with a header row): each data row is one record,
 * an object keyed by the header's column names. The mapping file
 * (declarative/mapping-spec.ts, `format: "csv"`) says which column feeds which
 * ontology property.
 */
import { CSV_RECORD_DELIMITERS } from '../../../core/index.js';

export type CsvRow = Readonly<Record<string, string>>;

/**
 * csv-parse options: header row, keep raw strings, tolerate ragged rows,
 * report each row's end offset, read CRLF, LF and CR line endings even mixed.
 * A malformed record ends the parse with an error; `csvRows` reports it and
 * resumes on the next line (csv-parse's own `skip_records_with_error` stayed
 * inside a bad quote and dropped the rest of the file).
 */
export function csvParseOptions(delimiter: string): Record<string, unknown> {
  return { columns: true, delimiter, bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: false, record_delimiter: [...CSV_RECORD_DELIMITERS] };
}
