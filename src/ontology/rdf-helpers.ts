import { DataFactory, type Store, type Term } from 'n3';

const { namedNode } = DataFactory;

/** IRIs of the vocabularies the ontology reader needs. */
export const IRI = {
  cg: 'https://w3id.org/civgraph#',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  owl: 'http://www.w3.org/2002/07/owl#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  sh: 'http://www.w3.org/ns/shacl#',
} as const;

/** A named node from a prefix key of IRI and a local name. */
export function term(prefix: keyof typeof IRI, local: string): Term {
  return namedNode(IRI[prefix] + local);
}

/** Objects of (subject, predicate, ?o), in store order. */
export function objectsOf(store: Store, subject: Term, predicate: Term): Term[] {
  return store.getObjects(subject, predicate, null);
}

/** Subjects of (?s, rdf:type, type) that are named nodes in the cg: namespace, sorted by IRI. */
export function cgSubjectsOfType(store: Store, type: Term): Term[] {
  return store
    .getSubjects(term('rdf', 'type'), type, null)
    .filter((s) => s.termType === 'NamedNode' && s.value.startsWith(IRI.cg))
    .sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

/** The local name of a cg: IRI, or null for any other term. */
export function cgLocal(t: Term): string | null {
  return t.termType === 'NamedNode' && t.value.startsWith(IRI.cg) ? t.value.slice(IRI.cg.length) : null;
}

/** Literal values of (subject, predicate, ?o), ignoring non-literals. */
export function literalsOf(store: Store, subject: Term, predicate: Term): string[] {
  return objectsOf(store, subject, predicate)
    .filter((o) => o.termType === 'Literal')
    .map((o) => o.value);
}

/**
 * The members of an RDF collection (rdf:first/rdf:rest) starting at `head`, in list order.
 * Returns null when `head` is not a well-formed list.
 */
export function readList(store: Store, head: Term): Term[] | null {
  const items: Term[] = [];
  const seen = new Set<string>();
  let node = head;
  while (!(node.termType === 'NamedNode' && node.value === `${IRI.rdf}nil`)) {
    if (seen.has(node.value)) return null;
    seen.add(node.value);
    const first = objectsOf(store, node, term('rdf', 'first'));
    const rest = objectsOf(store, node, term('rdf', 'rest'));
    if (first.length !== 1 || rest.length !== 1 || !first[0] || !rest[0]) return null;
    items.push(first[0]);
    node = rest[0];
  }
  return items;
}

/** Collects problems so one run reports every fault in the ontology, not just the first. */
export class ProblemList {
  readonly items: string[] = [];
  add(message: string): void {
    this.items.push(message);
  }
}

/** The single literal of (subject, predicate), or a problem when there is not exactly one. */
export function oneLiteral(store: Store, subject: Term, predicate: Term, problems: ProblemList): string {
  const values = literalsOf(store, subject, predicate);
  if (values.length !== 1 || values[0] === undefined) {
    problems.add(`${subject.value} needs exactly one ${predicate.value} literal, found ${values.length}`);
    return '';
  }
  return values[0];
}
