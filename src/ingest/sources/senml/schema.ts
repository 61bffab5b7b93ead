/**
 * SenML records (RFC 8428 §4): a JSON array of records; base fields (bn, bt,
 * bu, bv, bs, bver) apply to the record they appear in and every later record
 * until replaced (§4.5 "Resolved Records").
 */
import { isObject } from '../ngsi-ld/schema.js';

export interface SenmlRecord {
  readonly bn?: string;
  readonly bt?: number;
  readonly bu?: string;
  readonly bv?: number;
  readonly bs?: number;
  readonly bver?: number;
  readonly n?: string;
  readonly u?: string;
  readonly v?: number;
  readonly vs?: string;
  readonly vb?: boolean;
  readonly vd?: string;
  readonly s?: number;
  readonly t?: number;
  readonly ut?: number;
}

/** A resolved record: absolute name and time, unit and exactly one value (§4.6). */
export interface ResolvedSenml {
  readonly name: string;
  /** Seconds since the Unix epoch. */
  readonly time: number;
  readonly unit?: string;
  readonly value?: number;
  readonly stringValue?: string;
  readonly boolValue?: boolean;
  readonly dataValue?: string;
  readonly sum?: number;
}

const NUMBER_FIELDS = ['bt', 'bv', 'bs', 'bver', 'v', 's', 't', 'ut'] as const;
const STRING_FIELDS = ['bn', 'bu', 'n', 'u', 'vs', 'vd'] as const;

/** Checks field types (RFC 8428 §4.3); returns the offending field and reason. */
export function checkRecord(raw: unknown): SenmlRecord | { field: string; reason: string } {
  if (!isObject(raw)) return { field: '', reason: 'SenML record is not a JSON object' };
  for (const f of NUMBER_FIELDS) {
    if (raw[f] !== undefined && (typeof raw[f] !== 'number' || !Number.isFinite(raw[f]))) return { field: f, reason: `${f} must be a number` };
  }
  for (const f of STRING_FIELDS) if (raw[f] !== undefined && typeof raw[f] !== 'string') return { field: f, reason: `${f} must be a string` };
  if (raw['vb'] !== undefined && typeof raw['vb'] !== 'boolean') return { field: 'vb', reason: 'vb must be a boolean' };
  return raw as SenmlRecord;
}

/** Names: RFC 8428 §4.5.1 — start with a letter or digit; then letters, digits, `: . / - _`. */
export const SENML_NAME = /^[A-Za-z0-9][A-Za-z0-9:./\-_]*$/;
