/**
 * The policy capability (DESIGN.md §7): rule format and loading, graph-aware
 * and temporal operators, facts, the compiled engine and its stock
 * json-rules-engine reference, lint and the policy test runner. The only
 * public entry of src/policy (see README.md).
 */
export type {
  PolicyRule,
  LoadedRule,
  RuleCondition,
  LeafCondition,
  AllCondition,
  AnyCondition,
  NotCondition,
  TopCondition,
  TargetRef,
  CandidateAction,
  RuleConstraint,
  RuleEvent,
  RuleEventParams,
  RuleSeverity,
  RuleMaturity,
  PolicyFacts,
  FiredRule,
} from './types.js';
export type { PolicyContext, RiskChannel } from './policy-context.js';
export { createOperators, registerOperators, DEFAULT_OPERATORS, GRAPH_OPERATOR_NAMES, type OperatorFn } from './operators.js';
export { compileCondition, type CompiledCondition } from './compile-condition.js';
export { createPolicyEngine, type PolicyEngine } from './policy-engine.js';
export { createStockEngine, type StockPolicyEngine } from './stock-engine.js';
export { loadPolicies, validateRule, parseJsonFile, schemaDiagnostics, jsonFilesUnder, type PolicyBundle } from './load-policies.js';
export { checkRule, KNOWN_FACTS } from './rule-checks.js';
export { buildFacts, EventHistory, type PolicyEvent, type EventScores, type FactInput } from './facts.js';
export type { HistoryEntry } from './temporal-operators.js';
export { ruleKeys } from './rule-index.js';
export { forEachLeaf } from './rule-checks.js';
export { explainConditions, renderTemplate, type ConditionResult } from './explain-conditions.js';
export { lintPolicies, type LintReport } from './lint-policies.js';
export {
  defineRule,
  all,
  any,
  not,
  when,
  eventKind,
  deviceIs,
  deviceInDomain,
  pathTo,
  countWithin,
  sequenceOf,
  scoreAtLeast,
  propose,
  forbid,
  requireApproval,
  protectService,
  type RuleSpec,
  type OperatorName,
  type FactName,
} from './rule-builder.js';
