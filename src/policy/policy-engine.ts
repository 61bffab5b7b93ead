import { compileCondition, createSharedLeaves, type CompiledCondition, type OperatorMemo } from './compile-condition.js';
import { PURE_GRAPH_OPERATORS, createOperators } from './operators.js';
import type { PolicyContext } from './policy-context.js';
import { RuleIndex, ruleKeys } from './rule-index.js';
import type { FiredRule, PolicyFacts, PolicyRule } from './types.js';

interface CompiledRule {
  readonly rule: PolicyRule;
  readonly test: CompiledCondition;
  /** The verdict handed out when the rule fires (built once; callers only read it). */
  readonly fired: FiredRule;
}

/** The compiled policy engine: same fired rules as stock json-rules-engine, without promises. */
export interface PolicyEngine {
  readonly rules: readonly PolicyRule[];
  readonly context: PolicyContext;
  /** The rules that fire for these facts, by priority (high first), then load order. */
  evaluate(facts: PolicyFacts): FiredRule[];
  /** How many rules the index hands to evaluation for these facts (for benchmarks and lint). */
  candidates(facts: PolicyFacts): number;
}

const priorityOf = (rule: PolicyRule): number => rule.priority ?? 1;

function eventField(facts: PolicyFacts, key: 'kind' | 'domain'): unknown {
  const event = facts['event'];
  return event !== null && typeof event === 'object' ? (event as Record<string, unknown>)[key] : undefined;
}

/**
 * Compiles rules into closures and indexes them by event kind and domain
 * (DESIGN.md §7 "speed without changing meaning"). Rule order follows
 * json-rules-engine: descending priority, then insertion order. Verdicts of
 * pure graph operators are memoised per leaf and node id until the
 * projection's version or generation moves. Identical leaves across rules
 * are compiled once and evaluated at most once per event.
 */
export function createPolicyEngine(options: { readonly rules: readonly PolicyRule[]; readonly context: PolicyContext }): PolicyEngine {
  const operators = createOperators(options.context);
  const ordered = options.rules
    .map((rule, i) => ({ rule, i }))
    .sort((a, b) => priorityOf(b.rule) - priorityOf(a.rule) || a.i - b.i)
    .map(({ rule }) => rule);
  const shared = createSharedLeaves();
  const memo: OperatorMemo = { pure: PURE_GRAPH_OPERATORS, caches: [], shared };
  const { projection } = options.context;
  let seenVersion = projection.version;
  let seenGeneration = projection.generation;
  const index = new RuleIndex<CompiledRule>();
  const scratch: FiredRule[] = [];
  for (const rule of ordered) index.add({ rule, test: compileCondition(rule.conditions, operators, memo), fired: Object.freeze({ ruleId: rule.id, event: rule.event }) }, ruleKeys(rule));
  const refresh = (): void => {
    if (projection.version === seenVersion && projection.generation === seenGeneration) return;
    for (const cache of memo.caches) cache.clear();
    seenVersion = projection.version;
    seenGeneration = projection.generation;
  };
  return {
    rules: options.rules,
    context: options.context,
    evaluate(facts) {
      refresh();
      shared.epoch.value++;
      // Collect into a reused scratch list and copy once: no growth steps per event.
      let count = 0;
      for (const compiled of index.lookup(eventField(facts, 'kind'), eventField(facts, 'domain'))) {
        if (compiled.test(facts)) scratch[count++] = compiled.fired;
      }
      return scratch.slice(0, count);
    },
    candidates: (facts) => index.lookup(eventField(facts, 'kind'), eventField(facts, 'domain')).length,
  };
}
