/**
 * A compiled, conservative SHACL pre-check: the shapes graph is compiled once
 * into direct checks for the simple SHACL Core constraints (W3C SHACL §4:
 * minCount, maxCount, datatype, min/max Inclusive/Exclusive, min/maxLength,
 * pattern, in, hasValue, class) on predicate paths, with the same semantics as
 * shacl-engine (its XSD lexical patterns, JS RegExp, UTF-16 lengths). A node
 * that passes every check of every shape targeting it certainly conforms, so
 * only the other nodes need the full validator; diagnostics therefore stay
 * exactly those of `validateShapes`.
 *
 *   node ──targets (class ⊑*, node, subjectsOf)──▶ shapes ──▶ property checks ──▶ conforms | suspect
 *
 * Anything the compiler does not model (logical constraints, sh:node, paths
 * that are not one IRI, SPARQL or objects-of targets, ...) makes every node the
 * shape targets a suspect; an unmodelled target kind makes every node one.
 */
import type { Quad, Store, Term } from 'n3';

const SH = 'http://www.w3.org/ns/shacl#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const RDF_FIRST = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#first';
const RDF_REST = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#rest';
const RDF_NIL = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#nil';
const SUBCLASS_OF = 'http://www.w3.org/2000/01/rdf-schema#subClassOf';
const XSD = 'http://www.w3.org/2001/XMLSchema#';

/** shacl-engine 1.1 (rdf-validation xsd.js) lexical patterns; datatypes not listed make a value a suspect. */
const NUMBER_PATTERNS: Readonly<Record<string, RegExp>> = {
  [`${XSD}decimal`]: /^((\+|-)?([0-9]+(\.[0-9]*)?|\.[0-9]+))$/,
  [`${XSD}integer`]: /^([-+]?[0-9]+)$/,
  [`${XSD}double`]: /^((\+|-)?([0-9]+(\.[0-9]*)?|\.[0-9]+)([Ee](\+|-)?[0-9]+)?)$/,
  [`${XSD}float`]: /^((\+|-)?([0-9]+(\.[0-9]*)?|\.[0-9]+)([Ee](\+|-)?[0-9]+)?)$/,
};
const LEXICAL_PATTERNS: Readonly<Record<string, RegExp>> = {
  ...NUMBER_PATTERNS,
  [`${XSD}string`]: /^([^\ud8ff-\udfff\ufffe-\uffff]*)$/,
  [`${XSD}boolean`]: /^(1|true|0|false)$/,
  [`${XSD}dateTime`]: /^(-?([1-9][0-9]{3,}|0[0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?|(24:00:00(\.0+)?))(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?)$/,
};

/** Predicates of a shape that are not constraints (or are handled as targets / paths). */
const NON_CONSTRAINTS = new Set(['property', 'targetClass', 'targetNode', 'targetSubjectsOf', 'path', 'message', 'severity', 'name', 'description', 'group', 'order', 'defaultValue', 'flags'].map((p) => SH + p));

/** One value check: true when the value node passes. */
type ValueCheck = (value: Term) => boolean;

interface PropertyCheck {
  readonly path: string;
  readonly minCount: number;
  readonly maxCount: number;
  /** sh:hasValue terms (as termKey): each must be among the value nodes. */
  readonly hasValues: readonly string[];
  /** Checks every value node must pass. */
  readonly values: readonly ValueCheck[];
}

interface CompiledShape {
  readonly classes: ReadonlySet<string>;
  readonly nodes: ReadonlySet<string>;
  readonly subjectsOf: readonly string[];
  /** Undefined when the shape uses a constraint the pre-check does not model. */
  readonly checks: readonly PropertyCheck[] | undefined;
}

class Unsupported extends Error {}

const termKey = (t: Term): string => (t.termType === 'Literal' ? `L${t.value}\u0000${t.datatype.value}\u0000${t.language}` : `${t.termType[0] ?? ''}${t.value}`);

function one(shapes: Store, subject: Term, predicate: string): Term | undefined {
  const objects = shapes.getObjects(subject, predicate, null);
  if (objects.length > 1) throw new Unsupported();
  return objects[0];
}

function numberOf(term: Term): number | undefined {
  if (term.termType !== 'Literal') return undefined;
  const pattern = NUMBER_PATTERNS[term.datatype.value];
  if (!pattern?.test(term.value)) return undefined;
  const n = Number(term.value);
  return Math.abs(n) < Number.MAX_SAFE_INTEGER ? n : undefined;
}

function listOf(shapes: Store, head: Term): Term[] {
  const out: Term[] = [];
  for (let node: Term | undefined = head; node && node.value !== RDF_NIL; node = one(shapes, node, RDF_REST)) {
    const first = one(shapes, node, RDF_FIRST);
    if (!first || out.length > 10_000) throw new Unsupported();
    out.push(first);
  }
  return out;
}

/** A numeric range check (shacl-engine compareTerms: both numbers, then `<`/`<=`). */
function rangeCheck(bound: Term, accept: (value: number, limit: number) => boolean): ValueCheck {
  const limit = numberOf(bound);
  if (limit === undefined) throw new Unsupported();
  return (value) => {
    const n = numberOf(value);
    return n !== undefined && accept(n, limit);
  };
}

const VALUE_CHECKS: Readonly<Record<string, (shapes: Store, term: Term, shape: Term) => ValueCheck>> = {
  datatype: (_s, datatype) => {
    const pattern = LEXICAL_PATTERNS[datatype.value];
    return (v) => pattern !== undefined && v.termType === 'Literal' && v.datatype.value === datatype.value && pattern.test(v.value);
  },
  minInclusive: (_s, b) => rangeCheck(b, (n, l) => n >= l),
  maxInclusive: (_s, b) => rangeCheck(b, (n, l) => n <= l),
  minExclusive: (_s, b) => rangeCheck(b, (n, l) => n > l),
  maxExclusive: (_s, b) => rangeCheck(b, (n, l) => n < l),
  minLength: (_s, b) => { const l = numberOf(b) ?? Number.NaN; return (v) => v.termType !== 'BlankNode' && v.value.length >= l; },
  maxLength: (_s, b) => { const l = numberOf(b) ?? Number.NaN; return (v) => v.termType !== 'BlankNode' && v.value.length <= l; },
  pattern: (shapes, pattern, shape) => {
    const flags = one(shapes, shape, `${SH}flags`)?.value;
    if (flags !== undefined && /[gy]/.test(flags)) throw new Unsupported();
    const regex = new RegExp(pattern.value, flags);
    return (v) => v.termType !== 'BlankNode' && regex.test(v.value);
  },
  in: (shapes, list) => {
    const allowed = new Set(listOf(shapes, list).map(termKey));
    return (v) => allowed.has(termKey(v));
  },
  /** sh:class needs the types of the value nodes: a value node makes the focus node a suspect. */
  class: () => () => false,
};

function compileProperty(shapes: Store, property: Term): PropertyCheck {
  const path = one(shapes, property, `${SH}path`);
  if (path?.termType !== 'NamedNode' || shapes.getQuads(property, `${SH}targetClass`, null, null).length > 0) throw new Unsupported();
  let minCount = 0, maxCount = Number.POSITIVE_INFINITY;
  const values: ValueCheck[] = [];
  const hasValues: string[] = [];
  for (const q of shapes.getQuads(property, null, null, null)) {
    const predicate = q.predicate.value;
    if (!predicate.startsWith(SH) || NON_CONSTRAINTS.has(predicate)) continue;
    const name = predicate.slice(SH.length);
    if (name !== 'class' && shapes.getQuads(property, predicate, null, null).length > 1) throw new Unsupported();
    if (name === 'minCount') minCount = numberOf(q.object) ?? Number.POSITIVE_INFINITY;
    else if (name === 'maxCount') maxCount = numberOf(q.object) ?? -1;
    else if (name === 'hasValue') hasValues.push(termKey(q.object));
    else {
      const make = VALUE_CHECKS[name];
      if (!make) throw new Unsupported();
      values.push(make(shapes, q.object, property));
    }
  }
  if (hasValues.length > 1) throw new Unsupported();
  return { path: path.value, minCount, maxCount, hasValues, values };
}

function subclassesOf(shapes: Store, classes: readonly Term[]): Set<string> {
  const out = new Set<string>();
  const queue = [...classes];
  for (let c = queue.pop(); c; c = queue.pop()) {
    if (out.has(c.value)) continue;
    out.add(c.value);
    queue.push(...shapes.getSubjects(SUBCLASS_OF, c, null));
  }
  return out;
}

function compileShape(shapes: Store, shape: Term): CompiledShape {
  const isNodeShape = shapes.getQuads(shape, RDF_TYPE, `${SH}NodeShape`, null).length > 0;
  const classes = subclassesOf(shapes, [...(isNodeShape ? [shape] : []), ...shapes.getObjects(shape, `${SH}targetClass`, null)]);
  const nodes = new Set(shapes.getObjects(shape, `${SH}targetNode`, null).map((t) => t.value));
  const subjectsOf = shapes.getObjects(shape, `${SH}targetSubjectsOf`, null).map((t) => t.value);
  let checks: PropertyCheck[] | undefined;
  try {
    const own = shapes.getQuads(shape, null, null, null).filter((q) => q.predicate.value.startsWith(SH) && !NON_CONSTRAINTS.has(q.predicate.value));
    if (own.length > 0) throw new Unsupported();
    checks = shapes.getObjects(shape, `${SH}property`, null).map((p) => compileProperty(shapes, p));
  } catch (error) {
    if (!(error instanceof Unsupported)) throw error;
  }
  return { classes, nodes, subjectsOf, checks };
}

function passes(check: PropertyCheck, values: readonly Term[]): boolean {
  if (values.length < check.minCount || values.length > check.maxCount) return false;
  for (const wanted of check.hasValues) if (!values.some((v) => termKey(v) === wanted)) return false;
  for (const test of check.values) if (!values.every(test)) return false;
  return true;
}

/** Distinct objects per predicate of one subject's triples (the RDF graph is a set). */
function valuesByPredicate(quads: readonly Quad[]): Map<string, Term[]> {
  const out = new Map<string, Term[]>();
  for (const q of quads) {
    const list = out.get(q.predicate.value);
    if (list) list.push(q.object);
    else out.set(q.predicate.value, [q.object]);
  }
  for (const [predicate, list] of out) {
    if (list.length < 2) continue;
    const distinct = new Map(list.map((t) => [termKey(t), t]));
    if (distinct.size < list.length) out.set(predicate, [...distinct.values()]);
  }
  return out;
}

/** The compiled shapes graph; `conforms` is only ever true when the full validator would report nothing. */
export interface ShaclPrecheck {
  /** True when every triple of one subject (all of its quads, as one graph) certainly conforms. */
  conforms(subject: string, quads: readonly Quad[]): boolean;
}

const NEVER: ShaclPrecheck = { conforms: () => false };
const EMPTY: readonly Term[] = [];

function precheckOf(compiled: readonly CompiledShape[]): ShaclPrecheck {
  return {
    conforms(subject, quads) {
      const values = valuesByPredicate(quads);
      const types = values.get(RDF_TYPE) ?? EMPTY;
      for (const shape of compiled) {
        const targeted = shape.nodes.has(subject) || types.some((t) => shape.classes.has(t.value)) || shape.subjectsOf.some((p) => values.has(p));
        if (!targeted) continue;
        if (!shape.checks) return false;
        for (const check of shape.checks) if (!passes(check, values.get(check.path) ?? EMPTY)) return false;
      }
      return true;
    },
  };
}

/** Compiled checks per shapes Store, with the Store's size when compiled (a changed Store recompiles). */
const CACHE = new WeakMap<Store, { readonly size: number; readonly precheck: ShaclPrecheck }>();

/**
 * Compiles a shapes graph (once per Store). A shapes graph with target kinds
 * the pre-check cannot resolve from one subject's triples (sh:targetObjectsOf,
 * SPARQL sh:target) compiles to a check that never vouches for a node.
 */
export function compileShaclPrecheck(shapes: Store): ShaclPrecheck {
  const cached = CACHE.get(shapes);
  if (cached?.size === shapes.size) return cached.precheck;
  const unresolvable = shapes.getQuads(null, `${SH}targetObjectsOf`, null, null).length + shapes.getQuads(null, `${SH}target`, null, null).length > 0;
  const subjects = new Map<string, Term>();
  const targetPredicates = ['targetClass', 'targetNode', 'targetSubjectsOf'].map((p) => SH + p);
  for (const q of [...shapes.getQuads(null, RDF_TYPE, `${SH}NodeShape`, null), ...targetPredicates.flatMap((p) => shapes.getQuads(null, p, null, null))]) subjects.set(q.subject.value, q.subject);
  const precheck = unresolvable ? NEVER : precheckOf([...subjects.values()].map((s) => compileShape(shapes, s)));
  CACHE.set(shapes, { size: shapes.size, precheck });
  return precheck;
}
