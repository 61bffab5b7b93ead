/**
 * Line endings a CSV file may use, even mixed in one file, for csv-parse's
 * `record_delimiter`. Left to itself csv-parse takes the first ending it
 * meets for the whole file, so in a CRLF file an LF-only line runs into the
 * next row's first cell ("2\n3") and that row is lost.
 */
export const CSV_RECORD_DELIMITERS: readonly string[] = ['\r\n', '\n', '\r'];

const LF = 0x0a;
const CR = 0x0d;

/**
 * Lines of a text by the byte offsets csv-parse reports (`info.bytes`, an
 * error's `bytes_records`). csv-parse's own line count takes a CRLF inside a
 * quoted cell for two lines, and every line after it is then off by one. A
 * CRLF is one line break, as are a lone LF and a lone CR.
 */
export interface LineIndex {
  /** 1-based line of the byte at `offset`. */
  lineAt(offset: number): number;
  /** The first offset ≥ `offset` that is not a line break: where a record after empty lines starts. */
  skipBreaks(offset: number): number;
  /** The offset just after the line break that ends the line holding `offset` (the buffer's length on the last line). */
  nextLine(offset: number): number;
}

export function createLineIndex(bytes: Uint8Array): LineIndex {
  // Start offset of every line after the first.
  const starts: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === LF || (bytes[i] === CR && bytes[i + 1] !== LF)) starts.push(i + 1);
  }
  /** Lines that start at or before `offset`, less the first: the count of breaks before it. */
  const breaksBefore = (offset: number): number => {
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return {
    lineAt: (offset) => breaksBefore(offset) + 1,
    skipBreaks: (offset) => {
      let at = offset;
      while (at < bytes.length && (bytes[at] === LF || bytes[at] === CR)) at++;
      return at;
    },
    nextLine: (offset) => starts[breaksBefore(offset)] ?? bytes.length,
  };
}
