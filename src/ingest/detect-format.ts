/**
 * Format auto-detection from the file name and the first bytes: RDF by
 * extension; JSON by shape (STIX bundle, SenML pack, NGSI entity or array);
 * CSV by header (a SCADA tag table, else an inventory needing a mapping);
 * text lines by their syslog/CEF prefix. Undefined when nothing matches.
 */
import { rdfSyntaxOf } from './rdf/parse-rdf.js';
import { isScadaHeader } from './sources/scada/schema.js';
import type { IngestFormat } from './types.js';

const HEAD = 4096;

function jsonFormatOf(head: string): IngestFormat | undefined {
  if (/"\$schema"\s*:/.test(head)) return undefined;
  if (/^\s*\{[\s\S]*"type"\s*:\s*"bundle"/.test(head) && /"objects"\s*:/.test(head)) return 'stix';
  if (/^\s*\[\s*\{\s*"(bn|bt|bu|bv|n|v|u|t|vs|vb)"\s*:/.test(head)) return 'senml';
  if (/"(@context|type)"\s*:/.test(head) && /"id"\s*:|"@id"\s*:/.test(head)) return 'ngsi-ld';
  return undefined;
}

export function detectFormat(file: string, text: string, hasMapping: boolean): IngestFormat | undefined {
  const head = text.slice(0, HEAD).replace(/^\uFEFF/, '');
  const syntax = rdfSyntaxOf(file);
  if (syntax === 'json-ld' && !/"@graph"\s*:/.test(head) && jsonFormatOf(head) === 'ngsi-ld') return 'ngsi-ld';
  if (syntax) return 'rdf';
  const lower = file.toLowerCase();
  if (lower.endsWith('.json') || lower.endsWith('.geojson') || lower.endsWith('.jsonl') || /^\s*[[{]/.test(head)) {
    return jsonFormatOf(head) ?? (hasMapping ? 'json-mapping' : undefined);
  }
  const firstLine = head.split(/\r?\n/, 1)[0] ?? '';
  if (/^(<\d{1,3}>1 |CEF:\d)/.test(firstLine) && /CEF:\d/.test(head)) return 'cef';
  if (lower.endsWith('.csv') || firstLine.includes(',')) {
    if (isScadaHeader(firstLine.split(',').map((c) => c.trim()))) return 'scada';
    return hasMapping ? 'csv' : undefined;
  }
  return undefined;
}
