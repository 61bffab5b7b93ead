import type { Store, Term } from 'n3';
import { EngineError } from '../core/index.js';
import {
  IRI,
  ProblemList,
  cgLocal,
  cgSubjectsOfType,
  literalsOf,
  objectsOf,
  oneLiteral,
  readList,
  term,
} from './rdf-helpers.js';
import { readEdgeKinds } from './read-edge-kinds.js';
import type { NodeKindModel, NodePropertyDatatype, NodePropertyModel, VocabModel } from './vocab-model.js';

/** Self first, then superclasses nearest first (breadth-first, no duplicates). */
function ancestorsOf(name: string, parents: ReadonlyMap<string, readonly string[]>): string[] {
  const order: string[] = [];
  const queue = [name];
  while (queue.length > 0) {
    const next = queue.shift() as string;
    if (order.includes(next)) continue;
    order.push(next);
    queue.push(...(parents.get(next) ?? []));
  }
  return order;
}

function readNodeKinds(store: Store, problems: ProblemList): NodeKindModel[] {
  const classes = cgSubjectsOfType(store, term('owl', 'Class')).filter(
    (c) => objectsOf(store, c, term('owl', 'oneOf')).length === 0,
  );
  const names = new Set(classes.map((c) => cgLocal(c) as string));
  const parents = new Map<string, string[]>();
  for (const c of classes) {
    const supers = objectsOf(store, c, term('rdfs', 'subClassOf'))
      .map(cgLocal)
      .filter((p): p is string => p !== null)
      .sort();
    for (const p of supers) if (!names.has(p)) problems.add(`${c.value} has unknown superclass cg:${p}`);
    parents.set(cgLocal(c) as string, supers.filter((p) => names.has(p)));
  }
  return classes.map((c) => {
    const name = cgLocal(c) as string;
    const ancestors = ancestorsOf(name, parents);
    if (ancestors.length !== new Set(ancestors).size) problems.add(`${c.value} is in a subclass cycle`);
    return {
      name,
      iri: c.value,
      label: oneLiteral(store, c, term('rdfs', 'label'), problems),
      comment: oneLiteral(store, c, term('rdfs', 'comment'), problems),
      parents: parents.get(name) ?? [],
      ancestors,
      abstract: literalsOf(store, c, term('cg', 'abstract')).includes('true'),
    };
  });
}

/** Members of the owl:oneOf enumeration of a cg: class, in list order. */
function readEnumeration(store: Store, className: string, problems: ProblemList): Term[] {
  const heads = objectsOf(store, term('cg', className), term('owl', 'oneOf'));
  const list = heads.length === 1 && heads[0] ? readList(store, heads[0]) : null;
  if (list === null) problems.add(`cg:${className} needs one owl:oneOf list of its individuals`);
  return list ?? [];
}

const DATATYPES: Readonly<Record<string, NodePropertyDatatype>> = {
  [`${IRI.xsd}string`]: 'string',
  [`${IRI.xsd}integer`]: 'integer',
  [`${IRI.xsd}decimal`]: 'decimal',
  [`${IRI.xsd}boolean`]: 'boolean',
  [`${IRI.xsd}dateTime`]: 'dateTime',
};

function readNodeProperties(store: Store, problems: ProblemList): NodePropertyModel[] {
  return cgSubjectsOfType(store, term('owl', 'DatatypeProperty')).map((p) => {
    const ranges = objectsOf(store, p, term('rdfs', 'range'));
    const datatype = ranges.length === 1 && ranges[0] ? DATATYPES[ranges[0].value] : undefined;
    if (datatype === undefined) {
      problems.add(`${p.value} needs one rdfs:range among ${Object.keys(DATATYPES).join(', ')}`);
    }
    return {
      name: cgLocal(p) as string,
      iri: p.value,
      datatype: datatype ?? 'string',
      label: oneLiteral(store, p, term('rdfs', 'label'), problems),
      comment: oneLiteral(store, p, term('rdfs', 'comment'), problems),
    };
  });
}

function readVersion(store: Store, problems: ProblemList): string {
  const ontologies = store.getSubjects(term('rdf', 'type'), term('owl', 'Ontology'), null);
  if (ontologies.length !== 1 || !ontologies[0]) {
    problems.add(`expected one owl:Ontology header, found ${ontologies.length}`);
    return '';
  }
  return oneLiteral(store, ontologies[0], term('owl', 'versionInfo'), problems);
}

/**
 * Read the vocabulary (node kinds, edge kinds with their propagation annotations, node
 * properties, domains, impacts) from a store holding ontology/civgraph.ttl. Every rule the
 * generated code relies on is checked; all faults are reported together as one EngineError
 * CG_ONTOLOGY_INVALID with the list in `details.problems`.
 */
export function readVocabModel(store: Store): VocabModel {
  const problems = new ProblemList();
  const domains = readEnumeration(store, 'Domain', problems).map((d) => cgLocal(d) ?? d.value);
  const impactTerms = readEnumeration(store, 'Impact', problems);
  const impacts = impactTerms.map((i) => oneLiteral(store, i, term('skos', 'notation'), problems));
  const nodeKinds = readNodeKinds(store, problems);
  const edgeKinds = readEdgeKinds({ store, problems, nodeKinds, impactTerms, impacts });
  const model: VocabModel = {
    namespace: IRI.cg,
    version: readVersion(store, problems),
    domains,
    impacts,
    nodeKinds,
    edgeKinds,
    nodeProperties: readNodeProperties(store, problems),
  };
  if (problems.items.length > 0) {
    throw new EngineError(
      'CG_ONTOLOGY_INVALID',
      `The ontology breaks ${problems.items.length} rule(s):\n- ${problems.items.join('\n- ')}`,
      { details: { problems: problems.items } },
    );
  }
  return model;
}
