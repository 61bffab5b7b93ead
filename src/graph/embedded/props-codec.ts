/**
 * Property encoding for the embedded store: properties are stored as one JSON
 * TEXT column (an empty object as NULL, to keep the file small), so every
 * `PropValue` of the port (JSON scalars and homogeneous arrays) round-trips
 * exactly. Values JSON cannot hold exactly (NaN, ±Infinity, objects, nested or
 * mixed arrays) are refused before anything is written.
 */
import { EngineError } from '../../core/index.js';
import type { Props } from '../port.js';
import { isValidPropValue } from '../prop-values.js';

const EMPTY: Props = Object.freeze({});

/** Where a value sits in a write batch: `/nodes/3`; built only for an error. */
export interface BatchPlace {
  readonly list: 'nodes' | 'edges';
  readonly index: number;
}

function pointerOf(place: BatchPlace, field: string): string {
  return `/${place.list}/${place.index}/${field}`;
}

function invalidProps(place: BatchPlace, key: string | undefined): EngineError {
  const base = pointerOf(place, 'props');
  if (key === undefined) {
    return new EngineError('CG_WRITE_INPUT_INVALID', `${base} must be an object of property values`, { details: { pointer: base } });
  }
  const where = `${base}/${key}`;
  return new EngineError(
    'CG_WRITE_INPUT_INVALID',
    `${where} is not a property value (JSON scalar or homogeneous array of strings or finite numbers)`,
    { details: { pointer: where } },
  );
}

/**
 * Validates and serialises a props object; `list` and `index` locate it in the
 * batch for the CG_WRITE_INPUT_INVALID error. This runs once per written row,
 * so the common scalar types are checked inline and the error (with its JSON
 * pointer) is only built when a value is refused.
 */
export function encodeProps(props: Props | undefined, list: BatchPlace['list'], index: number): string | null {
  if (props === undefined) return null;
  if (typeof props !== 'object' || props === null || Array.isArray(props)) throw invalidProps({ list, index }, undefined);
  let empty = true;
  for (const key in props) {
    empty = false;
    const value = props[key];
    const type = typeof value;
    if (type === 'string' || type === 'boolean' || value === null) continue;
    if (type === 'number' ? Number.isFinite(value) : isValidPropValue(value)) continue;
    throw invalidProps({ list, index }, key);
  }
  return empty ? null : JSON.stringify(props);
}

export function decodeProps(text: string | null): Props {
  if (text === null) return EMPTY;
  return JSON.parse(text) as Props;
}

/** Checks an id or kind (the `field` of entry `index` of `list`) is a non-empty string. */
export function requireName(value: unknown, list: BatchPlace['list'], index: number, field: string): string {
  if (typeof value === 'string' && value.length > 0) return value;
  const pointer = pointerOf({ list, index }, field);
  throw new EngineError('CG_WRITE_INPUT_INVALID', `${pointer} must be a non-empty string`, {
    details: { pointer },
  });
}
