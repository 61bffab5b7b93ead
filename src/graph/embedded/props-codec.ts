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

/**
 * Validates and serialises a props object; `place` locates it in the batch
 * for the CG_WRITE_INPUT_INVALID error.
 */
export function encodeProps(props: Props | undefined, place: BatchPlace): string | null {
  if (props === undefined) return null;
  const pointer = (): string => pointerOf(place, 'props');
  if (typeof props !== 'object' || props === null || Array.isArray(props)) {
    throw new EngineError('CG_WRITE_INPUT_INVALID', `${pointer()} must be an object of property values`, {
      details: { pointer: pointer() },
    });
  }
  let empty = true;
  for (const key in props) {
    empty = false;
    if (!isValidPropValue(props[key])) {
      const where = `${pointer()}/${key}`;
      throw new EngineError(
        'CG_WRITE_INPUT_INVALID',
        `${where} is not a property value (JSON scalar or homogeneous array of strings or finite numbers)`,
        { details: { pointer: where } },
      );
    }
  }
  return empty ? null : JSON.stringify(props);
}

export function decodeProps(text: string | null): Props {
  if (text === null) return EMPTY;
  return JSON.parse(text) as Props;
}

/** Checks an id or kind (the `field` of the entry at `place`) is a non-empty string. */
export function requireName(value: unknown, place: BatchPlace, field: string): string {
  if (typeof value === 'string' && value.length > 0) return value;
  const pointer = pointerOf(place, field);
  throw new EngineError('CG_WRITE_INPUT_INVALID', `${pointer} must be a non-empty string`, {
    details: { pointer },
  });
}
