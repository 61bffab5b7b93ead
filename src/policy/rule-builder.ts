/**
 * A typed builder for programmatic rules: the same JSON a file would hold,
 * with operator names and targets checked by the compiler. `defineRule`
 * returns a plain PolicyRule that validateRule / lint accept.
 */
import type { Domain, EdgeSetName, NodeKind } from '../ontology/index.js';
import type { DEFAULT_OPERATORS, GRAPH_OPERATOR_NAMES } from './operators.js';
import type { CandidateAction, LeafCondition, PolicyRule, RuleCondition, RuleConstraint, TargetRef, TopCondition } from './types.js';

export type OperatorName = keyof typeof DEFAULT_OPERATORS | (typeof GRAPH_OPERATOR_NAMES)[number];
export type FactName = 'event' | 'device' | 'scores' | 'techniques' | 'history' | 'incident';

export const all = (...conditions: RuleCondition[]): TopCondition => ({ all: conditions });
export const any = (...conditions: RuleCondition[]): TopCondition => ({ any: conditions });
export const not = (condition: RuleCondition): TopCondition => ({ not: condition });

/** A leaf condition; `path` must be `$.a.b`. */
export function when(fact: FactName, operator: OperatorName, value: unknown, path?: `$.${string}`): LeafCondition {
  return path === undefined ? { fact, operator, value } : { fact, operator, value, path };
}

export const eventKind = (...kinds: string[]): LeafCondition =>
  kinds.length === 1 ? when('event', 'equal', kinds[0], '$.kind') : when('event', 'in', kinds, '$.kind');
export const deviceIs = (...kinds: NodeKind[]): LeafCondition => when('device', 'isKind', kinds.length === 1 ? kinds[0] : kinds);
export const deviceInDomain = (...domains: Domain[]): LeafCondition => when('device', 'inDomain', domains);
export const pathTo = (to: NodeKind | string, hops: number, edgeSet?: EdgeSetName): LeafCondition =>
  when('device', 'pathExists', edgeSet === undefined ? { to, hops } : { to, hops, edgeSet });
export const countWithin = (kind: string, windowMinutes: number, atLeast: number): LeafCondition =>
  when('history', 'countWithin', { kind, windowMinutes, atLeast });
export const sequenceOf = (steps: string[], windowMinutes: number): LeafCondition => when('history', 'sequence', { steps, windowMinutes });
export const scoreAtLeast = (probability: number): LeafCondition => when('scores', 'greaterThanInclusive', probability, '$.probability');

export const propose = (action: string, target: TargetRef = 'device'): CandidateAction => ({ action, target });
export const forbid = (action: string, target: TargetRef = 'device'): RuleConstraint => ({ type: 'forbid', action, target });
export const requireApproval = (action: string, target: TargetRef = 'device'): RuleConstraint => ({ type: 'requireApproval', action, target });
export const protectService = (serviceKind: NodeKind, maxAddedLoss: number): RuleConstraint => ({ type: 'protectService', serviceKind, maxAddedLoss });

export interface RuleSpec extends Omit<PolicyRule, 'event' | 'conditions' | 'version' | 'maturity'> {
  readonly version?: string;
  readonly maturity?: PolicyRule['maturity'];
  readonly when: TopCondition;
  readonly actions?: readonly CandidateAction[];
  readonly constraints?: readonly RuleConstraint[];
}

/** Builds a PolicyRule (version 1.0.0 and maturity experimental unless given). */
export function defineRule(spec: RuleSpec): PolicyRule {
  const { when: conditions, actions, constraints, version, maturity, ...meta } = spec;
  return {
    ...meta,
    version: version ?? '1.0.0',
    maturity: maturity ?? 'experimental',
    conditions,
    event: { type: 'respond', params: { ...(actions === undefined ? {} : { actions }), ...(constraints === undefined ? {} : { constraints }) } },
  };
}
