/**
 * The operator table: json-rules-engine's ten default operators (same
 * callbacks and fact-value validators as engine-default-operators.js in
 * json-rules-engine 7) plus the graph-aware and temporal ones. The compiled
 * path and the stock engine use these very functions.
 */
import type { Engine } from 'json-rules-engine';
import {
  hasTechnique,
  inDomain,
  inZone,
  isKind,
  pathExists,
  riskAtLeast,
  servesCriticalService,
} from './graph-operators.js';
import type { PolicyContext } from './policy-context.js';
import { countWithin, sequence } from './temporal-operators.js';

export type OperatorFn = (factValue: unknown, value: unknown) => boolean;

// Same verdict as the stock validator `Number.parseFloat(x).toString() !== 'NaN'`, without the string.
const numeric = (x: unknown): boolean => typeof x === 'number' ? !Number.isNaN(x) : !Number.isNaN(Number.parseFloat(x as string));
const indexOf = (list: unknown, item: unknown): number => (list as { indexOf(x: unknown): number }).indexOf(item);
const lt = (a: unknown, b: unknown): boolean => (a as number) < (b as number);
const le = (a: unknown, b: unknown): boolean => (a as number) <= (b as number);

/** json-rules-engine's default operators, validator first as in `Operator.evaluate`. */
export const DEFAULT_OPERATORS: Readonly<Record<string, OperatorFn>> = {
  equal: (a, b) => a === b,
  notEqual: (a, b) => a !== b,
  in: (a, b) => indexOf(b, a) > -1,
  notIn: (a, b) => indexOf(b, a) === -1,
  contains: (a, b) => Array.isArray(a) && a.indexOf(b) > -1,
  doesNotContain: (a, b) => Array.isArray(a) && a.indexOf(b) === -1,
  lessThan: (a, b) => numeric(a) && lt(a, b),
  lessThanInclusive: (a, b) => numeric(a) && le(a, b),
  greaterThan: (a, b) => numeric(a) && lt(b, a),
  greaterThanInclusive: (a, b) => numeric(a) && le(b, a),
};

/** Names of the CivGraph operators (for lint and docs). */
export const GRAPH_OPERATOR_NAMES = [
  'pathExists',
  'inZone',
  'inDomain',
  'isKind',
  'riskAtLeast',
  'servesCriticalService',
  'hasTechnique',
  'countWithin',
  'sequence',
] as const;

/** Operators whose verdict depends only on the graph and their arguments (memoisable per graph version). */
export const PURE_GRAPH_OPERATORS: ReadonlySet<string> = new Set(['pathExists', 'inZone', 'inDomain', 'isKind', 'servesCriticalService']);

/** Every operator bound to one context: defaults, graph-aware, temporal. */
export function createOperators(context: PolicyContext): Readonly<Record<string, OperatorFn>> {
  return {
    ...DEFAULT_OPERATORS,
    pathExists: (a, b) => pathExists(context, a, b),
    inZone: (a, b) => inZone(context, a, b),
    inDomain: (a, b) => inDomain(context, a, b),
    isKind: (a, b) => isKind(context, a, b),
    riskAtLeast: (a, b) => riskAtLeast(context, a, b),
    servesCriticalService: (a, b) => servesCriticalService(context, a, b),
    hasTechnique: (a, b) => hasTechnique(context, a, b),
    countWithin,
    sequence,
  };
}

/** Registers the CivGraph operators on a stock json-rules-engine Engine (the semantic reference). */
export function registerOperators(engine: Engine, context: PolicyContext): void {
  const ops = createOperators(context);
  for (const name of GRAPH_OPERATOR_NAMES) engine.addOperator(name, ops[name] as OperatorFn);
}
