/**
 * STIX bundle adapter. A bundle is one JSON document, so it is parsed whole;
 * a first pass indexes objects (ids, tactics by short name, folded
 * relationships), then objects stream out one record each in bundle order.
 */
import type { EdgeInput, PropValue } from '../../../graph/port.js';
import { cleanProps, mapped, rejected } from '../../record-helpers.js';
import type { AdapterInput, AdapterItem, SourceAdapter } from '../../types.js';
import { attackIdOf, FOLDED_RELATIONSHIPS, NODE_TYPES, nodeIdOf, RELATIONSHIP_EDGES, SKIPPED_TYPES } from './mapping.js';
import { bundleObjects, checkObject, type StixObject } from './schema.js';

interface BundleIndex {
  readonly byId: ReadonlyMap<string, StixObject>;
  /** `<kill chain>:<phase>` → tactic node id. */
  readonly tactics: ReadonlyMap<string, string>;
  readonly targets: ReadonlyMap<string, string[]>;
  readonly detections: ReadonlyMap<string, string[]>;
}

const KILL_CHAIN_OF_DOMAIN: Readonly<Record<string, string>> = {
  'ics-attack': 'mitre-ics-attack', 'enterprise-attack': 'mitre-attack', 'mobile-attack': 'mitre-mobile-attack',
};

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function indexBundle(objects: readonly StixObject[]): BundleIndex {
  const byId = new Map(objects.map((o) => [o.id, o]));
  const tactics = new Map<string, string>();
  const targets = new Map<string, string[]>();
  const detections = new Map<string, string[]>();
  for (const o of objects) {
    if (o.type === 'x-mitre-tactic' && o.x_mitre_shortname) {
      for (const d of o.x_mitre_domains ?? ['enterprise-attack']) tactics.set(`${KILL_CHAIN_OF_DOMAIN[d] ?? d}:${o.x_mitre_shortname}`, nodeIdOf(o));
    }
    if (o.type !== 'relationship' || !o.source_ref || !o.target_ref) continue;
    const source = byId.get(o.source_ref);
    const target = byId.get(o.target_ref);
    if (o.relationship_type === 'targets' && target) push(targets, o.source_ref, target.name ?? target.id);
    if (o.relationship_type === 'detects' && source) push(detections, o.target_ref, attackIdOf(source) ?? source.name ?? source.id);
  }
  return { byId, tactics, targets, detections };
}

function nodeProps(o: StixObject, index: BundleIndex, specVersion: string): Record<string, PropValue | undefined> {
  return {
    name: o.name, attackId: attackIdOf(o), deprecated: o.x_mitre_deprecated === true, revoked: o.revoked === true,
    x_stixId: o.id, x_specVersion: o.spec_version ?? specVersion, x_modified: o.modified, x_attackVersion: o.x_mitre_version,
    x_domains: o.x_mitre_domains ? [...o.x_mitre_domains] : undefined, x_platforms: o.x_mitre_platforms ? [...o.x_mitre_platforms] : undefined,
    x_isSubtechnique: o.x_mitre_is_subtechnique, x_shortname: o.x_mitre_shortname,
    x_targets: index.targets.get(o.id)?.slice().sort(), x_detections: index.detections.get(o.id)?.slice().sort(),
    x_pattern: o.pattern, x_patternType: o.pattern_type, x_validFrom: o.valid_from,
    observedAt: o.type === 'sighting' ? (o.last_seen ?? o.first_seen ?? o.created) : undefined,
    x_count: o.count, x_sightingOf: o.sighting_of_ref,
  };
}

function nodeEdges(o: StixObject, id: string, index: BundleIndex): EdgeInput[] {
  const edges: EdgeInput[] = [];
  for (const phase of o.kill_chain_phases ?? []) {
    const tactic = index.tactics.get(`${phase.kill_chain_name}:${phase.phase_name}`);
    if (tactic) edges.push({ kind: 'hasTactic', from: id, to: tactic });
  }
  const seen = o.sighting_of_ref ? index.byId.get(o.sighting_of_ref) : undefined;
  if (seen?.type === 'attack-pattern') edges.push({ kind: 'usesTechnique', from: id, to: nodeIdOf(seen) });
  else if (seen) edges.push({ kind: 'derivedFrom', from: id, to: nodeIdOf(seen) });
  return edges;
}

function mapRelationship(o: StixObject, i: number, index: BundleIndex, where: { source: string; pointer: string }): AdapterItem {
  const type = o.relationship_type ?? '';
  const edge = RELATIONSHIP_EDGES[type];
  if (!edge) return { type: 'skipped', index: i, reason: FOLDED_RELATIONSHIPS.has(type) ? `${type} folded into technique props` : `relationship ${type} has no edge kind` };
  const source = index.byId.get(o.source_ref ?? '');
  const target = index.byId.get(o.target_ref ?? '');
  if (!source || !target) return rejected(i, 'CG_INGEST_DANGLING_REFERENCE', `relationship ${o.id} references an object missing from the bundle`, { ...where, field: source ? 'target_ref' : 'source_ref' }, o);
  if (!NODE_TYPES[source.type] || !NODE_TYPES[target.type]) return { type: 'skipped', index: i, reason: `${type} between ${source.type} and ${target.type} has no edge kind` };
  const [from, to] = edge.reverse ? [target, source] : [source, target];
  return mapped(i, { nodes: [], edges: [{ kind: edge.kind, from: nodeIdOf(from), to: nodeIdOf(to), props: { x_stixId: o.id } }] });
}

function mapObject(raw: unknown, i: number, index: BundleIndex, specVersion: string, source: string): AdapterItem {
  const where = { source, pointer: `/objects/${i}` };
  const o = checkObject(raw);
  if ('reason' in o) return rejected(i, 'CG_INGEST_RECORD_INVALID', o.reason, { ...where, field: o.field }, raw);
  if (o.type === 'relationship') return mapRelationship(o, i, index, where);
  const kind = NODE_TYPES[o.type];
  if (!kind) {
    const reason = SKIPPED_TYPES[o.type];
    return reason ? { type: 'skipped', index: i, reason: `${o.type}: ${reason}` } : rejected(i, 'CG_INGEST_TYPE_UNMAPPED', `no mapping for STIX type ${o.type}`, { ...where, field: 'type' }, raw);
  }
  const id = nodeIdOf(o);
  return mapped(i, { nodes: [{ id, kind, props: cleanProps(nodeProps(o, index, specVersion)) }], edges: nodeEdges(o, id, index) });
}

export const stixAdapter: SourceAdapter<undefined> = {
  format: 'stix',
  async *read(input: AdapterInput): AsyncIterable<AdapterItem> {
    let document: unknown;
    try {
      document = JSON.parse(input.text);
    } catch (error) {
      yield rejected(0, 'CG_INGEST_SYNTAX', `not JSON: ${(error as Error).message}`, { source: input.source, file: input.source }, null);
      return;
    }
    const bundle = bundleObjects(document);
    if (typeof bundle === 'string') {
      yield rejected(0, 'CG_INGEST_RECORD_INVALID', bundle, { source: input.source, pointer: '' }, null);
      return;
    }
    const valid = bundle.objects.map((o) => checkObject(o)).filter((o): o is StixObject => !('reason' in o));
    const index = indexBundle(valid);
    for (const [i, raw] of bundle.objects.entries()) yield mapObject(raw, i, index, bundle.specVersion, input.source);
  },
};

/** A default reconcile scope for a bundle: its ATT&CK domain, so 17.1 and 18.1 share one scope. */
export function stixScopeOf(text: string): string | undefined {
  const m = /"x_mitre_domains"\s*:\s*\[\s*"([a-z-]+)"/.exec(text);
  return m ? `stix:${m[1]}` : undefined;
}
