/** The vocabulary as read from the ontology, before it is rendered into vocab.generated.ts. */

export type Direction = 'forward' | 'reverse' | 'both' | 'none';
export type Combination = 'noisyOr' | 'kOfN';
export type NodePropertyDatatype = 'string' | 'integer' | 'decimal' | 'boolean' | 'dateTime';

/**
 * The named edge sets, in their canonical order. The ontology may only use these names
 * (cg:edgeSet); the generated `EdgeSetName` union and `EDGE_SETS` keys follow this order.
 */
export const EDGE_SET_ORDER = [
  'power',
  'network',
  'control',
  'supply',
  'visibility',
  'dependency',
  'propagation',
  'structure',
  'knowledge',
  'happening',
  'provenance',
] as const;

export interface NodeKindModel {
  readonly name: string;
  readonly iri: string;
  readonly label: string;
  readonly comment: string;
  readonly parents: readonly string[];
  readonly ancestors: readonly string[];
  readonly abstract: boolean;
}

export interface EdgeKindModel {
  readonly name: string;
  readonly iri: string;
  readonly label: string;
  readonly comment: string;
  readonly relationshipType: string;
  readonly domain: readonly string[];
  readonly range: readonly string[];
  readonly impacts: readonly string[];
  readonly transmission: number;
  readonly delayHours: number;
  readonly direction: Direction;
  readonly combination: Combination;
  readonly inverseOf: string | null;
  readonly sets: readonly string[];
}

export interface NodePropertyModel {
  readonly name: string;
  readonly iri: string;
  readonly datatype: NodePropertyDatatype;
  readonly label: string;
  readonly comment: string;
}

export interface VocabModel {
  readonly namespace: string;
  readonly version: string;
  readonly domains: readonly string[];
  readonly impacts: readonly string[];
  /** Sorted by name. */
  readonly nodeKinds: readonly NodeKindModel[];
  /** Sorted by name. */
  readonly edgeKinds: readonly EdgeKindModel[];
  /** Sorted by name. */
  readonly nodeProperties: readonly NodePropertyModel[];
}
