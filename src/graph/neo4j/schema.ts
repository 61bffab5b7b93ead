/**
 * The Neo4j store's schema, derived from the ontology and created idempotently
 * (IF NOT EXISTS) when the store opens (DESIGN.md §4 "uniqueness constraints and
 * indexes on every merge key"):
 *
 * | Schema object | Why |
 * | --- | --- |
 * | `:CgNode(id)` UNIQUE | every node carries `:CgNode`; `MERGE (n:CgNode {id})` is an index seek |
 * | `:CgNode(_version)` RANGE | the change feed reads nodes written after a version, in version order |
 * | `()-[:TYPE(id)]-()` UNIQUE per relationship type | edge upserts, `getEdge`, listing in id order |
 * | `()-[:TYPE(_version)]-()` RANGE per relationship type | the change feed for edges |
 * | `:CgTombstone(key)` UNIQUE, `(_version)` RANGE | deletes in the change feed |
 * | `:CgMeta(id)` UNIQUE | the store version counter node |
 *
 * Relationship types are the ontology's UPPER_SNAKE `relationshipType`; a kind
 * the ontology lacks gets the same transformation of its name. Per-kind labels
 * (`:Camera:Sensor:Device`) need no index of their own: merges and point reads
 * go through `:CgNode(id)`.
 */
import { EDGE_KIND_INFO, isEdgeKind } from '../../ontology/index.js';

export const NODE_LABEL = 'CgNode';
export const TOMBSTONE_LABEL = 'CgTombstone';
export const META_LABEL = 'CgMeta';

/** A Cypher identifier (label, type, name) quoted with backticks. */
export function quote(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``;
}

/** The relationship type of an edge kind: the ontology's, or the kind in UPPER_SNAKE. */
export function relationshipTypeOf(kind: string): string {
  if (isEdgeKind(kind)) return EDGE_KIND_INFO[kind].relationshipType;
  return kind.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

/** Relationship types of every ontology edge kind, sorted. */
export function ontologyRelationshipTypes(): string[] {
  return Object.values(EDGE_KIND_INFO)
    .map((info) => info.relationshipType)
    .sort();
}

/** Index and constraint names are plain ASCII; other characters become `_`. */
function schemaName(prefix: string, type: string): string {
  return `${prefix}_${type.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

/** Statements for the fixed part of the schema. */
export function baseSchemaStatements(): string[] {
  return [
    `CREATE CONSTRAINT cg_node_id IF NOT EXISTS FOR (n:${NODE_LABEL}) REQUIRE n.id IS UNIQUE`,
    `CREATE INDEX cg_node_version IF NOT EXISTS FOR (n:${NODE_LABEL}) ON (n._version)`,
    `CREATE CONSTRAINT cg_tombstone_key IF NOT EXISTS FOR (t:${TOMBSTONE_LABEL}) REQUIRE t.key IS UNIQUE`,
    `CREATE INDEX cg_tombstone_version IF NOT EXISTS FOR (t:${TOMBSTONE_LABEL}) ON (t._version)`,
    `CREATE CONSTRAINT cg_meta_id IF NOT EXISTS FOR (m:${META_LABEL}) REQUIRE m.id IS UNIQUE`,
  ];
}

/** Statements for one relationship type (its id constraint and version index). */
export function relationshipSchemaStatements(type: string): string[] {
  const q = quote(type);
  const idName = quote(schemaName('cg_rel_id', type));
  const versionName = quote(schemaName('cg_rel_version', type));
  return [
    `CREATE CONSTRAINT ${idName} IF NOT EXISTS FOR ()-[r:${q}]-() REQUIRE r.id IS UNIQUE`,
    `CREATE INDEX ${versionName} IF NOT EXISTS FOR ()-[r:${q}]-() ON (r._version)`,
  ];
}

/** Names of the schema objects above, to skip statements whose object exists. */
export function schemaObjectName(statement: string): string {
  const match = /^CREATE (?:CONSTRAINT|INDEX) (`(?:[^`]|``)*`|\S+) /.exec(statement);
  const raw = match?.[1] ?? '';
  return raw.startsWith('`') ? raw.slice(1, -1).replaceAll('``', '`') : raw;
}

/** A `|`-joined quoted type alternation, e.g. "`POWERED_BY`|`LOCATED_IN`". */
export function typeAlternation(types: Iterable<string>): string {
  return [...types].map(quote).join('|');
}

/** Schema statement codes meaning "an equivalent object already exists" (a concurrent creator won). */
export const SCHEMA_ALREADY_EXISTS: ReadonlySet<string> = new Set([
  'Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists',
  'Neo.ClientError.Schema.ConstraintAlreadyExists',
  'Neo.ClientError.Schema.IndexAlreadyExists',
  'Neo.ClientError.Schema.ConstraintWithNameAlreadyExists',
  'Neo.ClientError.Schema.IndexWithNameAlreadyExists',
]);
