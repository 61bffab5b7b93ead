/**
 * Evaluates a declarative record mapping (mapping-spec.ts) on one source record
 * — a CSV row or a JSON object — and builds the mapped node, its edges and the
 * identity keys for entity resolution. Failures become diagnostics with the
 * record index and the column or JSON pointer of the field.
 */
import { diagnostic, type Diagnostic, type DiagnosticLocation } from '../../core/index.js';
import type { EdgeInput, NodeInput, PropValue } from '../../graph/port.js';
import { cleanProps, identityOf, mapped, normaliseMac, rejected } from '../record-helpers.js';
import type { AdapterItem, IdentityKeys } from '../types.js';
import { applyTransforms, type Scalar } from './apply-transforms.js';
import { getByPath, getByPointer, parseJsonPath } from './json-path.js';
import type { RecordMapping, ValueSource } from './mapping-spec.js';

type Value = Scalar | readonly Scalar[] | undefined;

/** The record being mapped: a CSV row (columns) or a JSON document (pointers and paths). */
export interface SourceRecord {
  readonly row?: Readonly<Record<string, string>>;
  readonly json?: unknown;
}

interface Failure {
  readonly reason: string;
  readonly field: string;
}

function toScalar(value: unknown): Scalar | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

function fieldOf(source: ValueSource): string {
  if ('column' in source) return source.column;
  if ('pointer' in source) return source.pointer;
  if ('path' in source) return source.path;
  if ('template' in source) return source.template;
  return 'coalesce' in source ? 'coalesce' : 'const';
}

function rawValue(record: SourceRecord, source: ValueSource): Value | Failure {
  if ('column' in source) {
    const cell = record.row?.[source.column];
    return cell === undefined || cell === '' ? undefined : cell;
  }
  if ('pointer' in source) return toScalar(getByPointer(record.json, source.pointer));
  if ('path' in source) {
    const steps = parseJsonPath(source.path);
    if (typeof steps === 'string') return { reason: steps, field: source.path };
    const found = getByPath(record.json, steps);
    return Array.isArray(found) ? found.map((v) => toScalar(v) ?? null) : toScalar(found);
  }
  if ('const' in source) return source.const;
  if ('template' in source) return fillTemplate(record, source.template);
  for (const option of source.coalesce) {
    const v = evaluateSource(record, option);
    if (isFailure(v)) return v;
    if (v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0)) return v;
  }
  return undefined;
}

/** A template split once into literal text (even slots) and field names (odd slots). */
const TEMPLATES = new Map<string, readonly string[]>();
function templateParts(template: string): readonly string[] {
  let parts = TEMPLATES.get(template);
  if (!parts) {
    parts = template.split(/\{([^}]+)\}/);
    TEMPLATES.set(template, parts);
  }
  return parts;
}

/** `{COLUMN}` reads a CSV column, `{/a/b}` a JSON pointer; a missing field makes the whole template undefined. */
function fillTemplate(record: SourceRecord, template: string): string | undefined {
  const parts = templateParts(template);
  let text = parts[0] ?? '';
  for (let i = 1; i < parts.length; i += 2) {
    const field = parts[i] as string;
    const v = field.startsWith('/') ? toScalar(getByPointer(record.json, field)) : record.row?.[field];
    if (v === undefined || v === null || v === '') return undefined;
    text += String(v).trim() + (parts[i + 1] ?? '');
  }
  return text;
}

export function isFailure(value: unknown): value is Failure {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'reason' in value;
}

function transformed(source: ValueSource, v: Scalar): Scalar | Failure {
  if (source.transforms === undefined || source.transforms.length === 0) return v;
  const r = applyTransforms(v, source.transforms);
  return r.ok ? r.value : { reason: r.reason, field: fieldOf(source) };
}

export function evaluateSource(record: SourceRecord, source: ValueSource): Value | Failure {
  const raw = rawValue(record, source);
  if (isFailure(raw) || raw === undefined) return raw;
  if (Array.isArray(raw)) {
    const out: Scalar[] = [];
    for (const v of raw as Scalar[]) {
      const r = transformed(source, v);
      if (isFailure(r)) return r;
      out.push(r);
    }
    return out;
  }
  return transformed(source, raw as Scalar);
}

function toProp(value: Value): PropValue | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) return value as Scalar;
  const list = value.filter((v) => v !== null);
  if (list.every((v) => typeof v === 'string')) return list as string[];
  if (list.every((v) => typeof v === 'number')) return list as number[];
  return JSON.stringify(list);
}

function asId(value: Value): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v === undefined || v === null || v === '' ? undefined : String(v);
}

export interface EvaluateContext {
  readonly index: number;
  readonly location: DiagnosticLocation;
  readonly payload: unknown;
}

interface Built {
  nodes: NodeInput[];
  ensure: NodeInput[];
  edges: EdgeInput[];
  warnings: Diagnostic[];
}

function buildEdges(record: SourceRecord, mapping: RecordMapping, nodeId: string, ctx: EvaluateContext, built: Built): void {
  for (const [i, edge] of mapping.edges.entries()) {
    const to = evaluateSource(record, edge.to);
    const other = isFailure(to) ? undefined : asId(to);
    if (isFailure(to)) built.warnings.push(diagnostic('CG_INGEST_TRANSFORM_FAILED', to.reason, { ...ctx.location, record: ctx.index, field: to.field }, 'warning'));
    if (other === undefined) continue;
    built.edges.push(edge.reverse ? { kind: edge.kind, from: other, to: nodeId } : { kind: edge.kind, from: nodeId, to: other });
    if (edge.ensure) {
      const props = evaluateProps(record, edge.ensure.props ?? {}, ctx, built.warnings, `/edges/${i}/ensure`);
      built.ensure.push({ id: other, kind: edge.ensure.kind, props: cleanProps(props) });
    }
  }
}

function evaluateProps(record: SourceRecord, specs: Readonly<Record<string, ValueSource>>, ctx: EvaluateContext, warnings: Diagnostic[], _at: string): Record<string, PropValue | undefined> {
  const props: Record<string, PropValue | undefined> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const v = evaluateSource(record, spec);
    if (isFailure(v)) {
      warnings.push(diagnostic('CG_INGEST_TRANSFORM_FAILED', `${name}: ${v.reason}`, { ...ctx.location, record: ctx.index, field: v.field }, 'warning'));
      continue;
    }
    props[name] = toProp(v);
  }
  return props;
}

function identity(record: SourceRecord, mapping: RecordMapping): IdentityKeys | undefined {
  const spec = mapping.identity;
  if (!spec) return undefined;
  const read = (s: ValueSource | undefined): string | undefined => {
    if (!s) return undefined;
    const v = evaluateSource(record, s);
    return isFailure(v) ? undefined : asId(v);
  };
  return identityOf({ serial: read(spec.serial), mac: normaliseMac(read(spec.mac)), declaredId: read(spec.declaredId) });
}

/** Maps one record; null when `skipUnless` says the record is not for this mapping. */
export function evaluateMapping(record: SourceRecord, mapping: RecordMapping, sourceName: string, ctx: EvaluateContext): AdapterItem | null {
  if (mapping.skipUnless) {
    const gate = evaluateSource(record, mapping.skipUnless);
    if (gate === undefined || gate === null || gate === false) return null;
  }
  const idValue = evaluateSource(record, mapping.id);
  const id = isFailure(idValue) ? undefined : asId(idValue);
  if (id === undefined) {
    const reason = isFailure(idValue) ? idValue.reason : `id field ${fieldOf(mapping.id)} is empty`;
    return rejected(ctx.index, 'CG_INGEST_RECORD_INVALID', reason, { ...ctx.location, field: fieldOf(mapping.id) }, ctx.payload);
  }
  const kindValue = typeof mapping.kind === 'string' ? mapping.kind : evaluateSource(record, mapping.kind);
  const kind = isFailure(kindValue) ? undefined : asId(kindValue);
  if (kind === undefined) {
    const reason = isFailure(kindValue) ? kindValue.reason : 'kind field is empty';
    return rejected(ctx.index, 'CG_INGEST_TYPE_UNMAPPED', reason, { ...ctx.location, field: isFailure(kindValue) ? kindValue.field : 'kind' }, ctx.payload);
  }
  const built: Built = { nodes: [], ensure: [], edges: [], warnings: [] };
  const props = evaluateProps(record, mapping.props, ctx, built.warnings, '/props');
  if (typeof props['mac'] === 'string') props['mac'] = normaliseMac(props['mac']) ?? props['mac'];
  built.nodes.push({ id, kind, props: cleanProps({ ...props, x_mapping: sourceName }) });
  buildEdges(record, mapping, id, ctx, built);
  const keys = identity(record, mapping);
  return mapped(ctx.index, { nodes: built.nodes, ensureNodes: built.ensure, edges: built.edges, diagnostics: built.warnings, ...(keys ? { identities: { [id]: keys } } : {}) });
}
