/**
 * Compiles a json-rules-engine condition tree into one closure over the
 * facts, with the stock engine's meaning (json-rules-engine 7, rule.js and
 * almanac.js): an empty `all` or `any` is true; a `path` applies only to an
 * object fact (otherwise the fact value itself is compared); a `value` of the
 * form `{ fact, path? }` reads another fact; an undefined fact is
 * `undefined` (engine option `allowUndefinedFacts`).
 */
import { invariant } from '../core/index.js';
import { isLeaf, type LeafCondition, type PolicyFacts, type RuleCondition } from './types.js';
import type { OperatorFn } from './operators.js';

export type CompiledCondition = (facts: PolicyFacts) => boolean;

/** The keys of a `$.a.b` JSONPath, or undefined when the path has another form. */
export function simplePath(path: string): readonly string[] | undefined {
  if (!/^\$(\.[A-Za-z_][A-Za-z0-9_]*)+$/.test(path)) return undefined;
  return path.slice(2).split('.');
}

function readPath(value: unknown, keys: readonly string[]): unknown {
  let current = value;
  for (const key of keys) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function factReader(fact: string, path: string | undefined): (facts: PolicyFacts) => unknown {
  if (path === undefined || path === '') return (facts) => facts[fact];
  const keys = simplePath(path);
  invariant(keys !== undefined, `unsupported path ${path} (the loader admits only $.a.b paths)`);
  return (facts) => {
    const value = facts[fact];
    return value !== null && typeof value === 'object' ? readPath(value, keys) : value;
  };
}

function isFactRef(value: unknown): value is { fact: string; path?: string } {
  return value !== null && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, 'fact');
}

/**
 * Graph operators are pure functions of (graph, node id, condition value):
 * their verdicts are memoised per compiled leaf and node id. The owner of the
 * memo (policy-engine.ts) clears it when the projection moves.
 */
export interface OperatorMemo {
  readonly pure: ReadonlySet<string>;
  readonly caches: Map<string, boolean>[];
  /**
   * Leaves shared across rules: identical leaves (same fact, path, operator
   * and value) are compiled once and evaluated at most once per evaluation
   * (the verdict is kept until `epoch.value` moves). Operators are pure
   * functions of the facts and the graph, so sharing never changes a verdict.
   */
  readonly shared?: SharedLeaves;
}

/** The interned leaves of one engine and the evaluation epoch the owner bumps per evaluation. */
export interface SharedLeaves {
  readonly byKey: Map<string, CompiledCondition>;
  readonly epoch: { value: number };
}

/** A fresh table of shared leaves (epoch 1). */
export function createSharedLeaves(): SharedLeaves {
  return { byKey: new Map(), epoch: { value: 1 } };
}

function sharedLeaf(shared: SharedLeaves, key: string, test: CompiledCondition): CompiledCondition {
  const known = shared.byKey.get(key);
  if (known !== undefined) return known;
  const { epoch } = shared;
  let stamp = 0;
  let verdict = false;
  const once: CompiledCondition = (facts) => {
    if (stamp !== epoch.value) {
      verdict = test(facts);
      stamp = epoch.value;
    }
    return verdict;
  };
  shared.byKey.set(key, once);
  return once;
}

function memoised(op: OperatorFn, memo: OperatorMemo): OperatorFn {
  const cache = new Map<string, boolean>();
  memo.caches.push(cache);
  return (a, b) => {
    if (typeof a !== 'string') return op(a, b);
    const known = cache.get(a);
    if (known !== undefined) return known;
    const result = op(a, b);
    cache.set(a, result);
    return result;
  };
}

function compileLeaf(leaf: LeafCondition, operators: Readonly<Record<string, OperatorFn>>, memo?: OperatorMemo): CompiledCondition {
  const test = compileLeafTest(leaf, operators, memo);
  if (memo?.shared === undefined) return test;
  return sharedLeaf(memo.shared, JSON.stringify([leaf.fact, leaf.path ?? '', leaf.operator, leaf.value]), test);
}

function compileLeafTest(leaf: LeafCondition, operators: Readonly<Record<string, OperatorFn>>, memo?: OperatorMemo): CompiledCondition {
  const raw = operators[leaf.operator];
  invariant(raw !== undefined, `unknown operator ${leaf.operator} (the loader rejects it)`);
  const op = memo !== undefined && memo.pure.has(leaf.operator) && !isFactRef(leaf.value) ? memoised(raw, memo) : raw;
  const left = factReader(leaf.fact, leaf.path);
  if (isFactRef(leaf.value)) {
    const right = factReader(leaf.value.fact, leaf.value.path);
    return (facts) => op(left(facts), right(facts));
  }
  const value = leaf.value;
  return (facts) => op(left(facts), value);
}

function compileList(list: readonly RuleCondition[], every: boolean, operators: Readonly<Record<string, OperatorFn>>, memo?: OperatorMemo): CompiledCondition {
  const parts = list.map((c) => compileCondition(c, operators, memo));
  if (parts.length === 0) return () => true;
  if (parts.length === 1) return parts[0] as CompiledCondition;
  if (every) {
    return (facts) => {
      for (const part of parts) if (!part(facts)) return false;
      return true;
    };
  }
  return (facts) => {
    for (const part of parts) if (part(facts)) return true;
    return false;
  };
}

/** Compiles a condition tree; operators are looked up once, at compile time. */
export function compileCondition(condition: RuleCondition, operators: Readonly<Record<string, OperatorFn>>, memo?: OperatorMemo): CompiledCondition {
  if (isLeaf(condition)) return compileLeaf(condition, operators, memo);
  if ('all' in condition) return compileList(condition.all, true, operators, memo);
  if ('any' in condition) return compileList(condition.any, false, operators, memo);
  const inner = compileCondition(condition.not, operators, memo);
  return (facts) => !inner(facts);
}
