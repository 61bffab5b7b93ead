/**
 * Property graph → RDF, the inverse of DESIGN §3's projection: a node is a
 * subject typed with its cg: kind, its ontology properties are cg: datatype
 * properties typed by the ontology's range (NODE_PROPERTIES), source-specific
 * `x_` props go to the `cgx:` namespace, an edge is one cg: object-property
 * triple, and an edge with props is also reified (rdf:Statement) so they
 * survive export.
 */
import { DataFactory, type Quad, type Quad_Object, type Quad_Subject } from 'n3';
import type { EdgeInput, NodeInput, PropValue } from '../../graph/port.js';
import { contentHash, edgeId } from '../../core/index.js';
import { NAMESPACE, NODE_PROPERTIES } from '../../ontology/index.js';

const { namedNode, literal, quad, blankNode } = DataFactory;

export const ID_BASE = 'https://w3id.org/civgraph/id/';
export const EXT_NAMESPACE = 'https://w3id.org/civgraph/ext#';
const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const XSD = 'http://www.w3.org/2001/XMLSchema#';

/** Node id → IRI: http(s) and urn ids are IRIs already; others live under ID_BASE. */
export function idToIri(id: string): string {
  return /^(https?:\/\/|urn:)/i.test(id) ? id : ID_BASE + encodeURIComponent(id);
}

/** IRI → node id (inverse of idToIri). */
export function iriToId(iri: string): string {
  return iri.startsWith(ID_BASE) ? decodeURIComponent(iri.slice(ID_BASE.length)) : iri;
}

function isDecimalText(n: number): string {
  return Number.isInteger(n) ? `${n}.0` : String(n);
}

function literalFor(name: string, value: string | number | boolean): Quad_Object {
  const datatype = NODE_PROPERTIES[name]?.datatype;
  if (typeof value === 'boolean') return literal(String(value), namedNode(`${XSD}boolean`));
  if (typeof value === 'number') {
    if (datatype === 'integer' || (datatype === undefined && Number.isInteger(value))) return literal(String(Math.trunc(value)), namedNode(`${XSD}integer`));
    return literal(datatype === 'decimal' ? isDecimalText(value) : String(value), namedNode(`${XSD}${datatype === 'decimal' ? 'decimal' : 'double'}`));
  }
  if (datatype === 'dateTime') return literal(value, namedNode(`${XSD}dateTime`));
  return literal(value);
}

function propQuads(subject: Quad_Subject, props: Readonly<Record<string, PropValue>> | undefined): Quad[] {
  const out: Quad[] = [];
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === null) continue;
    const predicate = namedNode(Object.hasOwn(NODE_PROPERTIES, name) ? NAMESPACE + name : EXT_NAMESPACE + encodeURIComponent(name));
    const values: readonly (string | number | boolean)[] = Array.isArray(value) ? value : [value as string | number | boolean];
    for (const v of values) out.push(quad(subject, predicate, literalFor(name, v)));
  }
  return out;
}

export function nodeToQuads(node: NodeInput): Quad[] {
  const subject = namedNode(idToIri(node.id));
  return [quad(subject, namedNode(`${RDF}type`), namedNode(NAMESPACE + node.kind)), ...propQuads(subject, node.props)];
}

/** One triple, plus a reified statement carrying the edge's props when it has any. */
export function edgeToQuads(edge: EdgeInput): Quad[] {
  const s = namedNode(idToIri(edge.from));
  const p = namedNode(NAMESPACE + edge.kind);
  const o = namedNode(idToIri(edge.to));
  const out = [quad(s, p, o)];
  const props = Object.entries(edge.props ?? {}).filter(([, v]) => v !== null);
  if (props.length === 0) return out;
  const statement = blankNode(`e${contentHash(edge.id ?? edgeId(edge.from, edge.kind, edge.to))}`);
  out.push(quad(statement, namedNode(`${RDF}type`), namedNode(`${RDF}Statement`)));
  out.push(quad(statement, namedNode(`${RDF}subject`), s), quad(statement, namedNode(`${RDF}predicate`), p), quad(statement, namedNode(`${RDF}object`), o));
  out.push(...propQuads(statement, Object.fromEntries(props)));
  return out;
}

export function graphToQuads(nodes: readonly NodeInput[], edges: readonly EdgeInput[]): Quad[] {
  return [...nodes.flatMap(nodeToQuads), ...edges.flatMap(edgeToQuads)];
}
