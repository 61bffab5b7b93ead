/**
 * CSV fields in the format of Neo4j's offline importer (`neo4j-admin database
 * import full`, Neo4j 5.26 "Import: CSV header format"): comma-delimited,
 * `"`-quoted with `""` for a quote inside (not the legacy `\"`), UTF-8, typed
 * header entries `name:type`, arrays as one field split on an array delimiter.
 *
 * What the importer cannot express, found by importing into a real Neo4j 5.26
 * (tests/integration/neo4j-bulk-import.int.test.ts):
 *
 * - an empty array, and an array of one empty string: both are an empty field,
 *   which the importer reads as "no property";
 * - an array element holding the array delimiter (there is no escape);
 * - a property key that is empty, starts with `:` or holds a line break (the
 *   header entry would be read as a type or split).
 *
 * Such values are not written to the CSV: {@link csvColumnType} returns
 * `undefined` and the caller keeps them as fix-ups, set with Cypher after the
 * import (./apply-fixups.ts), so the stored graph is still exactly the one
 * Neo4jStore.write gives.
 */
import type { StoredProps } from '../props-codec.js';

/** Array delimiter passed as `--array-delimiter`: U+001F (unit separator), rare in real text. */
export const ARRAY_DELIMITER = '\u001f';

/** Header types CivGraph writes: JavaScript numbers are Neo4j FLOATs (props-codec.ts). */
export type CsvColumnType = 'string' | 'double' | 'boolean' | 'string[]' | 'double[]';

type StoredValue = StoredProps[string];

/** Characters that never need quotes (no delimiter, quote, line break, space or array delimiter). */
const PLAIN = /^[\w.:|@#+\-/[\]]+$/;
const LINE_BREAK = /[\r\n]/;

/** A field quoted when needed: `""` for the empty string (an unquoted empty field is "no value"). */
export function csvText(text: string): string {
  return PLAIN.test(text) ? text : `"${text.replaceAll('"', '""')}"`;
}

/** A FLOAT as Java's `Double.parseDouble` reads it back to the same double (`-0` included). */
export function csvNumber(value: number): string {
  return Object.is(value, -0) ? '-0.0' : String(value);
}

/** True when a string needs `--multiline-fields=true`. */
export function hasLineBreak(text: string): boolean {
  return LINE_BREAK.test(text);
}

function stringArrayFits(items: readonly string[]): boolean {
  if (items.length === 0 || (items.length === 1 && items[0] === '')) return false;
  return items.every((item) => !item.includes(ARRAY_DELIMITER));
}

/**
 * The header type of a stored value, or `undefined` when the importer cannot
 * express it (an empty array, `[""]`, an element holding the array delimiter).
 */
export function csvColumnType(value: StoredValue): CsvColumnType | undefined {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'double';
  if (typeof value === 'boolean') return 'boolean';
  if (value.length === 0) return undefined;
  if (typeof value[0] === 'string') return stringArrayFits(value as readonly string[]) ? 'string[]' : undefined;
  return 'double[]';
}

/** True when `key` can be a header entry `key:type`. */
export function csvKeyFits(key: string): boolean {
  return key.length > 0 && !key.startsWith(':') && !hasLineBreak(key);
}

const FORMAT: Readonly<Record<CsvColumnType, (value: StoredValue) => string>> = {
  string: (value) => csvText(value as string),
  double: (value) => csvNumber(value as number),
  boolean: (value) => (value ? 'true' : 'false'),
  'string[]': (value) => csvText((value as readonly string[]).join(ARRAY_DELIMITER)),
  'double[]': (value) => (value as readonly number[]).map(csvNumber).join(ARRAY_DELIMITER),
};

/** One field of a value of the given column type. */
export function csvField(value: StoredValue, type: CsvColumnType): string {
  return FORMAT[type](value);
}

/** A header entry `name:type` (quoted when the name needs it). */
export function csvHeaderEntry(name: string, type?: string): string {
  return csvText(type === undefined ? name : `${name}:${type}`);
}
