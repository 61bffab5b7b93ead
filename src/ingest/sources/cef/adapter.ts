/**
 * CEF-over-syslog adapter: one event per line (RFC 5424 framing or bare CEF).
 * The event id is a content hash of the line, so re-ingesting a log is
 * idempotent.
 */
import { contentHash } from '../../../core/index.js';
import type { EdgeInput } from '../../../graph/port.js';
import { cleanProps, mapped, normaliseMac, rejected } from '../../record-helpers.js';
import type { AdapterInput, AdapterItem, KeyedReference, SourceAdapter } from '../../types.js';
import { AFFECTED_IP_KEYS, AFFECTED_MAC_KEYS, severityOf, techniqueIdsOf } from './mapping.js';
import { parseExtension, splitCefHeader, splitSyslog, type CefEvent } from './schema.js';

function parseLine(line: string): CefEvent | string {
  const framed = splitSyslog(line);
  if (typeof framed === 'string') return framed;
  const fields = splitCefHeader(framed.message);
  if (typeof fields === 'string') return fields;
  const [version = '', vendor = '', product = '', deviceVersion = '', signatureId = '', name = '', severity = '', ext = ''] = fields;
  return { syslog: framed.header, version, vendor, product, deviceVersion, signatureId, name, severity, extension: parseExtension(ext) };
}

function observedAt(event: CefEvent): string | undefined {
  const rt = event.extension['rt'];
  if (rt !== undefined) {
    const n = Number(rt);
    const ms = Number.isFinite(n) ? n : Date.parse(rt);
    if (Number.isFinite(ms)) return new Date(ms).toISOString();
  }
  const ts = event.syslog?.timestamp;
  return ts && !Number.isNaN(Date.parse(ts)) ? new Date(Date.parse(ts)).toISOString() : undefined;
}

function mapEvent(event: CefEvent, index: number, line: string): AdapterItem {
  const id = `cef:${contentHash(line)}`;
  const ext = event.extension;
  const props = cleanProps({
    name: event.name, severity: severityOf(event.severity), observedAt: observedAt(event), vendor: event.vendor,
    x_product: event.product, x_deviceVersion: event.deviceVersion, x_signatureId: event.signatureId, x_cefSeverity: event.severity,
    x_src: ext['src'], x_dst: ext['dst'], x_dvc: ext['dvc'], x_act: ext['act'], x_msg: ext['msg'],
    x_host: event.syslog?.hostname ?? undefined, x_app: event.syslog?.appName ?? undefined,
  });
  const edges: EdgeInput[] = techniqueIdsOf(ext).map((t) => ({ kind: 'usesTechnique', from: id, to: `attack:${t}` }));
  const references: KeyedReference[] = [];
  for (const key of AFFECTED_IP_KEYS) if (ext[key]) references.push({ kind: 'affects', from: id, key: 'ip', value: ext[key] as string });
  for (const key of AFFECTED_MAC_KEYS) {
    const mac = normaliseMac(ext[key]);
    if (mac) references.push({ kind: 'affects', from: id, key: 'mac', value: mac });
  }
  return mapped(index, { nodes: [{ id, kind: 'SecurityEvent', props }], edges, references });
}

export const cefAdapter: SourceAdapter<undefined> = {
  format: 'cef',
  async *read(input: AdapterInput): AsyncIterable<AdapterItem> {
    const lines = input.text.split(/\r?\n/);
    for (const [i, line] of lines.entries()) {
      if (line.trim() === '') continue;
      const event = parseLine(line);
      const location = { source: input.source, file: input.source, line: i + 1 };
      yield typeof event === 'string' ? rejected(i, 'CG_INGEST_RECORD_INVALID', event, location, line) : mapEvent(event, i, line);
    }
  },
};
