/**
 * NGSI entity shapes (ETSI GS CIM 009 NGSI-LD §4.5 and FIWARE NGSI v2): the
 * four payload flavours the Smart Data Models examples use, normalised into one
 * internal form so mapping.ts is written once.
 *  - NGSI-LD normalized: `{ attr: { type: "Property", value, observedAt, unitCode } }`,
 *    `{ type: "Relationship", object }`, `{ type: "GeoProperty", value: GeoJSON }`.
 *  - NGSI-LD key-values / NGSI v2 key-values: `{ attr: value }`.
 *  - NGSI v2 normalized: `{ attr: { type: "Text" | "Number" | "Relationship" | ..., value, metadata } }`.
 */
export type NgsiFlavour = 'ld-normalized' | 'ld-keyvalues' | 'v2-normalized' | 'v2-keyvalues';

export interface NgsiAttribute {
  readonly kind: 'property' | 'relationship' | 'geo';
  readonly value: unknown;
  readonly observedAt?: string;
  readonly unitCode?: string;
}

export interface NgsiEntity {
  readonly id: string;
  readonly type: string;
  readonly flavour: NgsiFlavour;
  readonly context: unknown;
  readonly attributes: ReadonlyMap<string, NgsiAttribute>;
}

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const LD_ATTRIBUTE_TYPES = new Set(['Property', 'Relationship', 'GeoProperty', 'LanguageProperty', 'VocabProperty', 'ListProperty', 'ListRelationship']);
const RESERVED = new Set(['id', 'type', '@id', '@type', '@context', 'createdAt', 'modifiedAt', 'scope']);

/** True when a value looks like an NGSI v2 normalized attribute (`{type, value}` with a v2 type). */
function isV2Attribute(value: unknown): value is JsonObject {
  return isObject(value) && typeof value['type'] === 'string' && 'value' in value && !LD_ATTRIBUTE_TYPES.has(value['type']);
}

function isLdAttribute(value: unknown): value is JsonObject {
  return isObject(value) && typeof value['type'] === 'string' && LD_ATTRIBUTE_TYPES.has(value['type']);
}

/**
 * Decides the flavour from the attributes: any NGSI-LD attribute object makes
 * the entity normalized NGSI-LD, else any NGSI v2 attribute object makes it
 * normalized v2; plain values are key-values (NGSI-LD when a @context or an
 * `urn:ngsi-ld:` id says so). One pass, no intermediate arrays.
 */
export function detectFlavour(entity: JsonObject, hasContext: boolean): NgsiFlavour {
  let v2 = false;
  for (const key of Object.keys(entity)) {
    if (RESERVED.has(key)) continue;
    const value = entity[key];
    if (typeof value !== 'object' || value === null) continue;
    if (isLdAttribute(value)) return 'ld-normalized';
    v2 ||= isV2Attribute(value);
  }
  if (v2) return 'v2-normalized';
  const id = entity['id'];
  const ld = hasContext || (typeof id === 'string' && id.startsWith('urn:ngsi-ld:'));
  return ld ? 'ld-keyvalues' : 'v2-keyvalues';
}

function metaString(meta: unknown, key: string): string | undefined {
  if (!isObject(meta)) return undefined;
  const entry = meta[key];
  if (typeof entry === 'string') return entry;
  if (isObject(entry) && typeof entry['value'] === 'string') return entry['value'];
  return undefined;
}

function ldAttribute(raw: JsonObject): NgsiAttribute {
  const type = raw['type'];
  const kind = type === 'Relationship' || type === 'ListRelationship' ? 'relationship' : type === 'GeoProperty' ? 'geo' : 'property';
  const value = kind === 'relationship' ? (raw['object'] ?? raw['objectList']) : (raw['value'] ?? raw['valueList'] ?? raw['languageMap'] ?? raw['vocab']);
  const unwrapped = isObject(value) && '@value' in value ? value['@value'] : value;
  return {
    kind,
    value: unwrapped,
    ...(typeof raw['observedAt'] === 'string' ? { observedAt: raw['observedAt'] } : {}),
    ...(typeof raw['unitCode'] === 'string' ? { unitCode: raw['unitCode'] } : {}),
  };
}

function v2Attribute(raw: JsonObject): NgsiAttribute {
  const type = raw['type'];
  const kind = type === 'Relationship' ? 'relationship' : type === 'geo:json' || type === 'geo:point' ? 'geo' : 'property';
  const unit = metaString(raw['metadata'], 'unitCode');
  const observed = metaString(raw['metadata'], 'timestamp') ?? metaString(raw['metadata'], 'dateObserved');
  return { kind, value: raw['value'], ...(unit ? { unitCode: unit } : {}), ...(observed ? { observedAt: observed } : {}) };
}

function keyValueAttribute(name: string, raw: unknown): NgsiAttribute {
  if (name === 'location' && isObject(raw)) return { kind: 'geo', value: raw };
  return { kind: 'property', value: raw };
}

const READERS: Readonly<Record<NgsiFlavour, (name: string, raw: unknown) => NgsiAttribute>> = {
  'ld-normalized': (name, raw) => (isObject(raw) && typeof raw['type'] === 'string' ? ldAttribute(raw) : keyValueAttribute(name, raw)),
  'v2-normalized': (name, raw) => (isV2Attribute(raw) ? v2Attribute(raw) : keyValueAttribute(name, raw)),
  'ld-keyvalues': keyValueAttribute,
  'v2-keyvalues': keyValueAttribute,
};

/**
 * Normalises one entity; returns a reason string when it lacks the `id` and
 * `type` every NGSI entity must have (NGSI-LD §4.5.1, NGSI v2 "Entity representation").
 */
export function readEntity(raw: JsonObject, outerContext: unknown): NgsiEntity | string {
  const id = raw['id'] ?? raw['@id'];
  const type = raw['type'] ?? raw['@type'];
  if (typeof id !== 'string' || id === '') return 'entity has no string "id"';
  if (typeof type !== 'string' || type === '') return 'entity has no string "type"';
  const context = raw['@context'] ?? outerContext;
  const flavour = detectFlavour(raw, context !== undefined);
  const reader = READERS[flavour];
  const attributes = new Map<string, NgsiAttribute>();
  for (const name of Object.keys(raw)) {
    if (!RESERVED.has(name)) attributes.set(name, reader(name, raw[name]));
  }
  return { id, type, flavour, context, attributes };
}

/**
 * The entities in a payload, with the JSON pointer of each: a single entity, an
 * array of entities, or a GeoJSON FeatureCollection (NGSI-LD §6.3.15 `application/geo+json`).
 */
export function entitiesOf(payload: unknown): { raw: JsonObject; pointer: string; context: unknown }[] | string {
  if (Array.isArray(payload)) return payload.map((raw, i) => ({ raw: isObject(raw) ? raw : {}, pointer: `/${i}`, context: undefined }));
  if (!isObject(payload)) return 'payload is neither an entity object nor an array of entities';
  if (payload['type'] === 'FeatureCollection' && Array.isArray(payload['features'])) {
    return payload['features'].map((f, i) => ({ raw: featureToEntity(f), pointer: `/features/${i}`, context: payload['@context'] }));
  }
  if (payload['type'] === 'Feature') return [{ raw: featureToEntity(payload), pointer: '', context: undefined }];
  return [{ raw: payload, pointer: '', context: undefined }];
}

function featureToEntity(feature: unknown): JsonObject {
  if (!isObject(feature)) return {};
  const props = isObject(feature['properties']) ? feature['properties'] : {};
  const location = props['location'] ?? feature['geometry'];
  return { ...props, id: feature['id'] ?? props['id'], ...(location !== undefined ? { location } : {}) };
}
