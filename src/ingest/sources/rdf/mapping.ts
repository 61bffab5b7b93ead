/**
 * RDF → property graph (DESIGN §3 projection, read direction):
 *  - `?s a cg:<Kind>` → node `iriToId(?s)` of that kind; cg: datatype properties →
 *    props (repeated values become arrays); `cgx:` ext properties → `x_` props;
 *    cg: object properties between projected subjects → edges.
 *  - D3FEND: a defensive technique (`d3f:d3fend-id "D3-XX"`) → cg:Countermeasure
 *    `d3fend:D3-XX` with its label; `d3f:Mxxxx d3f:related d3f:<technique>` (ATT&CK
 *    Enterprise mitigations) → the countermeasure's `x_relatedMitigations`, which
 *    link-countermeasures.ts turns into Technique mitigatedBy Countermeasure edges.
 */
import type { Quad } from 'n3';
import type { EdgeInput, NodeInput, PropValue } from '../../../graph/port.js';
import { isEdgeKind, isNodeKind, NAMESPACE, NODE_PROPERTIES } from '../../../ontology/index.js';
import { EXT_NAMESPACE, iriToId } from '../../rdf/graph-to-rdf.js';
import { cleanProps } from '../../record-helpers.js';
import { D3F, RDF_TYPE, RDFS_LABEL } from './schema.js';

function literalValue(q: Quad): string | number | boolean {
  const v = q.object.value;
  const dt = q.object.termType === 'Literal' ? q.object.datatype.value : '';
  if (/#(integer|decimal|double|float|int|long)$/.test(dt)) return Number(v);
  if (dt.endsWith('#boolean')) return v === 'true' || v === '1';
  return v;
}

function addProp(props: Record<string, PropValue>, name: string, value: string | number | boolean): void {
  const old = props[name];
  if (old === undefined) props[name] = value;
  else if (Array.isArray(old)) props[name] = [...(old as (string | number)[]), value as string & number].sort() as string[];
  else props[name] = [old as string & number, value as string & number].sort() as string[];
}

/** cg: instances of the graph as nodes and edges. */
export function projectCgInstances(quads: readonly Quad[]): { nodes: NodeInput[]; edges: EdgeInput[] } {
  const kinds = new Map<string, string>();
  for (const q of quads) {
    if (q.predicate.value !== RDF_TYPE || !q.object.value.startsWith(NAMESPACE)) continue;
    const kind = q.object.value.slice(NAMESPACE.length);
    if (isNodeKind(kind) && q.subject.termType === 'NamedNode') kinds.set(q.subject.value, kind);
  }
  const props = new Map<string, Record<string, PropValue>>();
  const edges: EdgeInput[] = [];
  for (const q of quads) {
    if (!kinds.has(q.subject.value)) continue;
    const p = q.predicate.value;
    const local = p.startsWith(NAMESPACE) ? p.slice(NAMESPACE.length) : p.startsWith(EXT_NAMESPACE) ? decodeURIComponent(p.slice(EXT_NAMESPACE.length)) : undefined;
    if (local === undefined) continue;
    if (q.object.termType === 'Literal' && (Object.hasOwn(NODE_PROPERTIES, local) || local.startsWith('x_'))) {
      const bag = props.get(q.subject.value) ?? {};
      addProp(bag, local, literalValue(q));
      props.set(q.subject.value, bag);
    } else if (q.object.termType === 'NamedNode' && isEdgeKind(local)) {
      edges.push({ kind: local, from: iriToId(q.subject.value), to: iriToId(q.object.value) });
    }
  }
  const nodes = [...kinds].map(([iri, kind]) => ({ id: iriToId(iri), kind, props: cleanProps(props.get(iri) ?? {}) }));
  return { nodes, edges };
}

/** D3FEND defensive techniques as Countermeasure nodes, with the ATT&CK mitigations D3FEND relates to them. */
export function projectD3fend(quads: readonly Quad[]): NodeInput[] {
  const ids = new Map<string, string>();
  const labels = new Map<string, string>();
  const related = new Map<string, Set<string>>();
  const mitigationLabels = new Map<string, string>();
  for (const q of quads) {
    const p = q.predicate.value;
    if (p === `${D3F}d3fend-id` && q.object.termType === 'Literal') ids.set(q.subject.value, q.object.value);
    else if (p === RDFS_LABEL && q.object.termType === 'Literal') {
      labels.set(q.subject.value, q.object.value);
      if (/#M\d{4}$/.test(q.subject.value)) mitigationLabels.set(q.subject.value.slice(q.subject.value.lastIndexOf('#') + 1), q.object.value);
    }
    else if (p === `${D3F}related` && /#M\d{4}$/.test(q.subject.value)) {
      const set = related.get(q.object.value) ?? new Set<string>();
      set.add(q.subject.value.slice(q.subject.value.lastIndexOf('#') + 1));
      related.set(q.object.value, set);
    }
  }
  return [...ids].map(([iri, d3fendId]) => {
    const mitigations = [...(related.get(iri) ?? [])].sort();
    return {
      id: `d3fend:${d3fendId}`,
      kind: 'Countermeasure',
      props: cleanProps({
        name: labels.get(iri) ?? d3fendId, d3fendId, x_iri: iri,
        x_relatedMitigations: mitigations.length ? mitigations : undefined,
        x_relatedMitigationNames: mitigations.length ? mitigations.map((m) => mitigationLabels.get(m) ?? m) : undefined,
      }),
    };
  });
}
