/**
 * STIX 2.0 / 2.1 bundles (OASIS STIX 2.1 §8, 2.0 part 2) as published by MITRE
 * ATT&CK (attack-stix-data 2.1 for ICS, cti 2.0 for Enterprise). Only the
 * fields the mapping reads are typed; everything else is ignored.
 */
import { isObject } from '../ngsi-ld/schema.js';

export interface ExternalReference {
  readonly source_name?: string;
  readonly external_id?: string;
  readonly url?: string;
}

export interface StixObject {
  readonly type: string;
  readonly id: string;
  readonly spec_version?: string;
  readonly name?: string;
  readonly description?: string;
  readonly created?: string;
  readonly modified?: string;
  readonly revoked?: boolean;
  readonly x_mitre_deprecated?: boolean;
  readonly x_mitre_version?: string;
  readonly x_mitre_domains?: readonly string[];
  readonly x_mitre_platforms?: readonly string[];
  readonly x_mitre_shortname?: string;
  readonly x_mitre_is_subtechnique?: boolean;
  readonly kill_chain_phases?: readonly { readonly kill_chain_name: string; readonly phase_name: string }[];
  readonly external_references?: readonly ExternalReference[];
  readonly relationship_type?: string;
  readonly source_ref?: string;
  readonly target_ref?: string;
  readonly pattern?: string;
  readonly pattern_type?: string;
  readonly valid_from?: string;
  readonly sighting_of_ref?: string;
  readonly first_seen?: string;
  readonly last_seen?: string;
  readonly count?: number;
  readonly where_sighted_refs?: readonly string[];
}

/** STIX identifiers are `<type>--<UUID>` (STIX 2.1 §2.9). */
const STIX_ID = /^([a-z0-9-]+)--[0-9a-f-]{36}$/;

export function checkObject(raw: unknown): StixObject | { field: string; reason: string } {
  if (!isObject(raw)) return { field: '', reason: 'STIX object is not a JSON object' };
  if (typeof raw['type'] !== 'string') return { field: 'type', reason: 'STIX object has no type' };
  const id = raw['id'];
  if (typeof id !== 'string' || !STIX_ID.test(id)) return { field: 'id', reason: `STIX id ${JSON.stringify(id)} is not <type>--<uuid>` };
  if (STIX_ID.exec(id)?.[1] !== raw['type']) return { field: 'id', reason: `STIX id ${id} does not match type ${String(raw['type'])}` };
  if (raw['type'] === 'relationship' && (typeof raw['source_ref'] !== 'string' || typeof raw['target_ref'] !== 'string')) {
    return { field: 'source_ref', reason: 'relationship lacks source_ref or target_ref' };
  }
  return raw as unknown as StixObject;
}

/** The bundle's objects, or a reason when the document is no STIX bundle. */
export function bundleObjects(document: unknown): { objects: unknown[]; specVersion: string } | string {
  if (!isObject(document) || document['type'] !== 'bundle' || !Array.isArray(document['objects'])) return 'not a STIX bundle (expected {"type":"bundle","objects":[...]})';
  const spec = typeof document['spec_version'] === 'string' ? document['spec_version'] : '2.1';
  return { objects: document['objects'], specVersion: spec };
}
