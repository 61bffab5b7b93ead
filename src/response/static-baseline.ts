import type { ImpactModel, ImpactSummary } from './impact-model.js';
import { candidateKey, type Candidate, type ResponseAction } from './response-action.js';

/**
 * The static-protocol baseline (issue 7 §6): isolate every flagged device,
 * whatever it serves — what a fixed runbook does.
 */
export function staticBaseline(model: ImpactModel, isolate: ResponseAction, flagged: readonly string[]): { readonly applied: readonly Candidate[]; readonly after: ImpactSummary } {
  const applied = [...new Set(flagged)].filter((id) => model.projection.nodeIndex(id) !== -1).map((target) => ({ key: candidateKey(isolate.id, target), action: isolate, target, ruleIds: [] }));
  return { applied, after: model.evaluate(applied) };
}
