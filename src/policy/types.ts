/**
 * The policy rule format (DESIGN.md §7): a json-rules-engine rule
 * (`conditions`, `event`, `priority`) plus CivGraph metadata. Rules live as
 * JSON in rules/policies/<domain>/<id>.json and validate against
 * rules/rules.schema.json.
 */
import type { Domain } from '../ontology/index.js';

export type RuleSeverity = 'low' | 'medium' | 'high' | 'critical';
export type RuleMaturity = 'experimental' | 'stable' | 'deprecated';

/** A leaf condition, exactly as json-rules-engine reads it. */
export interface LeafCondition {
  readonly fact: string;
  readonly operator: string;
  readonly value: unknown;
  /** A JSONPath of the form `$.a.b` into an object fact. */
  readonly path?: string;
  readonly priority?: number;
}

export interface AllCondition {
  readonly all: readonly RuleCondition[];
  readonly priority?: number;
}
export interface AnyCondition {
  readonly any: readonly RuleCondition[];
  readonly priority?: number;
}
export interface NotCondition {
  readonly not: RuleCondition;
  readonly priority?: number;
}
export type RuleCondition = LeafCondition | AllCondition | AnyCondition | NotCondition;
export type TopCondition = AllCondition | AnyCondition | NotCondition;

/** Who an action or constraint applies to, resolved on the graph from the event's device. */
export type TargetRef = 'device' | 'gateway' | 'segment' | 'controller' | 'supplier' | 'zone';

/** A candidate action a rule proposes (an id from rules/actions/). */
export interface CandidateAction {
  readonly action: string;
  readonly target: TargetRef;
}

/**
 * A hard constraint on the selection. `forbid`: the action may not run on the
 * target; `requireApproval`: it may, but only after a person approves;
 * `protectService`: no chosen set may add more than `maxAddedLoss` to the
 * probability of loss of any service of `serviceKind`.
 */
export type RuleConstraint =
  | { readonly type: 'forbid'; readonly action: string; readonly target: TargetRef }
  | { readonly type: 'requireApproval'; readonly action: string; readonly target: TargetRef }
  | { readonly type: 'protectService'; readonly serviceKind: string; readonly maxAddedLoss: number };

export interface RuleEventParams {
  readonly actions?: readonly CandidateAction[];
  readonly constraints?: readonly RuleConstraint[];
}

export interface RuleEvent {
  readonly type: 'respond';
  readonly params: RuleEventParams;
}

/** One policy: json-rules-engine fields plus CivGraph metadata. */
export interface PolicyRule {
  readonly id: string;
  readonly version: string;
  readonly name: string;
  readonly description: string;
  readonly domain: Domain;
  readonly severity: RuleSeverity;
  readonly maturity: RuleMaturity;
  /** Plain-language template; `{{event.deviceId}}`-style placeholders read the facts. */
  readonly explanation: string;
  readonly priority?: number;
  readonly conditions: TopCondition;
  readonly event: RuleEvent;
}

/** A rule as loaded: the rule and where it came from. */
export interface LoadedRule {
  readonly rule: PolicyRule;
  readonly file: string;
}

/** The facts of one evaluation: event, device, scores, techniques, history, incident. */
export type PolicyFacts = Readonly<Record<string, unknown>>;

/** The result of evaluating one rule that fired. */
export interface FiredRule {
  readonly ruleId: string;
  readonly event: RuleEvent;
}

export function isLeaf(condition: RuleCondition): condition is LeafCondition {
  return 'fact' in condition;
}
