import { join } from 'node:path';
import { appendToLog, decideForScenario, openPolicyBundle, renderDecision, type DecisionRecord } from '../../decision/index.js';
import type { Projection } from '../../graph/projection/index.js';
import type { ScenarioRun } from '../../sim/index.js';
import type { DemoMitigation } from './demo-report.js';

const round = (value: number): number => Math.round(value * 10_000) / 10_000;

/**
 * Policy stage of the demo: the starter policy bundle (rules/) decides on the
 * scenario's flagged devices; the result is the decision record with its
 * explanation, and availability of critical services during mitigation for
 * our selection and for the static protocol (isolate every flagged device).
 * The records are appended to the hash-chained decision log, so
 * `civgraph audit verify` and `civgraph explain` work on them.
 */
export function decisionStage(
  projection: Projection,
  run: ScenarioRun,
  root: string,
  decisionLog: string,
): { decisions: readonly DecisionRecord[]; explanations: string[]; mitigation: DemoMitigation } {
  const bundle = openPolicyBundle({ dir: join(root, 'rules') });
  const { decisions, mitigation } = decideForScenario({
    projection,
    run,
    rules: bundle.rules,
    actions: bundle.actions,
    // Evidence comes from the scenario's ground truth until the scorers feed the loop.
    versions: { policyBundle: bundle.version, model: 'ground-truth-evidence', graph: String(projection.version) },
  });
  appendToLog(decisionLog, decisions);
  return {
    decisions,
    explanations: decisions.map(renderDecision),
    mitigation: {
      availability: round(mitigation.availability),
      staticAvailability: round(mitigation.staticAvailability),
      riskReduction: round(mitigation.riskReduction),
      staticRiskReduction: round(mitigation.staticRiskReduction),
      availabilityIfApproved: round(mitigation.availabilityIfApproved),
      riskReductionIfApproved: round(mitigation.riskReductionIfApproved),
    },
  };
}
