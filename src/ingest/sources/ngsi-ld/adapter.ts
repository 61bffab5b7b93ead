/**
 * NGSI-LD / NGSI v2 source adapter: JSON payload → entities (schema.ts) →
 * expanded names (context-resolver.ts, NGSI-LD only) → cg nodes and edges
 * (mapping.ts). One payload may hold one entity, an array or a GeoJSON
 * FeatureCollection; each entity is one record, and a bad entity never stops
 * the others.
 */
import type { Diagnostic } from '../../../core/index.js';
import { diagnostic } from '../../../core/index.js';
import type { EdgeInput, PropValue } from '../../../graph/port.js';
import { cleanProps, firstString, identityOf, mapped, normaliseMac, rejected, toPropValue } from '../../record-helpers.js';
import type { AdapterInput, AdapterItem, SourceAdapter } from '../../types.js';
import { CompiledContext, ContextResolver, ContextUnavailable, type BundledContexts } from './context-resolver.js';
import { DEFAULT_KIND_DOMAINS, NGSI_PROPERTY_MAP, NGSI_RELATIONSHIP_EDGES, NGSI_TYPE_MAPPINGS, OBSERVED_AT_ATTRIBUTES, SINGLE_VALUED } from './mapping.js';
import { entitiesOf, readEntity, type NgsiAttribute, type NgsiEntity } from './schema.js';

export interface NgsiAdapterOptions {
  /** Bundled JSON-LD contexts by URL (see loadBundledContexts). */
  readonly contexts: BundledContexts;
}

const KNOWN_NAMESPACES = ['https://smartdatamodels.org/', 'https://uri.etsi.org/ngsi-ld/'];

/** NGSI-LD ids are URIs; a bare NGSI v2 id becomes `urn:ngsi-ld:<type>:<id>` so both versions meet. */
export function ngsiNodeId(id: string, type: string): string {
  return /^(urn|https?):/i.test(id) ? id : `urn:ngsi-ld:${type}:${id}`;
}

/** A relationship target: a URI stays; a bare id of `refX` becomes `urn:ngsi-ld:X:<id>`. */
function targetId(attribute: string, target: string): string {
  if (/^(urn|https?):/i.test(target)) return target;
  const type = attribute.startsWith('ref') && attribute.length > 3 ? attribute.slice(3) : 'Entity';
  return `urn:ngsi-ld:${type}:${target}`;
}

function pointOf(value: unknown): { lat: number; lon: number } | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const geo = value as { type?: unknown; coordinates?: unknown };
  if (geo.type !== 'Point' || !Array.isArray(geo.coordinates)) return undefined;
  const [lon, lat] = geo.coordinates as unknown[];
  return typeof lat === 'number' && typeof lon === 'number' ? { lat, lon } : undefined;
}

interface EntityParts {
  props: Record<string, PropValue | undefined>;
  edges: EdgeInput[];
  warnings: Diagnostic[];
}

function mapAttribute(parts: EntityParts, nodeId: string, name: string, attr: NgsiAttribute, where: { source: string; record: number }, pointer: string): void {
  if (attr.kind === 'geo') {
    const point = pointOf(attr.value);
    if (point) Object.assign(parts.props, point);
    else parts.props[`x_${name}`] = toPropValue(attr.value);
    return;
  }
  const edge = NGSI_RELATIONSHIP_EDGES[name];
  if (edge && (attr.kind === 'relationship' || typeof attr.value === 'string' || Array.isArray(attr.value))) {
    for (const target of Array.isArray(attr.value) ? attr.value : [attr.value]) {
      if (typeof target !== 'string') continue;
      const other = targetId(name, target);
      parts.edges.push(edge.direction === 'out' ? { kind: edge.kind, from: nodeId, to: other } : { kind: edge.kind, from: other, to: nodeId });
    }
    return;
  }
  const prop = NGSI_PROPERTY_MAP[name];
  if (prop) {
    const value = SINGLE_VALUED.has(prop) ? firstString(attr.value) : toPropValue(attr.value);
    if (value === undefined && attr.value !== undefined && attr.value !== null) {
      parts.warnings.push(diagnostic('CG_INGEST_RECORD_INVALID', `attribute ${name} is not a ${prop} value`, { ...where, pointer: `${pointer}/${name}`, field: name }, 'warning'));
    }
    parts.props[prop] = prop === 'mac' ? normaliseMac(value as string | undefined) ?? value : value;
  } else {
    parts.props[`x_${name}`] = toPropValue(attr.value);
  }
  if (attr.unitCode) parts.props[`x_${name}_unit`] = attr.unitCode;
  if (attr.observedAt && parts.props['observedAt'] === undefined) parts.props['observedAt'] = attr.observedAt;
}

/** An ISO 8601 time, or the end of an ISO interval `start/end`. */
function timeOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const end = value.includes('/') ? value.slice(value.indexOf('/') + 1) : value;
  return Number.isNaN(Date.parse(end)) ? undefined : end;
}

const OBSERVED_AT_RANK: ReadonlyMap<string, number> = new Map(OBSERVED_AT_ATTRIBUTES.map((name, rank) => [name, rank]));

/**
 * The observation time: the first of OBSERVED_AT_ATTRIBUTES (in that order)
 * whose attribute holds a time; when two raw names expand to the same name the
 * later one counts. One pass over the attributes, no table per entity.
 */
function observedTimeOf(entity: NgsiEntity, names: TermNames): string | undefined {
  const candidates: (NgsiAttribute | undefined)[] = [];
  for (const [raw, attr] of entity.attributes) {
    const rank = OBSERVED_AT_RANK.get(names.local(raw));
    if (rank !== undefined) candidates[rank] = attr;
  }
  for (const attr of candidates) {
    const time = timeOf(attr?.value);
    if (time) return time;
  }
  return undefined;
}

/**
 * Fills what the shapes require when the payload leaves it implicit: the
 * observation time from the first time attribute present, the domain from
 * the kind (DEFAULT_KIND_DOMAINS), and the name from the entity id.
 */
function completeProps(props: Record<string, PropValue | undefined>, entity: NgsiEntity, names: TermNames, kind: string): void {
  if (props['observedAt'] === undefined) {
    const time = observedTimeOf(entity, names);
    if (time) props['observedAt'] = time;
  }
  props['domain'] ??= DEFAULT_KIND_DOMAINS[kind];
  props['name'] ??= entity.id;
}

/** Attribute and type names as the mapping knows them: NGSI v2 names as they are; NGSI-LD names through the context. */
interface TermNames {
  local(term: string): string;
}

const V2_NAMES: TermNames = { local: (term) => term };

/** The entity type's local name, or why it is outside the mapped namespaces. */
function expandedType(entity: NgsiEntity, names: TermNames | CompiledContext): string | { readonly problem: string } {
  if (!(names instanceof CompiledContext)) return entity.type;
  const typeIri = names.expand(entity.type);
  if (!KNOWN_NAMESPACES.some((ns) => typeIri.startsWith(ns))) return { problem: `type ${entity.type} expands to ${typeIri}, outside the Smart Data Models and NGSI-LD namespaces` };
  return names.local(entity.type);
}

/** Maps an NGSI-LD entity whose @context is not compiled yet: resolves the context first. */
async function mapEntity(entity: NgsiEntity, index: number, source: string, pointer: string, resolver: ContextResolver, raw: unknown): Promise<AdapterItem> {
  let names;
  try {
    names = await resolver.resolve(entity.context);
  } catch (error) {
    if (error instanceof ContextUnavailable) return rejected(index, 'CG_INGEST_CONTEXT_UNAVAILABLE', error.message, { source, pointer: `${pointer}/@context` }, raw);
    throw error;
  }
  return mapNamedEntity(entity, names, { source, record: index, pointer }, raw);
}

/** Maps an entity whose names are known (synchronous: the per-entity hot path). */
function mapNamedEntity(entity: NgsiEntity, names: TermNames | CompiledContext, where: { source: string; record: number; pointer: string }, raw: unknown): AdapterItem {
  const { source, record: index, pointer } = where;
  const type = expandedType(entity, names);
  if (typeof type !== 'string') return rejected(index, 'CG_INGEST_TYPE_UNMAPPED', type.problem, { source, pointer: `${pointer}/type` }, raw);
  const mapping = NGSI_TYPE_MAPPINGS[type];
  if (!mapping) return rejected(index, 'CG_INGEST_TYPE_UNMAPPED', `no mapping for NGSI entity type ${type}`, { source, pointer: `${pointer}/type`, field: 'type' }, raw);
  const kind = typeof mapping.kind === 'string' ? mapping.kind : mapping.kind(entity);
  if (!kind) {
    const message = `${type} ${entity.id}: deviceCategory/controlledProperty name no concrete device kind`;
    return rejected(index, 'CG_INGEST_TYPE_UNMAPPED', message, { source, pointer: `${pointer}/deviceCategory`, field: 'deviceCategory' }, raw);
  }
  const nodeId = ngsiNodeId(entity.id, type);
  const parts: EntityParts = { props: { domain: mapping.domain, x_ngsiType: type, x_ngsiFlavour: entity.flavour }, edges: [], warnings: [] };
  for (const [name, attr] of entity.attributes) {
    mapAttribute(parts, nodeId, names.local(name), attr, where, pointer);
  }
  completeProps(parts.props, entity, names, kind);
  const props = cleanProps(parts.props);
  const identity = identityOf({ serial: firstString(props['serial']), mac: firstString(props['mac']) });
  return mapped(index, { nodes: [{ id: nodeId, kind, props }], edges: parts.edges, diagnostics: parts.warnings, ...(identity ? { identities: { [nodeId]: identity } } : {}) });
}

/** Streams mapped NGSI entities from one JSON payload. */
export const ngsiAdapter: SourceAdapter<NgsiAdapterOptions> = {
  format: 'ngsi-ld',
  async *read(input: AdapterInput, options: NgsiAdapterOptions): AsyncIterable<AdapterItem> {
    let payload: unknown;
    try {
      payload = JSON.parse(input.text);
    } catch (error) {
      yield rejected(0, 'CG_INGEST_SYNTAX', `not JSON: ${(error as Error).message}`, { source: input.source, file: input.source }, input.text.slice(0, 200));
      return;
    }
    const entries = entitiesOf(payload);
    if (typeof entries === 'string') {
      yield rejected(0, 'CG_INGEST_RECORD_INVALID', entries, { source: input.source, pointer: '' }, payload);
      return;
    }
    const resolver = new ContextResolver(options.contexts);
    for (const [index, entry] of entries.entries()) {
      const entity = readEntity(entry.raw, entry.context);
      if (typeof entity === 'string') {
        yield rejected(index, 'CG_INGEST_RECORD_INVALID', entity, { source: input.source, pointer: entry.pointer }, entry.raw);
        continue;
      }
      const names = entity.flavour.startsWith('v2') ? V2_NAMES : resolver.cached(entity.context);
      yield names ? mapNamedEntity(entity, names, { source: input.source, record: index, pointer: entry.pointer }, entry.raw) : await mapEntity(entity, index, input.source, entry.pointer, resolver, entry.raw);
    }
  },
};
