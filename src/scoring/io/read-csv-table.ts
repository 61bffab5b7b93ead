import { readFileSync } from 'node:fs';
import { EngineError, createLineIndex, readCsvStretch, diagnostic, formatDiagnostic, type Diagnostic, type DiagnosticBag } from '../../core/index.js';

/** A CSV file read whole: header cells trimmed, records as strings, and the line each record starts on. */
export interface CsvTable {
  readonly file: string;
  readonly header: readonly string[];
  readonly records: readonly (readonly string[])[];
  /** 1-based line of the header (after any empty lines). */
  readonly headerLine: number;
  /** 1-based line of the file each record starts on (empty lines and quoted line breaks counted). */
  readonly lines: readonly number[];
}

/** Reads a CSV file; a missing or unreadable file is one CG_FILE_UNREADABLE error. */
export function readCsvTable(file: string): CsvTable {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (cause) {
    throw new EngineError('CG_FILE_UNREADABLE', `cannot read ${file}`, { cause, details: { file } });
  }
  const { rows, failure } = readCsvStretch<string[]>(bytes, createLineIndex(bytes), 0, { bom: true, relax_column_count: true, skip_empty_lines: true });
  if (failure) {
    // A stray or unclosed quote: a file to score is read whole, so it is refused at the record's line.
    const found = diagnostic('CG_DATASET_INVALID', `CSV syntax error: ${failure.message}`, { file, line: failure.line, ...(rows.length > 0 ? { record: rows.length } : {}) });
    throw new EngineError('CG_DATASET_INVALID', `invalid CSV file ${file}: ${formatDiagnostic(found)}`, { cause: failure.cause, details: { diagnostics: [found] } });
  }
  const [header, ...records] = rows;
  return { file, header: (header?.record ?? []).map((h) => h.trim()), records: records.map((r) => r.record), headerLine: header?.line ?? 1, lines: records.map((r) => r.line) };
}

/** Index of each wanted column; a missing one adds a diagnostic naming the file and column. */
export function columnIndex(table: CsvTable, columns: readonly string[], bag: DiagnosticBag): Map<string, number> {
  const index = new Map<string, number>();
  for (const column of columns) {
    const at = table.header.indexOf(column);
    if (at < 0) bag.add(diagnostic('CG_DATASET_INVALID', `missing column "${column}"`, { file: table.file, line: table.headerLine, field: column }));
    else index.set(column, at);
  }
  return index;
}

/**
 * Parses the named columns as numbers, column-major. A cell that is empty or not
 * a number adds a diagnostic with its file, line, record (1-based data row) and
 * column, and reads as NaN, so one pass reports every bad cell.
 */
export function numericColumns(table: CsvTable, columns: readonly string[], bag: DiagnosticBag): Float64Array[] {
  const index = columnIndex(table, columns, bag);
  return columns.map((column) => {
    const values = new Float64Array(table.records.length).fill(Number.NaN);
    const at = index.get(column);
    if (at === undefined) return values;
    table.records.forEach((record, r) => {
      const cell = (record[at] ?? '').trim();
      const value = cell === '' ? Number.NaN : Number(cell);
      if (Number.isFinite(value)) values[r] = value;
      else {
        const why = cell === '' ? 'empty value' : `value "${cell}" is not a number`;
        bag.add(diagnostic('CG_DATASET_INVALID', why, { file: table.file, line: table.lines[r] as number, record: r + 1, field: column }));
      }
    });
    return values;
  });
}

/** Throws CG_DATASET_INVALID listing the diagnostics (first five in the message) if any is an error. */
export function throwIfInvalid(bag: DiagnosticBag, what: string): void {
  if (!bag.hasErrors) return;
  const items: readonly Diagnostic[] = bag.items;
  const shown = items.slice(0, 5).map(formatDiagnostic).join('; ');
  const more = items.length > 5 ? ` (and ${items.length - 5} more)` : '';
  throw new EngineError('CG_DATASET_INVALID', `${what}: ${shown}${more}`, { details: { diagnostics: items } });
}
