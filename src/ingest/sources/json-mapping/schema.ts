/**
 * Vendor JSON: any JSON document holding an array of records, selected by the
 * mapping's `records` (a JSON pointer such as `/data/devices` or a JSONPath such
 * as `$.data.devices[*]`); without it the document itself (an array) or the
 * document as one record. JSON Lines (one object per line) is accepted too.
 */
import { getByPath, getByPointer, parseJsonPath } from '../../declarative/json-path.js';

export interface JsonRecordSlice {
  readonly records: readonly unknown[];
  /** JSON pointer prefix of record i (`/data/devices/i`), or null for JSON Lines. */
  readonly pointerOf: (index: number) => string;
}

export function selectRecords(document: unknown, selector: string | undefined): JsonRecordSlice | string {
  if (selector === undefined) {
    return Array.isArray(document) ? { records: document, pointerOf: (i) => `/${i}` } : { records: [document], pointerOf: () => '' };
  }
  if (selector.startsWith('$')) {
    const steps = parseJsonPath(selector);
    if (typeof steps === 'string') return steps;
    const found = getByPath(document, steps);
    const records = Array.isArray(found) ? found : found === undefined ? [] : [found];
    return { records, pointerOf: (i) => `${selector}[${i}]` };
  }
  const found = getByPointer(document, selector);
  if (!Array.isArray(found)) return `records pointer ${selector} does not select an array`;
  return { records: found, pointerOf: (i) => `${selector}/${i}` };
}
