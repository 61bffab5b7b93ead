/**
 * The decision record and its explanation object (DESIGN.md §8).
 */
import type { ConditionResult, RuleConstraint } from '../policy/index.js';
import type { RejectedAction, ScoredAction } from '../response/index.js';

export interface FiredRuleExplanation {
  readonly ruleId: string;
  readonly version: string;
  readonly severity: string;
  readonly deviceId: string;
  readonly eventId: string;
  /** The rule's explanation template, filled from the facts. */
  readonly explanation: string;
  readonly conditions: ConditionResult;
}

export interface ScoreExplanation {
  readonly eventId: string;
  readonly probability: number;
  /** Top SHAP contributions, largest magnitude first. */
  readonly contributions: readonly { readonly feature: string; readonly value: number }[];
}

export interface PathExplanation {
  readonly nodes: readonly string[];
  readonly kinds: readonly string[];
  readonly probability: number;
  readonly domains: readonly string[];
}

export interface ConstraintExplanation {
  readonly ruleId: string;
  readonly constraint: RuleConstraint;
}

export interface ImpactFigures {
  /** Σ services P(loss) × criticality × people served. */
  readonly impact: number;
  readonly criticalAvailability: number;
}

export interface DecisionRecord {
  readonly id: string;
  readonly time: string;
  readonly incident: { readonly id: string; readonly domains: readonly string[] };
  readonly events: readonly { readonly id: string; readonly kind: string; readonly deviceId: string; readonly peer?: string }[];
  readonly scores: readonly ScoreExplanation[];
  readonly paths: readonly PathExplanation[];
  readonly rules: readonly FiredRuleExplanation[];
  readonly constraints: readonly ConstraintExplanation[];
  readonly chosen: readonly ScoredAction[];
  readonly pendingApproval: readonly ScoredAction[];
  readonly rejected: readonly RejectedAction[];
  readonly expected: { readonly before: ImpactFigures; readonly after: ImpactFigures };
  readonly counterfactual: string;
  readonly exact: boolean;
  readonly versions: { readonly policyBundle: string; readonly model: string; readonly graph: string };
}
