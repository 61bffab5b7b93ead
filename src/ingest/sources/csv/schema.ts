/**
 * CSV inventories (RFC 4180 with a header row): each data row is one record,
 * an object keyed by the header's column names. The mapping file
 * (declarative/mapping-spec.ts, `format: "csv"`) says which column feeds which
 * ontology property.
 */
export type CsvRow = Readonly<Record<string, string>>;

/**
 * csv-parse options for inventories: keep raw strings, tolerate ragged rows,
 * skip empty lines, strip a BOM. `csvRows` reads the header first and keys
 * the rows by its names (`columns`), through `readCsvStretch` (core), which
 * adds the line endings (even mixed) and stops at a malformed record that
 * `csvRows` reports before resuming after it (csv-parse's own
 * `skip_records_with_error` stayed inside a bad quote and dropped the rest).
 */
export function csvParseOptions(delimiter: string): Record<string, unknown> {
  return { delimiter, bom: true, relax_column_count: true, skip_empty_lines: true, trim: false };
}
