/**
 * Line endings a CSV file may use, even mixed in one file, for csv-parse's
 * `record_delimiter`. Left to itself csv-parse takes the first ending it
 * meets for the whole file, so in a CRLF file an LF-only line runs into the
 * next row's first cell ("2\n3") and that row is lost.
 */
export const CSV_RECORD_DELIMITERS: readonly string[] = ['\r\n', '\n', '\r'];
