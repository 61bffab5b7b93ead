import type { ErrorCodeSpec } from './types.js';

/** Codes for the policy capability (policy, response, decision). Documented in docs/errors/policy.md. */
export const POLICY_CODES = {
  CG_POLICY_JSON_SYNTAX: { category: 'validation', summary: 'A policy, action or test file is not well-formed JSON.' },
  CG_POLICY_SCHEMA: { category: 'validation', summary: 'A policy or action file does not match its JSON Schema.' },
  CG_POLICY_ID_MISMATCH: { category: 'validation', summary: 'A policy file’s name or folder disagrees with its id or domain.' },
  CG_POLICY_DUPLICATE_ID: { category: 'validation', summary: 'Two policies or actions share one id.' },
  CG_POLICY_UNKNOWN_OPERATOR: { category: 'validation', summary: 'A condition names an operator the engine does not have.' },
  CG_POLICY_UNKNOWN_FACT: { category: 'validation', summary: 'A condition reads a fact the engine never provides.' },
  CG_POLICY_UNKNOWN_KIND: { category: 'validation', summary: 'A condition or constraint names a node kind the ontology lacks.' },
  CG_POLICY_UNKNOWN_ACTION: { category: 'validation', summary: 'A rule proposes or constrains an action the catalogue lacks.' },
  CG_POLICY_UNREACHABLE: { category: 'validation', summary: 'A rule can never fire (contradictory conditions on one field).' },
  CG_POLICY_CONFLICT: { category: 'conflict', summary: 'One rule proposes an action that another rule forbids for the same target.' },
  CG_POLICY_BUNDLE_UNREADABLE: { category: 'not_found', summary: 'The policy bundle folder (rules/) cannot be read.' },
  CG_POLICY_TEST_FAILED: { category: 'validation', summary: 'A policy test case’s decision differs from the expected one.' },
  CG_ACTION_UNKNOWN_TARGET: { category: 'not_found', summary: 'An action’s target (gateway, segment, controller…) does not exist in the graph for this device.' },
  CG_DECISION_NOT_FOUND: { category: 'not_found', summary: 'No decision with that id is in the decision log.' },
  CG_AUDIT_CHAIN_BROKEN: { category: 'conflict', summary: 'The decision log’s hash chain does not verify: a record was edited, removed or reordered.' },
  CG_POLICY_PLAN_UNKNOWN_SCENARIO: { category: 'validation', summary: 'policy plan was asked for a scenario the simulator does not have.' },
  CG_POLICY_PLAN_GRAPH_MOVED: { category: 'conflict', summary: 'A recorded decision was made on another graph version than the one it is replayed on.' },
  CG_AUDIT_LOG_UNREADABLE: { category: 'not_found', summary: 'The decision log file cannot be read or holds a line that is not JSON.' },
  CG_AUDIT_LOG_TORN_LINE: { category: 'validation', summary: 'A warning: the decision log (or loop journal) ends in a line without its newline, an append cut short by a crash; it is not part of the chain and is cut off when the log is reopened.' },
} as const satisfies Record<string, ErrorCodeSpec>;
