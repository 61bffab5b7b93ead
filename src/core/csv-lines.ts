import { parse } from 'csv-parse/sync';
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

/** csv-parse's sync parser over plain options (its typed overloads key on `columns`). */
const parseSync = parse as (input: Buffer, options: Record<string, unknown>) => unknown;

/** Records csv-parse read from one offset on, and the record that stopped it, if one did. */
export interface CsvStretch<R> {
  /** Each record with the 1-based line it starts on. */
  readonly rows: readonly { readonly record: R; readonly line: number }[];
  /** The offset just after the last record read (where the stretch began when none was). */
  readonly end: number;
  /**
   * The record csv-parse could not read (a stray or unclosed quote): where
   * and on which line it starts, and csv-parse's message without its own
   * "at line N" (its count takes a quoted CRLF for two lines).
   */
  readonly failure?: { readonly cause: unknown; readonly message: string; readonly start: number; readonly line: number };
}

/**
 * Reads `bytes` from `from` with csv-parse's sync parser and `options`, CRLF,
 * LF and lone-CR endings accepted even mixed. Records come through
 * `on_record`, so those read before an error are kept; a record starts where
 * the one before it ended, past empty lines (and, at offset 0, a BOM).
 */
export function readCsvStretch<R>(bytes: Buffer, lines: LineIndex, from: number, options: Readonly<Record<string, unknown>>): CsvStretch<R> {
  const rows: { record: R; line: number }[] = [];
  let end = from === 0 ? bomLength(bytes) : from;
  try {
    parseSync(bytes.subarray(from), {
      ...options,
      record_delimiter: [...CSV_RECORD_DELIMITERS],
      info: false,
      on_record: (record: R, context: { bytes: number }) => {
        rows.push({ record, line: lines.lineAt(lines.skipBreaks(end)) });
        end = from + context.bytes;
        return null;
      },
    });
  } catch (cause) {
    const start = lines.skipBreaks(end);
    const message = String((cause as { message?: unknown }).message ?? cause).replace(/ at line \d+/, '');
    return { rows, end, failure: { cause, message, start, line: lines.lineAt(start) } };
  }
  return { rows, end };
}
