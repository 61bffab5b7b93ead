import { Engine } from 'json-rules-engine';
import { registerOperators } from './operators.js';
import type { PolicyContext } from './policy-context.js';
import type { FiredRule, PolicyFacts, PolicyRule, RuleEvent } from './types.js';

/** Stock json-rules-engine with the CivGraph operators: the semantic reference for the compiled path. */
export interface StockPolicyEngine {
  readonly engine: Engine;
  run(facts: PolicyFacts): Promise<FiredRule[]>;
}

/**
 * Builds a stock json-rules-engine `Engine` over the same rules and operators
 * (allowUndefinedFacts, as the compiled path assumes). Used by the
 * differential test and the benchmark.
 */
export function createStockEngine(options: { readonly rules: readonly PolicyRule[]; readonly context: PolicyContext }): StockPolicyEngine {
  const engine = new Engine([], { allowUndefinedFacts: true });
  registerOperators(engine, options.context);
  for (const rule of options.rules) {
    engine.addRule({
      name: rule.id,
      priority: rule.priority ?? 1,
      conditions: rule.conditions as never,
      event: rule.event as never,
    });
  }
  return {
    engine,
    async run(facts) {
      const { results } = await engine.run({ ...facts });
      return results.map((r) => ({ ruleId: String(r.name), event: r.event as unknown as RuleEvent }));
    },
  };
}
