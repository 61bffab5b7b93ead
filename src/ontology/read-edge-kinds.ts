import type { Store, Term } from 'n3';
import {
  IRI,
  type ProblemList,
  cgLocal,
  cgSubjectsOfType,
  literalsOf,
  objectsOf,
  oneLiteral,
  readList,
  term,
} from './rdf-helpers.js';
import {
  EDGE_SET_ORDER,
  type Combination,
  type Direction,
  type EdgeKindModel,
  type NodeKindModel,
} from './vocab-model.js';

const DIRECTIONS: readonly Direction[] = ['forward', 'reverse', 'both', 'none'];
const COMBINATIONS: readonly Combination[] = ['noisyOr', 'kOfN'];

interface EdgeContext {
  readonly store: Store;
  readonly problems: ProblemList;
  readonly nodeKinds: readonly NodeKindModel[];
  readonly impactTerms: readonly Term[];
  readonly impacts: readonly string[];
}

/** camelCase local name to the UPPER_SNAKE relationship type of the property graph. */
export function relationshipTypeOf(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

/**
 * Node kinds named by an rdfs:domain or rdfs:range: a cg: class, an owl:unionOf of cg: classes,
 * or owl:Thing (any node: every root kind).
 */
function kindsOf(ctx: EdgeContext, property: Term, predicate: Term): string[] {
  const values = objectsOf(ctx.store, property, predicate);
  const value = values[0];
  if (values.length !== 1 || value === undefined) {
    ctx.problems.add(`${property.value} needs exactly one ${predicate.value}, found ${values.length}`);
    return [];
  }
  if (value.value === `${IRI.owl}Thing`) {
    return ctx.nodeKinds.filter((k) => k.parents.length === 0).map((k) => k.name);
  }
  const union = value.termType === 'BlankNode' ? objectsOf(ctx.store, value, term('owl', 'unionOf'))[0] : undefined;
  const members = union === undefined ? [value] : (readList(ctx.store, union) ?? []);
  const known = new Set(ctx.nodeKinds.map((k) => k.name));
  const names = members.map(cgLocal);
  if (names.length === 0 || names.some((n) => n === null || !known.has(n))) {
    ctx.problems.add(`${property.value} ${predicate.value} must be a node kind, a union of node kinds or owl:Thing`);
    return [];
  }
  return names as string[];
}

function numberOf(ctx: EdgeContext, property: Term, local: string): number {
  const text = oneLiteral(ctx.store, property, term('cg', local), ctx.problems);
  const value = Number(text);
  if (text === '' || !Number.isFinite(value)) ctx.problems.add(`${property.value} cg:${local} is not a number`);
  return Number.isFinite(value) ? value : 0;
}

function oneOfChoice<T extends string>(ctx: EdgeContext, property: Term, local: string, allowed: readonly T[]): T {
  const text = oneLiteral(ctx.store, property, term('cg', local), ctx.problems);
  const match = allowed.find((a) => a === text);
  if (match === undefined) {
    ctx.problems.add(`${property.value} cg:${local} "${text}" is not one of ${allowed.join(', ')}`);
  }
  return match ?? (allowed[0] as T);
}

function impactsOf(ctx: EdgeContext, property: Term): string[] {
  const carried = objectsOf(ctx.store, property, term('cg', 'carriesImpact')).map((o) => o.value);
  for (const iri of carried) {
    if (!ctx.impactTerms.some((t) => t.value === iri)) {
      ctx.problems.add(`${property.value} carries unknown impact ${iri}`);
    }
  }
  return ctx.impactTerms.flatMap((t, i) => (carried.includes(t.value) ? [ctx.impacts[i] as string] : []));
}

function setsOf(ctx: EdgeContext, property: Term): string[] {
  const sets = literalsOf(ctx.store, property, term('cg', 'edgeSet'));
  for (const s of sets) {
    if (!(EDGE_SET_ORDER as readonly string[]).includes(s)) {
      ctx.problems.add(`${property.value} uses edge set "${s}", not one of ${EDGE_SET_ORDER.join(', ')}`);
    }
  }
  if (sets.length === 0) ctx.problems.add(`${property.value} needs at least one cg:edgeSet`);
  return EDGE_SET_ORDER.filter((s) => sets.includes(s));
}

function inverseOf(ctx: EdgeContext, property: Term): string | null {
  const inverses = objectsOf(ctx.store, property, term('owl', 'inverseOf')).map(cgLocal);
  if (inverses.length > 1 || inverses.includes(null)) {
    ctx.problems.add(`${property.value} needs at most one cg: owl:inverseOf`);
  }
  return inverses[0] ?? null;
}

/** The rules linking an edge kind's annotations (spec: "none" carries nothing, sets match impacts). */
function checkEdge(ctx: EdgeContext, edge: EdgeKindModel): void {
  const none = edge.direction === 'none';
  if (none && (edge.impacts.length > 0 || edge.transmission !== 0)) {
    ctx.problems.add(`${edge.iri} has direction "none" so it must carry no impact and have transmission 0`);
  }
  if (!none && edge.impacts.length === 0) ctx.problems.add(`${edge.iri} propagates but carries no cg:carriesImpact`);
  if (edge.impacts.length > 0 !== edge.sets.includes('propagation')) {
    ctx.problems.add(`${edge.iri} must be in the "propagation" set exactly when it carries an impact`);
  }
  if (edge.transmission < 0 || edge.transmission > 1) ctx.problems.add(`${edge.iri} transmission is outside [0,1]`);
  if (edge.delayHours < 0) ctx.problems.add(`${edge.iri} delay is negative`);
}

function readEdgeKind(ctx: EdgeContext, property: Term): EdgeKindModel {
  const name = cgLocal(property) as string;
  return {
    name,
    iri: property.value,
    label: oneLiteral(ctx.store, property, term('rdfs', 'label'), ctx.problems),
    comment: oneLiteral(ctx.store, property, term('rdfs', 'comment'), ctx.problems),
    relationshipType: relationshipTypeOf(name),
    domain: kindsOf(ctx, property, term('rdfs', 'domain')),
    range: kindsOf(ctx, property, term('rdfs', 'range')),
    impacts: impactsOf(ctx, property),
    transmission: numberOf(ctx, property, 'defaultTransmission'),
    delayHours: numberOf(ctx, property, 'defaultDelayHours'),
    direction: oneOfChoice(ctx, property, 'propagationDirection', DIRECTIONS),
    combination: oneOfChoice(ctx, property, 'combination', COMBINATIONS),
    inverseOf: inverseOf(ctx, property),
    sets: setsOf(ctx, property),
  };
}

/** Every cg: owl:ObjectProperty as an edge kind, sorted by name, with inverse pairs checked. */
export function readEdgeKinds(ctx: EdgeContext): EdgeKindModel[] {
  const edges = cgSubjectsOfType(ctx.store, term('owl', 'ObjectProperty')).map((p) => readEdgeKind(ctx, p));
  for (const edge of edges) {
    checkEdge(ctx, edge);
    if (edge.inverseOf === null) continue;
    const other = edges.find((e) => e.name === edge.inverseOf);
    if (other?.inverseOf !== edge.name) ctx.problems.add(`${edge.iri} owl:inverseOf must be declared on both sides`);
  }
  return edges;
}
