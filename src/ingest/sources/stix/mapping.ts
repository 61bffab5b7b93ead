/**
 * STIX / ATT&CK → ontology (ATT&CK data model, attack-stix-data USAGE.md):
 *  attack-pattern → Technique, x-mitre-tactic → Tactic, course-of-action → Mitigation,
 *  indicator → Indicator, sighting → SecurityEvent;
 *  relationships: mitigates → Technique mitigatedBy Mitigation, subtechnique-of →
 *  subTechniqueOf, revoked-by → revokedBy; kill_chain_phases → hasTactic.
 *  `targets` (technique → x-mitre-asset) and `detects` (detection strategy or data
 *  component → technique) are folded into the technique's `x_targets` / `x_detections`
 *  props: ontology v1 has no kind for ATT&CK asset classes or detection strategies.
 * Node ids are `attack:<ATT&CK id>` so a new release upserts the same nodes and
 * D3FEND's `d3f:attack-id` values meet them; other objects keep `stix:<id>`.
 */
import type { StixObject } from './schema.js';

export const NODE_TYPES: Readonly<Record<string, string>> = {
  'attack-pattern': 'Technique',
  'x-mitre-tactic': 'Tactic',
  'course-of-action': 'Mitigation',
  indicator: 'Indicator',
  sighting: 'SecurityEvent',
};

export const RELATIONSHIP_EDGES: Readonly<Record<string, { readonly kind: string; readonly reverse: boolean }>> = {
  mitigates: { kind: 'mitigatedBy', reverse: true },
  'subtechnique-of': { kind: 'subTechniqueOf', reverse: false },
  'revoked-by': { kind: 'revokedBy', reverse: false },
};

/** Relationship types folded into technique props (see module comment). */
export const FOLDED_RELATIONSHIPS = new Set(['targets', 'detects']);

/** Object types read only to fold into others (assets, detections) or outside the ontology. */
export const SKIPPED_TYPES: Readonly<Record<string, string>> = {
  'x-mitre-asset': 'folded into technique x_targets',
  'x-mitre-detection-strategy': 'folded into technique x_detections',
  'x-mitre-data-component': 'folded into technique x_detections',
  'x-mitre-analytic': 'no ontology kind (part of a detection strategy)',
  'x-mitre-data-source': 'no ontology kind',
  'x-mitre-matrix': 'no ontology kind',
  'x-mitre-collection': 'collection metadata',
  identity: 'no ontology kind',
  'marking-definition': 'no ontology kind',
  malware: 'no ontology kind (software)',
  tool: 'no ontology kind (software)',
  'intrusion-set': 'no ontology kind (group)',
  campaign: 'no ontology kind (campaign)',
};

/** The ATT&CK external id (T0831, TA0100, M0800, DET0001) of an object, if any. */
export function attackIdOf(o: StixObject): string | undefined {
  return o.external_references?.find((r) => r.source_name?.startsWith('mitre') && r.external_id)?.external_id;
}

/**
 * Node id: `attack:<id>`; a course-of-action carrying a technique id (old
 * Enterprise "mitigation" objects such as T1066) gets `attack:coa:<id>` so it
 * never collides with the technique.
 */
export function nodeIdOf(o: StixObject): string {
  const attackId = attackIdOf(o);
  if (!attackId) return `stix:${o.id}`;
  if (o.type === 'course-of-action' && !attackId.startsWith('M')) return `attack:coa:${attackId}`;
  return `attack:${attackId}`;
}
