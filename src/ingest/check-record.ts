/**
 * Ontology checks on a mapped record before it is batched: every node kind
 * must be a concrete class of the ontology (abstract ones such as Device are
 * never instantiated) and every edge kind an object property. A failure rejects
 * the record with CG_INGEST_KIND_UNKNOWN.
 */
import { diagnostic, type Diagnostic } from '../core/index.js';
import { ABSTRACT_NODE_KINDS, EDGE_KIND_INFO, isEdgeKind, isNodeKind, labelsOf } from '../ontology/index.js';
import type { MappedRecord } from './types.js';

const ABSTRACT = new Set<string>(ABSTRACT_NODE_KINDS);

export function checkKinds(record: MappedRecord, source: string): Diagnostic | undefined {
  return checkNodeKinds(record.nodes, record, source) ?? checkNodeKinds(record.ensureNodes, record, source)
    ?? checkEdgeKinds(record.edges, record, source) ?? checkEdgeKinds(record.references, record, source);
}

function checkNodeKinds(nodes: MappedRecord['nodes'], record: MappedRecord, source: string): Diagnostic | undefined {
  for (const node of nodes) {
    const problem = nodeKindProblem(node.kind);
    if (problem) return diagnostic('CG_INGEST_KIND_UNKNOWN', `node ${node.id}: kind ${node.kind} ${problem}`, { source, record: record.index, field: 'kind' });
  }
  return undefined;
}

function checkEdgeKinds(edges: readonly { readonly kind: string; readonly from: string }[], record: MappedRecord, source: string): Diagnostic | undefined {
  for (const edge of edges) {
    if (!isEdgeKind(edge.kind)) {
      return diagnostic('CG_INGEST_KIND_UNKNOWN', `edge ${edge.kind} from ${edge.from}: not an object property of the ontology`, { source, record: record.index, field: 'kind' });
    }
  }
  return undefined;
}

function nodeKindProblem(kind: string): string | undefined {
  if (!isNodeKind(kind)) return 'is not a class of the ontology';
  if (ABSTRACT.has(kind)) return 'is abstract in the ontology (cg:abstract true)';
  return undefined;
}

/**
 * rdfs:domain / rdfs:range as an inference check (prp-dom, prp-rng): in a
 * property graph a node has one kind, so an edge whose endpoint kind is not
 * under the declared domain or range would infer a second, conflicting type;
 * such edges are dropped with a warning. Undefined when the edge fits.
 */
function domainRangeProblem(kind: string, fromLabels: readonly string[], toLabels: readonly string[]): string | undefined {
  if (!isEdgeKind(kind)) return `edge kind ${kind} is not in the ontology`;
  const info = EDGE_KIND_INFO[kind];
  if (info.domain.length > 0 && !info.domain.some((d) => fromLabels.includes(d))) return `${kind} needs a subject in ${info.domain.join('|')}, got ${fromLabels[0] ?? '?'}`;
  if (info.range.length > 0 && !info.range.some((r) => toLabels.includes(r))) return `${kind} needs an object in ${info.range.join('|')}, got ${toLabels[0] ?? '?'}`;
  return undefined;
}

const EDGE_FITS = new Map<string, string | undefined>();

/**
 * domainRangeProblem for node kinds, remembered per (edge kind, subject kind,
 * object kind): a load checks the same few combinations for every edge.
 */
export function edgeKindProblem(kind: string, fromKind: string, toKind: string): string | undefined {
  const key = `${kind}\u0000${fromKind}\u0000${toKind}`;
  if (EDGE_FITS.has(key)) return EDGE_FITS.get(key);
  const problem = domainRangeProblem(kind, labelsOfKind(fromKind), labelsOfKind(toKind));
  EDGE_FITS.set(key, problem);
  return problem;
}

function labelsOfKind(kind: string): readonly string[] {
  return isNodeKind(kind) ? labelsOf(kind) : [kind];
}
