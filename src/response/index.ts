/**
 * The response capability (DESIGN.md §7): the action catalogue, candidates
 * from fired rules, the impact model on the risk engine, selection under
 * constraints with approvals, and the static baseline. The only public
 * entry of src/response (see README.md).
 */
export type { ResponseAction, ActionEffect, Candidate } from './response-action.js';
export { candidateKey, slotOf } from './response-action.js';
export { planReroute, feedersOf, ENERGISED_MAX_LOSS, type PowerMove } from './reroute-power.js';
export { loadActions, type ActionCatalogue } from './load-actions.js';
export { resolveTarget } from './resolve-target.js';
export { createImpactModel, type ImpactModel, type ImpactSummary } from './impact-model.js';
export { searchSelection, type ScoredItem, type SearchOptions, type SearchResult } from './search-selection.js';
export {
  selectResponse,
  type Selection,
  type SelectOptions,
  type ScoredAction,
  type RejectedAction,
  type RejectReason,
  type ResolvedConstraints,
} from './select-response.js';
export { collectCandidates, type Firing, type CollectedCandidates } from './collect-candidates.js';
export { staticBaseline } from './static-baseline.js';
export { createOscillationGuard, type OscillationGuard, type OscillationGuardOptions, type GuardVerdict } from './oscillation-guard.js';
export { improveJointly, type JointOptions } from './joint-search.js';
