/**
 * SenML adapter (RFC 8428 JSON): resolves base fields record by record (§4.5),
 * rejects records with no value or a bad name (§4.5.1, §4.6), and maps each
 * reading to an Observation of its sensor (mapping.ts).
 */
import { cleanProps, mapped, rejected, slug } from '../../record-helpers.js';
import type { AdapterInput, AdapterItem, SourceAdapter } from '../../types.js';
import { deviceNameOf, macOf, UNIT_SENSOR_KINDS } from './mapping.js';
import { checkRecord, SENML_NAME, type ResolvedSenml, type SenmlRecord } from './schema.js';

export interface SenmlAdapterOptions {
  /** "Now" in seconds for relative times (t < 2^28, §4.5.3); fixed in tests for determinism. */
  readonly now: number;
}

interface Base {
  bn?: string;
  bt: number;
  bu?: string;
  bv: number;
  bs: number;
}

const RELATIVE_LIMIT = 2 ** 28;
const BASE_FIELDS = new Set(['bn', 'bt', 'bu', 'bv', 'bs', 'bver']);

/** A record with base fields only (no name, value or sum): it sets context for the records after it. */
function isBaseOnly(r: SenmlRecord): boolean {
  const keys = Object.keys(r);
  return keys.length > 0 && keys.every((k) => BASE_FIELDS.has(k)) && r.bv === undefined && r.bs === undefined;
}

function updateBase(base: Base, r: SenmlRecord): void {
  if (r.bn !== undefined) base.bn = r.bn;
  if (r.bt !== undefined) base.bt = r.bt;
  if (r.bu !== undefined) base.bu = r.bu;
  if (r.bv !== undefined) base.bv = r.bv;
  if (r.bs !== undefined) base.bs = r.bs;
}

/** RFC 8428 §4.6 resolution; returns a reason when the record is not a valid reading. */
export function resolveRecord(base: Base, r: SenmlRecord, now: number): ResolvedSenml | { field: string; reason: string } {
  const name = `${base.bn ?? ''}${r.n ?? ''}`;
  if (name === '') return { field: 'n', reason: 'record has neither a name nor a base name' };
  if (!SENML_NAME.test(name)) return { field: 'n', reason: `name ${JSON.stringify(name)} has characters RFC 8428 §4.5.1 forbids` };
  const hasValue = r.v !== undefined || r.vs !== undefined || r.vb !== undefined || r.vd !== undefined || r.s !== undefined;
  if (!hasValue && r.bv === undefined) return { field: 'v', reason: 'record has no value (v, vs, vb, vd or s)' };
  const t = base.bt + (r.t ?? 0);
  const time = t < RELATIVE_LIMIT ? now + t : t;
  const unit = r.u ?? base.bu;
  return {
    name,
    time,
    ...(unit !== undefined ? { unit } : {}),
    ...(r.v !== undefined || (!hasValue && r.bv !== undefined) ? { value: base.bv + (r.v ?? 0) } : {}),
    ...(r.vs !== undefined ? { stringValue: r.vs } : {}),
    ...(r.vb !== undefined ? { boolValue: r.vb } : {}),
    ...(r.vd !== undefined ? { dataValue: r.vd } : {}),
    ...(r.s !== undefined ? { sum: base.bs + r.s } : {}),
  };
}

function toItem(index: number, reading: ResolvedSenml, baseName: string | undefined): AdapterItem {
  const deviceName = deviceNameOf(reading.name, baseName);
  const sensorId = `senml:${slug(deviceName)}`;
  const observedAt = new Date(reading.time * 1000).toISOString();
  const observationId = `senml:${slug(reading.name)}@${reading.time}`;
  const sensorKind = reading.unit ? UNIT_SENSOR_KINDS[reading.unit] : undefined;
  const mac = macOf(deviceName);
  const props = cleanProps({
    value: reading.value, unit: reading.unit, observedAt, name: reading.name,
    x_stringValue: reading.stringValue, x_boolValue: reading.boolValue, x_dataValue: reading.dataValue, x_sum: reading.sum,
  });
  return mapped(index, {
    nodes: [{ id: observationId, kind: 'Observation', props }],
    ensureNodes: sensorKind ? [{ id: sensorId, kind: sensorKind, props: cleanProps({ name: deviceName, mac }) }] : [],
    edges: [{ kind: 'observedBy', from: observationId, to: sensorId }],
    ...(mac ? { identities: { [sensorId]: { mac } } } : {}),
  });
}

export const senmlAdapter: SourceAdapter<SenmlAdapterOptions> = {
  format: 'senml',
  async *read(input: AdapterInput, options: SenmlAdapterOptions): AsyncIterable<AdapterItem> {
    let pack: unknown;
    try {
      pack = JSON.parse(input.text);
    } catch (error) {
      yield rejected(0, 'CG_INGEST_SYNTAX', `not JSON: ${(error as Error).message}`, { source: input.source, file: input.source }, null);
      return;
    }
    if (!Array.isArray(pack)) {
      yield rejected(0, 'CG_INGEST_RECORD_INVALID', 'a SenML pack must be a JSON array (RFC 8428 §4)', { source: input.source, pointer: '' }, pack);
      return;
    }
    const base: Base = { bt: 0, bv: 0, bs: 0 };
    for (const [index, raw] of pack.entries()) {
      const record = checkRecord(raw);
      if ('reason' in record) {
        yield rejected(index, 'CG_INGEST_RECORD_INVALID', record.reason, { source: input.source, pointer: `/${index}`, field: record.field }, raw);
        continue;
      }
      updateBase(base, record);
      if (isBaseOnly(record)) {
        yield { type: 'skipped', index, reason: 'record carries only base fields (RFC 8428 §4.1)' };
        continue;
      }
      const reading = resolveRecord(base, record, options.now);
      if ('reason' in reading) yield rejected(index, 'CG_INGEST_RECORD_INVALID', reading.reason, { source: input.source, pointer: `/${index}`, field: reading.field }, raw);
      else yield toItem(index, reading, base.bn);
    }
  },
};
