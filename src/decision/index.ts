/**
 * The decision capability (DESIGN.md §8): decision records and their
 * explanation object, plain-language rendering, the hash-chained decision
 * log with verification, masking, the policy test runner and the scenario
 * evaluation against the static baseline. The only public entry of
 * src/decision (see README.md).
 */
export type { DecisionRecord, FiredRuleExplanation, ScoreExplanation, PathExplanation, ConstraintExplanation, ImpactFigures } from './decision-record.js';
export { decide, CONTAINMENT_RULE, DECISION_PHASES, type DecideOptions, type DecisionPhase, type ScoredEvent } from './decide.js';
export { renderDecision } from './render-decision.js';
export { appendSynced, appendToLog, writeAll, readLog, recoverLog, verifyLog, verifyLogText, chainEntry, chainLine, chainProblems, entryHash, canonicalJson, rememberCanonical, GENESIS_HASH, type LogEntry, type VerifyReport } from './decision-log.js';
export { maskRecord, DEFAULT_SENSITIVE_FIELDS } from './mask-record.js';
export { runPolicyTests, runPolicyTestCase, type PolicyTestCase, type PolicyTestResult, type PolicyTestReport } from './run-policy-tests.js';
export { decideForScenario, policyEventOf, type ScenarioDecisions, type Mitigation, type DecideForScenarioOptions } from './decide-for-scenario.js';
export { evaluateMitigation, type MitigationRow, type MitigationEvaluation } from './evaluate-mitigation.js';
export { openPolicyBundle, type OpenPolicyBundle } from './open-policy-bundle.js';
// live-loop feedback (issue 9)
export { recalibrateThreshold, trainsThreshold, type FeedbackRecord, type FeedbackVerdict as FeedbackRecordVerdict, type RecalibrationOptions } from './feedback.js';
// h4: default containment set (isolation + hand operation)
export { DEFAULT_CONTAINMENT } from './decide.js';
// h4: policy plan (what a candidate bundle would change)
export { compareDecisions, recordedEvents, recordedEvidence, replayRecord, summarisePlan, type PlanChange, type PolicyPlan, type DecidedPair } from './plan-policy-change.js';
export { planPolicyChange, planScenarios, unknownScenarios, type PlanPolicyChangeOptions, type PlanScenarioOptions } from './plan-scenarios.js';
// hF: per-incident memory of evaluated events (live-loop decision latency)
export { EventEvaluationCache, type EvaluatedEvent } from './event-evaluation-cache.js';
// hF: interim candidates (hand operation behind a flagged gateway while its isolation waits)
export { INTERIM_RULE } from './decide.js';
