import { upperBound } from './upper-bound.js';

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
  /**
   * Where the record starting at `offset` ends, just after its line break:
   * the first line break outside a quoted cell. As in RFC 4180 a quote opens
   * a quoted cell only at the start of a field (after `delimiter`), "" inside
   * one is a quote, and the next quote closes it; a stray quote inside an
   * unquoted field is text. A cell still open at the end of the buffer gives
   * `nextLine(offset)`: an unclosed quote would otherwise take the rest of
   * the file.
   */
  recordEnd(offset: number, delimiter: Uint8Array): number;
}

/** Bytes of a UTF-8 byte-order mark at the start of `bytes` (3 or 0). */
export function bomLength(bytes: Uint8Array): number {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
}

const QUOTE = 0x22;

export function createLineIndex(bytes: Uint8Array): LineIndex {
  // Start offset of every line after the first.
  const starts: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === LF || (bytes[i] === CR && bytes[i + 1] !== LF)) starts.push(i + 1);
  }
  /** Lines that start at or before `offset`, less the first: the count of breaks before it. */
  const breaksBefore = (offset: number): number => upperBound(starts, offset);
  return {
    lineAt: (offset) => breaksBefore(offset) + 1,
    skipBreaks: (offset) => {
      let at = offset;
      while (at < bytes.length && (bytes[at] === LF || bytes[at] === CR)) at++;
      return at;
    },
    nextLine: (offset) => starts[breaksBefore(offset)] ?? bytes.length,
    recordEnd: (offset, delimiter) => {
      const delimiterAt = (i: number): boolean => delimiter.length > 0 && delimiter.every((d, k) => bytes[i + k] === d);
      let quoted = false;
      let fieldStart = true;
      for (let i = offset; i < bytes.length; i++) {
        const b = bytes[i];
        if (quoted) {
          if (b === QUOTE && bytes[i + 1] === QUOTE) i++;
          else if (b === QUOTE) quoted = false;
        } else if (b === QUOTE && fieldStart) {
          quoted = true;
          fieldStart = false;
        } else if (delimiterAt(i)) {
          fieldStart = true;
          i += delimiter.length - 1;
        } else if (b === LF || b === CR) {
          return b === CR && bytes[i + 1] === LF ? i + 2 : i + 1;
        } else fieldStart = false;
      }
      return quoted ? (starts[breaksBefore(offset)] ?? bytes.length) : bytes.length;
    },
  };
}
