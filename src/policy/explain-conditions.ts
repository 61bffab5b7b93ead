/**
 * Condition results for explanations (DESIGN.md §8 "the rules that fired
 * with their condition results"): the condition tree with each node's
 * verdict and each leaf's fact value, evaluated with the same operators.
 */
import { compileCondition } from './compile-condition.js';
import type { OperatorFn } from './operators.js';
import { isLeaf, type PolicyFacts, type RuleCondition } from './types.js';

export interface ConditionResult {
  readonly result: boolean;
  readonly fact?: string;
  readonly operator?: string;
  readonly value?: unknown;
  readonly factValue?: unknown;
  readonly all?: readonly ConditionResult[];
  readonly any?: readonly ConditionResult[];
  readonly not?: ConditionResult;
}

function factValue(facts: PolicyFacts, fact: string, path: string | undefined): unknown {
  const value = facts[fact];
  if (path === undefined || value === null || typeof value !== 'object') return value;
  return path.slice(2).split('.').reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), value);
}

/**
 * Explains bottom-up: each leaf is evaluated once and an inner node's verdict
 * comes from its children's (empty `all`/`any` true, as compileCondition
 * has it), so a tree costs one evaluation of its leaves, not one per level.
 */
export function explainConditions(condition: RuleCondition, facts: PolicyFacts, operators: Readonly<Record<string, OperatorFn>>): ConditionResult {
  if (isLeaf(condition)) {
    const result = compileCondition(condition, operators)(facts);
    const shown = factValue(facts, condition.fact, condition.path);
    return { result, fact: condition.path === undefined ? condition.fact : `${condition.fact}${condition.path.slice(1)}`, operator: condition.operator, value: condition.value, factValue: Array.isArray(shown) && shown.length > 5 ? `${shown.length} entries` : shown };
  }
  if ('all' in condition) {
    const all = condition.all.map((c) => explainConditions(c, facts, operators));
    return { result: all.every((c) => c.result), all };
  }
  if ('any' in condition) {
    const any = condition.any.map((c) => explainConditions(c, facts, operators));
    return { result: any.length === 0 || any.some((c) => c.result), any };
  }
  const not = explainConditions(condition.not, facts, operators);
  return { result: !not.result, not };
}

/** Fills `{{fact.path}}` placeholders of an explanation template from the facts. */
export function renderTemplate(template: string, facts: PolicyFacts): string {
  return template.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)((?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*\}\}/g, (_m, fact: string, rest: string) => {
    const value = factValue(facts, fact, rest === '' ? undefined : `$${rest}`);
    return value === undefined ? '?' : typeof value === 'number' ? String(Math.round(value * 1000) / 1000) : String(value);
  });
}
