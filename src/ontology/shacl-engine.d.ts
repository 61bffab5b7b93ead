// Minimal typings for shacl-engine 1.x (the package ships none), covering what
// validate-shapes.ts uses: the Validator, its report and result objects.
declare module 'shacl-engine' {
  import type { Literal, Term } from 'n3';

  /** A grapoi pointer: one or more terms in a dataset. */
  export interface ShaclPointer {
    readonly term: Term | undefined;
    readonly terms: Term[];
  }

  /** One step of a SHACL path as shacl-engine parses it. */
  export interface ShaclPathStep {
    readonly quantifier: 'one' | 'zeroOrOne' | 'zeroOrMore' | 'oneOrMore';
    readonly start: 'subject' | 'object';
    readonly end: 'subject' | 'object';
    readonly predicates: Term[];
  }

  export interface ShaclResult {
    readonly focusNode: ShaclPointer;
    readonly path: ShaclPathStep[] | null | undefined;
    readonly shape: { readonly ptr: ShaclPointer };
    readonly message: Literal[];
    readonly severity: Term;
    readonly constraintComponent: Term;
    readonly value: ShaclPointer | undefined;
  }

  export interface ShaclReport {
    readonly conforms: boolean;
    readonly results: ShaclResult[];
  }

  export interface ValidatorOptions {
    /** RDF/JS data factory with a dataset() method (used to build the report). */
    readonly factory: unknown;
    readonly debug?: boolean;
    readonly details?: boolean;
  }

  export class Validator {
    /** `shapes` is an RDF/JS DatasetCore (an n3 Store works). */
    constructor(shapes: unknown, options: ValidatorOptions);
    validate(data: { readonly dataset: unknown; readonly terms?: Iterable<Term> }): Promise<ShaclReport>;
  }
}
