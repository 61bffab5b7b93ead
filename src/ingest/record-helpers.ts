/**
 * Small helpers every adapter uses to build mapped and rejected records, so all
 * of them report locations the same way (core/diagnostics.ts).
 */
import { diagnostic, type Diagnostic, type DiagnosticLocation } from '../core/index.js';
import type { ErrorCode } from '../core/index.js';
import type { EdgeInput, NodeInput, PropValue, Props } from '../graph/port.js';
import type { IdentityKeys, KeyedReference, MappedRecord, RejectedRecord } from './types.js';

export interface MappedParts {
  readonly nodes: readonly NodeInput[];
  readonly ensureNodes?: readonly NodeInput[];
  readonly edges?: readonly EdgeInput[];
  readonly references?: readonly KeyedReference[];
  readonly diagnostics?: readonly Diagnostic[];
  readonly identities?: Readonly<Record<string, IdentityKeys>>;
}

export function mapped(index: number, parts: MappedParts): MappedRecord {
  return {
    type: 'record',
    index,
    nodes: parts.nodes,
    ensureNodes: parts.ensureNodes ?? [],
    edges: parts.edges ?? [],
    references: parts.references ?? [],
    diagnostics: parts.diagnostics ?? [],
    ...(parts.identities ? { identities: parts.identities } : {}),
  };
}

export function rejected(
  index: number,
  code: ErrorCode,
  message: string,
  location: DiagnosticLocation,
  payload: unknown,
): RejectedRecord {
  return { type: 'rejected', index, diagnostic: diagnostic(code, message, { record: index, ...location }), payload };
}

/** Escapes one JSON pointer segment (RFC 6901 §3). */
export function pointerSegment(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

/**
 * Turns any JSON value into a store property value: scalars stay, homogeneous
 * string or number arrays stay, anything else is kept as its JSON text so no
 * source information is lost (the port allows no nested objects).
 */
export function toPropValue(value: unknown): PropValue | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  if (isScalar(value)) return value;
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'string')) return value as string[];
    if (value.every((v) => typeof v === 'number' && Number.isFinite(v))) return value as number[];
  }
  return JSON.stringify(value);
}

/**
 * The keys of an object in sorted order. Records of one payload usually carry
 * the same keys in the same order, so the last order is remembered and reused
 * when the keys match it one for one (a comparison instead of a sort).
 */
let lastKeys: readonly string[] = [];
let lastSorted: readonly string[] = [];
function sortedKeys(entries: object): readonly string[] {
  const keys = Object.keys(entries);
  if (keys.length === lastKeys.length) {
    let same = true;
    for (let i = 0; same && i < keys.length; i++) same = keys[i] === lastKeys[i];
    if (same) return lastSorted;
  }
  lastKeys = keys;
  lastSorted = [...keys].sort();
  return lastSorted;
}

/** Drops undefined and null values (absent in RDF) and sorts keys, so props compare equal across runs. */
export function cleanProps(entries: Readonly<Record<string, PropValue | undefined>>): Props {
  const out: Record<string, PropValue> = {};
  for (const key of sortedKeys(entries)) {
    const value = entries[key];
    if (value !== undefined && value !== null) out[key] = value;
  }
  return out;
}

/** A conservative id slug: keeps letters, digits and `-_.:`, so ids survive IRIs and URLs. */
export function slug(text: string): string {
  return text.trim().replace(/[^A-Za-z0-9_.:-]+/g, '-').replace(/^-+|-+$/g, '');
}

/** The first element of an array or the value itself, as a trimmed non-empty string. */
export function firstString(value: unknown): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (typeof v === 'number') return String(v);
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** Normalises a MAC address to lower-case colon form; undefined when it is not one. */
export function normaliseMac(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const hex = value.replace(/[^0-9a-fA-F]/g, '').toLowerCase();
  return hex.length === 12 ? hex.match(/../g)?.join(':') : undefined;
}

/** Identity keys with empty ones dropped; undefined when none are left. */
export function identityOf(keys: IdentityKeys): IdentityKeys | undefined {
  const out: { serial?: string; mac?: string; declaredId?: string } = {};
  if (keys.serial) out.serial = keys.serial;
  if (keys.mac) out.mac = keys.mac;
  if (keys.declaredId) out.declaredId = keys.declaredId;
  return Object.keys(out).length ? out : undefined;
}
