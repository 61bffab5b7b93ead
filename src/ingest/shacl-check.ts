/**
 * SHACL validation of a batch (W3C SHACL Core via src/ontology validateShapes
 * and the shapes in ontology/shapes/): the batch's nodes become RDF
 * (graph-to-rdf.ts), and every Violation is traced back to the record whose
 * node is its focus, so only that record is rejected.
 */
import type { Store } from 'n3';
import { diagnostic, type Diagnostic } from '../core/index.js';
import type { NodeInput } from '../graph/port.js';
import { validateShapes } from '../ontology/index.js';
import { iriToId, nodeToQuads } from './rdf/graph-to-rdf.js';

function localName(iri: string | null): string | undefined {
  if (!iri) return undefined;
  return iri.slice(Math.max(iri.lastIndexOf('#'), iri.lastIndexOf('/')) + 1);
}

/** Violations per node id, as diagnostics (warnings for sh:Warning / sh:Info results). */
export async function shaclCheck(nodes: readonly NodeInput[], shapes: Store, source: (id: string) => { source: string; record: number }): Promise<Map<string, Diagnostic[]>> {
  const report = await validateShapes({ data: nodes.flatMap(nodeToQuads), shapes });
  const out = new Map<string, Diagnostic[]>();
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
