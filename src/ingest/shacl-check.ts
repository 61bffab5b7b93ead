/**
 * SHACL validation of a batch (W3C SHACL Core via src/ontology validateShapes
 * and the shapes in ontology/shapes/): the batch's nodes become RDF
 * (graph-to-rdf.ts), and every Violation is traced back to the record whose
 * node is its focus, so only that record is rejected. Nodes the compiled
 * pre-check (shacl-precheck.ts) vouches for skip the validator.
 */
import type { Store } from 'n3';
import { diagnostic, type Diagnostic } from '../core/index.js';
import type { NodeInput } from '../graph/port.js';
import { validateShapes } from '../ontology/index.js';
import { idToIri, iriToId, nodeToQuads } from './rdf/graph-to-rdf.js';
import { compileShaclPrecheck } from './shacl-precheck.js';

function localName(iri: string | null): string | undefined {
  if (!iri) return undefined;
  return iri.slice(Math.max(iri.lastIndexOf('#'), iri.lastIndexOf('/')) + 1);
}

export interface ShaclCheckOptions {
  /**
   * Skip the full validator for nodes the compiled pre-check vouches for
   * (shacl-precheck.ts; default true). The result is the same either way.
   */
  readonly precheck?: boolean;
}

/**
 * The nodes the full validator must see: every node the compiled pre-check
 * cannot vouch for, with all nodes sharing its subject IRI (their triples form
 * one subject in the data graph).
 */
function suspectsOf(nodes: readonly NodeInput[], shapes: Store): NodeInput[] {
  const precheck = compileShaclPrecheck(shapes);
  const bySubject = new Map<string, NodeInput[]>();
  for (const node of nodes) {
    const iri = idToIri(node.id);
    const list = bySubject.get(iri);
    if (list) list.push(node);
    else bySubject.set(iri, [node]);
  }
  const suspect = new Set<NodeInput>();
  for (const [iri, group] of bySubject) {
    if (!precheck.conforms(iri, group.length === 1 ? nodeToQuads(group[0] as NodeInput) : group.flatMap(nodeToQuads))) for (const n of group) suspect.add(n);
  }
  return nodes.filter((n) => suspect.has(n));
}

/**
 * Violations per node id, as diagnostics (warnings for sh:Warning / sh:Info
 * results). One validator run per batch, over the nodes the pre-check could
 * not vouch for (none: no run).
 */
export async function shaclCheck(nodes: readonly NodeInput[], shapes: Store, source: (id: string) => { source: string; record: number }, options: ShaclCheckOptions = {}): Promise<Map<string, Diagnostic[]>> {
  const out = new Map<string, Diagnostic[]>();
  const data = options.precheck === false ? nodes : suspectsOf(nodes, shapes);
  if (data.length === 0) return out;
  const report = await validateShapes({ data: data.flatMap(nodeToQuads), shapes });
  for (const v of report.violations) {
    const id = iriToId(v.focusNode);
    const where = source(id);
    const field = localName(v.path);
    const message = `node ${id} violates ${v.shape} (${v.constraint}${field ? ` on ${field}` : ''}${v.value !== null ? `, value ${v.value}` : ''}): ${v.message}`;
    const severity = v.severity === 'Violation' ? 'error' : 'warning';
    const list = out.get(id) ?? [];
    list.push(diagnostic('CG_INGEST_SHAPE_VIOLATION', message, { ...where, ...(field ? { field } : {}) }, severity));
    out.set(id, list);
  }
  return out;
}
