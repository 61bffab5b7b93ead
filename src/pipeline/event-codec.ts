/**
 * Payload adapters of the live loop, chosen by the last topic level
 * (`<prefix>/<partition>/<deviceId>/<type>`, docs/SCALING.md):
 *
 *   event     CivGraph event JSON: a simulator event (`SimEvent`) plus optional
 *             `derivedFromDecision` and `techniques` (src/pipeline/README.md);
 *             or a JSON array of them (a gateway's batch: one message, many events)
 *   telemetry SenML JSON (RFC 8428): `[{ "bn": "<deviceId>/", "n": "<quantity>", "v": 1.2, "u": "m", "t": <epoch s> }]`
 *   security  CEF (ArcSight CEF rev. 25, bare or in RFC 5424 syslog) or CivGraph event JSON
 *
 * A payload that does not decode becomes a Diagnostic naming topic, message
 * and field; it goes to the dead-letter topic and never stops the stream. In a
 * batch (an event array, a SenML pack) each element decodes on its own: a bad
 * element becomes a Diagnostic whose JSON pointer names its index, and the
 * good elements go on.
 */
import { contentHash, diagnostic, type Diagnostic } from '../core/index.js';
import { SECURITY_ACTIONS, type SecurityAction, type SimEvent } from '../sim/index.js';
import { parseExtension, splitCefHeader, splitSyslog } from '../ingest/sources/cef/schema.js';
import type { DeviceDirectory, LiveEvent } from './live-event.js';

/** A batch element that did not decode: its index in the payload, its diagnostic and its own JSON text. */
export interface RejectedElement {
  readonly index: number;
  readonly diagnostic: Diagnostic;
  readonly payload: string;
}

/**
 * `ok` with the decoded events and, for a batch with bad elements, `rejected`
 * (one per bad element); not `ok` when nothing in the payload decoded: then
 * `diagnostic` is the first problem and `rejected` lists every bad element of a batch.
 */
export type DecodeResult =
  | { readonly ok: true; readonly events: readonly LiveEvent[]; readonly rejected?: readonly RejectedElement[] }
  | { readonly ok: false; readonly diagnostic: Diagnostic; readonly rejected?: readonly RejectedElement[] };

type Fail = { readonly field: string; readonly reason: string };
/** What a batch decoder returns: the good events and the bad elements (pointer-located failures). */
type Partial = { readonly events: readonly LiveEvent[]; readonly failures: readonly { readonly index: number; readonly fail: Fail; readonly text: string }[] };
type Decoder = (text: string, topic: string, directory: DeviceDirectory) => readonly LiveEvent[] | Partial | Fail;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isAction = (v: unknown): v is SecurityAction => typeof v === 'string' && (SECURITY_ACTIONS as readonly string[]).includes(v);
const fail = (field: string, reason: string): Fail => ({ field, reason });
const isFail = (v: unknown): v is Fail => isObject(v) && typeof v['reason'] === 'string';

/**
 * Already in the form `Date#toISOString` prints, with a day every month has
 * (1–28): such a string is its own normal form, so it skips parse and print.
 * Days 29–31 take the slow path, where V8 rolls e.g. 04-31 over to 05-01.
 */
const CANONICAL_ISO = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

function isoTime(raw: unknown): string | undefined {
  if (typeof raw === 'number' && Number.isFinite(raw)) return new Date(raw).toISOString();
  if (typeof raw !== 'string') return undefined;
  if (raw.length === 24 && CANONICAL_ISO.test(raw)) return raw;
  const asNumber = Number(raw);
  const ms = raw.trim() !== '' && Number.isFinite(asNumber) ? asNumber : Date.parse(raw);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

function deviceOf(raw: Record<string, unknown>, directory: DeviceDirectory): { deviceId: string; kind: string; domain: string } | Fail {
  const deviceId = raw['deviceId'];
  if (typeof deviceId !== 'string' || deviceId === '') return fail('deviceId', 'deviceId must be a non-empty string');
  const known = directory(deviceId);
  const kind = typeof raw['kind'] === 'string' ? raw['kind'] : known?.kind;
  const domain = typeof raw['domain'] === 'string' ? raw['domain'] : known?.domain;
  if (kind === undefined || domain === undefined) return fail('deviceId', `device ${deviceId} is not in the graph and the event names no kind and domain`);
  return { deviceId, kind, domain };
}

function observationOf(raw: Record<string, unknown>, base: { id: string; time: string; deviceId: string; kind: string; domain: string }): SimEvent | Fail {
  if (typeof raw['value'] !== 'number' || !Number.isFinite(raw['value'])) return fail('value', 'value must be a finite number');
  if (typeof raw['quantity'] !== 'string') return fail('quantity', 'quantity must be a string');
  const unit = typeof raw['unit'] === 'string' ? raw['unit'] : '';
  // Spelled out (same key order as a spread of `base`): this runs per event.
  return { type: 'observation', id: base.id, time: base.time, deviceId: base.deviceId, kind: base.kind, domain: base.domain, quantity: raw['quantity'], value: raw['value'], unit } as SimEvent;
}

function securityOf(raw: Record<string, unknown>, base: { id: string; time: string; deviceId: string; kind: string; domain: string }): SimEvent | Fail {
  if (!isAction(raw['action'])) return fail('action', `action must be one of ${SECURITY_ACTIONS.join(', ')}`);
  const count = raw['count'] ?? 1;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) return fail('count', 'count must be a whole number ≥ 0');
  if (raw['peer'] !== undefined && typeof raw['peer'] !== 'string') return fail('peer', 'peer must be a string');
  return { type: 'security', ...base, action: raw['action'], count, ...(typeof raw['peer'] === 'string' ? { peer: raw['peer'] } : {}) } as SimEvent;
}

const NO_GUARD: Pick<LiveEvent, 'derivedFromDecision' | 'techniques'> = Object.freeze({});

function guardOf(raw: Record<string, unknown>): Pick<LiveEvent, 'derivedFromDecision' | 'techniques'> | Fail {
  const derived = raw['derivedFromDecision'];
  if (derived === undefined && raw['techniques'] === undefined) return NO_GUARD;
  if (derived !== undefined && typeof derived !== 'string') return fail('derivedFromDecision', 'derivedFromDecision must be a decision id');
  const techniques = raw['techniques'];
  if (techniques !== undefined && (!Array.isArray(techniques) || !techniques.every((t) => typeof t === 'string'))) return fail('techniques', 'techniques must be an array of strings');
  return { ...(derived === undefined ? {} : { derivedFromDecision: derived }), ...(techniques === undefined ? {} : { techniques: techniques as string[] }) };
}

/** Decodes one CivGraph event JSON object. */
export function decodeEventObject(raw: unknown, directory: DeviceDirectory): LiveEvent | Fail {
  if (!isObject(raw)) return fail('', 'payload is not a JSON object');
  if (typeof raw['id'] !== 'string' || raw['id'] === '') return fail('id', 'id must be a non-empty string');
  const time = isoTime(raw['time']);
  if (time === undefined) return fail('time', 'time must be an ISO 8601 date or epoch milliseconds');
  const device = deviceOf(raw, directory);
  if (isFail(device)) return device;
  const base = { id: raw['id'], time, ...device };
  const event = raw['type'] === 'observation' ? observationOf(raw, base) : raw['type'] === 'security' ? securityOf(raw, base) : fail('type', 'type must be "observation" or "security"');
  if (isFail(event)) return event;
  const guard = guardOf(raw);
  if (guard === NO_GUARD) return { event };
  return isFail(guard) ? guard : { event, ...guard };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return fail('', 'payload is not valid JSON');
  }
}

/** A field failure inside element `index` of a batch, as a JSON pointer (RFC 6901). */
const atIndex = (index: number, f: Fail): Fail => ({ field: f.field.startsWith('/') ? `/${index}${f.field}` : f.field === '' ? `/${index}` : `/${index}/${f.field}`, reason: f.reason });

/** One event object, or an array of them (a batch): each element decodes on its own. */
const decodeJson: Decoder = (text, _topic, directory) => {
  const raw = parseJson(text);
  if (isFail(raw)) return raw;
  if (!Array.isArray(raw)) {
    const one = decodeEventObject(raw, directory);
    return isFail(one) ? one : [one];
  }
  if (raw.length === 0) return fail('', 'an event batch must be a non-empty JSON array of events');
  const events: LiveEvent[] = [];
  const failures: Partial['failures'][number][] = [];
  for (let i = 0; i < raw.length; i++) {
    const one = decodeEventObject(raw[i], directory);
    if (isFail(one)) failures.push({ index: i, fail: atIndex(i, one), text: JSON.stringify(raw[i]) ?? '' });
    else events.push(one);
  }
  return { events, failures };
};

function senmlRecord(r: unknown, base: { bn: string; bt: number }, index: number, directory: DeviceDirectory): LiveEvent | Fail {
  if (!isObject(r)) return fail(`/${index}`, 'SenML record is not a JSON object');
  if (typeof r['bn'] === 'string') base.bn = r['bn'];
  if (typeof r['bt'] === 'number') base.bt = r['bt'];
  const name = `${base.bn}${typeof r['n'] === 'string' ? r['n'] : ''}`;
  const slash = name.lastIndexOf('/');
  if (slash <= 0) return fail(`/${index}/n`, 'SenML name must be "<deviceId>/<quantity>" (bn "<deviceId>/", n "<quantity>")');
  if (typeof r['v'] !== 'number' || !Number.isFinite(r['v'])) return fail(`/${index}/v`, 'SenML record needs a numeric value v');
  const deviceId = name.slice(0, slash);
  const device = deviceOf({ deviceId }, directory);
  // The device comes from the record's name (bn + n), so that is where the pointer goes.
  if (isFail(device)) return fail(`/${index}/n`, device.reason);
  const seconds = base.bt + (typeof r['t'] === 'number' ? r['t'] : 0);
  const time = new Date(seconds * 1000).toISOString();
  const quantity = name.slice(slash + 1);
  const unit = typeof r['u'] === 'string' ? r['u'] : '';
  return { event: { type: 'observation', id: `senml:${name}@${seconds}`, time, ...device, quantity, value: r['v'], unit } as SimEvent };
}

/** SenML JSON pack (RFC 8428 §5): every record with a numeric value becomes one observation. */
const decodeSenml: Decoder = (text, _topic, directory) => {
  const raw = parseJson(text);
  if (isFail(raw)) return raw;
  if (!Array.isArray(raw) || raw.length === 0) return fail('', 'SenML payload must be a non-empty JSON array of records');
  const base = { bn: '', bt: 0 };
  const events: LiveEvent[] = [];
  const failures: Partial['failures'][number][] = [];
  for (let i = 0; i < raw.length; i++) {
    const one = senmlRecord(raw[i], base, i, directory);
    if (!isFail(one)) events.push(one);
    else failures.push({ index: i, fail: one.field.startsWith('/') ? one : atIndex(i, one), text: JSON.stringify(raw[i]) ?? '' });
  }
  return { events, failures };
};

function cefFields(text: string): Record<string, string> | Fail {
  const framed = splitSyslog(text.trim());
  if (typeof framed === 'string') return fail('', framed);
  const header = splitCefHeader(framed.message);
  if (typeof header === 'string') return fail('', header);
  return { signatureId: header[4] ?? '', ...parseExtension(header[7] ?? '') };
}

/** CEF: `act` (or the signature id) is the security action, `dvchost` the device, `rt` the time, `cnt`, `src`, `externalId`, `cs1` techniques. */
const decodeCef: Decoder = (text, topic, directory) => {
  if (text.trimStart().startsWith('{')) return decodeJson(text, topic, directory);
  const f = cefFields(text);
  if (isFail(f)) return f;
  const time = isoTime(f['rt']);
  if (time === undefined) return fail('rt', 'CEF extension rt (receipt time) is missing or not a time');
  const count = f['cnt'] === undefined ? 1 : Number(f['cnt']);
  const raw = {
    type: 'security', id: f['externalId'] ?? `cef:${contentHash(text, 16)}`, time, deviceId: f['dvchost'], action: f['act'] ?? f['signatureId'],
    count, ...(f['src'] === undefined ? {} : { peer: f['src'] }), ...(f['cs1'] === undefined ? {} : { techniques: f['cs1'].split(',').map((t) => t.trim()) }),
  };
  const one = decodeEventObject(raw, directory);
  if (isFail(one)) return { field: one.field === 'deviceId' ? 'dvchost' : one.field === 'action' ? 'act' : one.field === 'count' ? 'cnt' : one.field, reason: one.reason };
  return [one];
};

/** Adapters by the topic's last level. */
export const TOPIC_DECODERS: Readonly<Record<string, Decoder>> = { event: decodeJson, telemetry: decodeSenml, security: decodeCef };

/**
 * Decodes one message. `messageId` names it in the diagnostic (MQTT packet
 * id, HTTP request index).
 */
export function decodePayload(topic: string, payload: Uint8Array | string, directory: DeviceDirectory, messageId: string): DecodeResult {
  const type = topic.slice(topic.lastIndexOf('/') + 1);
  const decoder = TOPIC_DECODERS[type];
  const where = { source: topic, record: Number.isFinite(Number(messageId)) ? Number(messageId) : undefined };
  const location = (field: string) => ({ source: topic, ...(where.record === undefined ? {} : { record: where.record }), ...(field.startsWith('/') ? { pointer: field } : field === '' ? {} : { field }) });
  if (decoder === undefined) {
    return { ok: false, diagnostic: diagnostic('CG_PIPELINE_TOPIC_UNMAPPED', `message ${messageId} on ${topic}: no adapter for topic type "${type}" (expected ${Object.keys(TOPIC_DECODERS).join(', ')})`, location('')) };
  }
  const result = decoder(payloadText(payload), topic, directory);
  const invalid = (f: Fail, element?: number): Diagnostic => diagnostic('CG_PIPELINE_PAYLOAD_INVALID', `message ${messageId} on ${topic}${element === undefined ? '' : `, element ${element}`}: ${f.reason}`, location(f.field));
  if (isFail(result)) return { ok: false, diagnostic: invalid(result) };
  if (!('failures' in result)) return { ok: true, events: result };
  if (result.failures.length === 0) return { ok: true, events: result.events };
  const rejected = result.failures.map((f) => ({ index: f.index, diagnostic: invalid(f.fail, f.index), payload: f.text }));
  return result.events.length === 0 ? { ok: false, diagnostic: rejected[0]!.diagnostic, rejected } : { ok: true, events: result.events, rejected };
}

/** The payload as UTF-8 text; a Buffer (what mqtt.js hands over) decodes in place, without a copy. */
export function payloadText(payload: Uint8Array | string): string {
  if (typeof payload === 'string') return payload;
  return Buffer.isBuffer(payload) ? payload.toString('utf8') : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8');
}
