import { DataFactory, Store, type Quad, type Term } from 'n3';
import { Validator, type ShaclPathStep, type ShaclResult } from 'shacl-engine';
import { term } from './rdf-helpers.js';

/** One SHACL validation result as a plain object (W3C SHACL §3.6 sh:ValidationResult). */
export interface ShapeViolation {
  /** sh:focusNode: the IRI (or `_:label`) of the node that failed. */
  readonly focusNode: string;
  /** sh:resultPath as a SPARQL-like path string (`^` inverse, `/` sequence), or null for node constraints. */
  readonly path: string | null;
  /** The named shape that failed: the node shape owning a blank property shape, else the shape itself. */
  readonly shape: string;
  /** Constraint component local name, e.g. `MinCountConstraintComponent`. */
  readonly constraint: string;
  /** sh:resultSeverity local name: Violation, Warning or Info. */
  readonly severity: string;
  /** sh:value as a string, or null. */
  readonly value: string | null;
  readonly message: string;
}

export interface ShapeReport {
  readonly conforms: boolean;
  /** Sorted by focus node, path, shape, constraint, value: stable for golden tests. */
  readonly violations: readonly ShapeViolation[];
}

export interface ValidateShapesOptions {
  /** The data graph. */
  readonly data: Store | readonly Quad[];
  /** The shapes graph (see loadShapes, which adds the class hierarchy class targets need). */
  readonly shapes: Store | readonly Quad[];
}

const QUANTIFIER_SUFFIX: Readonly<Record<ShaclPathStep['quantifier'], string>> = {
  one: '',
  zeroOrOne: '?',
  zeroOrMore: '*',
  oneOrMore: '+',
};

function termText(t: Term): string {
  return t.termType === 'BlankNode' ? `_:${t.value}` : t.value;
}

function pathText(path: ShaclResult['path']): string | null {
  if (!path || path.length === 0) return null;
  return path
    .map((step) => {
      const predicates = step.predicates.map((p) => p.value).join('|');
      const body = step.predicates.length > 1 ? `(${predicates})` : predicates;
      return `${step.start === 'object' ? '^' : ''}${body}${QUANTIFIER_SUFFIX[step.quantifier]}`;
    })
    .join('/');
}

function localName(iri: string): string {
  return iri.slice(Math.max(iri.lastIndexOf('#'), iri.lastIndexOf('/')) + 1);
}

function shapeName(shapes: Store, shape: Term | undefined): string {
  if (shape === undefined) return '';
  if (shape.termType !== 'BlankNode') return shape.value;
  const owner = shapes.getSubjects(term('sh', 'property'), shape, null)[0];
  return owner === undefined ? termText(shape) : shapeName(shapes, owner);
}

function toViolation(shapes: Store, result: ShaclResult): ShapeViolation {
  const constraint = localName(result.constraintComponent.value);
  const value = result.value?.term;
  const messages = result.message.map((m) => m.value);
  return {
    focusNode: result.focusNode.term === undefined ? '' : termText(result.focusNode.term),
    path: pathText(result.path),
    shape: shapeName(shapes, result.shape.ptr.term),
    constraint,
    severity: localName(result.severity.value),
    value: value === undefined ? null : termText(value),
    message: messages.length > 0 ? messages.join('; ') : `Fails ${constraint}`,
  };
}

function compareViolations(a: ShapeViolation, b: ShapeViolation): number {
  const keys = ['focusNode', 'path', 'shape', 'constraint', 'value'] as const;
  for (const key of keys) {
    const left = a[key] ?? '';
    const right = b[key] ?? '';
    if (left !== right) return left < right ? -1 : 1;
  }
  return 0;
}

function asStore(graph: Store | readonly Quad[]): Store {
  return graph instanceof Store ? graph : new Store([...graph]);
}

/**
 * Validate a data graph against SHACL shapes (W3C SHACL Core) with shacl-engine, returning the
 * conforms flag and every result as a plain, sorted object. Operational problems (bad shapes)
 * surface as thrown errors; data problems are violations, never exceptions.
 */
export async function validateShapes(options: ValidateShapesOptions): Promise<ShapeReport> {
  const shapes = asStore(options.shapes);
  const factory = { ...DataFactory, dataset: (quads?: Quad[]) => new Store(quads) };
  const validator = new Validator(shapes, { factory });
  const report = await validator.validate({ dataset: asStore(options.data) });
  const violations = report.results.map((r) => toViolation(shapes, r)).sort(compareViolations);
  return { conforms: report.conforms, violations };
}
