/**
 * Property encoding for the Neo4j store: port properties become native Neo4j
 * properties, so the graph stays queryable in Cypher (`n.name`, `n.cvss >= 7`).
 * Neo4j stores scalars and homogeneous arrays natively but has no null property
 * value and no objects, so the encoding is:
 *
 * - strings, booleans, finite numbers, string arrays, number arrays, `[]`: as is
 *   (JavaScript numbers travel as Neo4j FLOAT, so an integer reads back as the
 *   same JavaScript number; Neo4j INTEGERs written by other clients are
 *   converted with {@link toJsNumber});
 * - `null`: the key is listed in the string array `_nulls`;
 * - a key that is a store field (`id`, `kind`) or starts with `_` is stored as
 *   `_p_<key>`, so user properties never clash with `id`, `kind`, `_version`,
 *   `_nulls`.
 *
 * Values the port does not allow (NaN, ±Infinity, objects, mixed or nested
 * arrays) are refused with CG_WRITE_INPUT_INVALID and a JSON pointer before
 * anything is sent.
 */
import neo4j from 'neo4j-driver';
import { EngineError } from '../../core/index.js';
import type { PropValue, Props } from '../port.js';
import { isValidPropValue } from '../prop-values.js';

/** Store fields on every node and relationship (never user properties). */
export const FIELD_ID = 'id';
export const FIELD_KIND = 'kind';
export const FIELD_VERSION = '_version';
export const FIELD_NULLS = '_nulls';
const ESCAPE = '_p_';

/** A property map as sent to Neo4j. */
export type StoredProps = Record<string, string | number | boolean | readonly string[] | readonly number[]>;

function invalid(pointer: string, message: string): EngineError {
  return new EngineError('CG_WRITE_INPUT_INVALID', `${pointer} ${message}`, { details: { pointer } });
}

/** The stored name of a user property key. */
export function storedKey(key: string): string {
  return key === FIELD_ID || key === FIELD_KIND || key.startsWith('_') ? `${ESCAPE}${key}` : key;
}

/**
 * Validates `props` and returns the stored map with the store fields `id` and
 * `kind` set; `pointer` locates the props in the batch for errors.
 */
export function encodeProps(props: Props | undefined, id: string, kind: string, pointer: string): StoredProps {
  const stored: StoredProps = { [FIELD_ID]: id, [FIELD_KIND]: kind };
  if (props === undefined) return stored;
  if (typeof props !== 'object' || props === null || Array.isArray(props)) {
    throw invalid(pointer, 'must be an object of property values');
  }
  const nulls: string[] = [];
  for (const key of Object.keys(props)) {
    const value = props[key];
    if (!isValidPropValue(value)) {
      throw invalid(`${pointer}/${key}`, 'is not a property value (JSON scalar or homogeneous array of strings or finite numbers)');
    }
    if (value === null) nulls.push(key);
    else stored[storedKey(key)] = value;
  }
  if (nulls.length > 0) stored[FIELD_NULLS] = nulls;
  return stored;
}

/** A JavaScript number for a Neo4j INTEGER or FLOAT (INTEGERs beyond 2^53 lose precision). */
export function toJsNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (neo4j.isInt(value)) return value.toNumber();
  return Number.NaN;
}

function decodeValue(value: unknown): PropValue {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) {
    return value.every((item) => typeof item === 'string') ? (value as string[]) : value.map(toJsNumber);
  }
  if (neo4j.isInt(value) || typeof value === 'bigint') return toJsNumber(value);
  // Temporal and spatial values written by other clients: their ISO / WKT-like string.
  return String(value);
}

/** The port's props from a node's or relationship's stored properties. */
export function decodeProps(stored: Readonly<Record<string, unknown>>): Props {
  const props: Record<string, PropValue> = {};
  for (const key of Object.keys(stored)) {
    if (key === FIELD_ID || key === FIELD_KIND || key === FIELD_VERSION || key === FIELD_NULLS) continue;
    if (key.startsWith(ESCAPE)) props[key.slice(ESCAPE.length)] = decodeValue(stored[key]);
    else if (!key.startsWith('_')) props[key] = decodeValue(stored[key]);
  }
  const nulls = stored[FIELD_NULLS];
  if (Array.isArray(nulls)) for (const key of nulls) props[String(key)] = null;
  return props;
}

/** Checks an id or kind is a non-empty string. */
export function requireName(value: unknown, pointer: string): string {
  if (typeof value === 'string' && value.length > 0) return value;
  throw invalid(pointer, 'must be a non-empty string');
}
