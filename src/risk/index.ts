/**
 * The risk capability (DESIGN.md §5): propagation of compromise, loss of
 * availability and loss of visibility over the projection, the k most
 * probable propagation paths, blast radius, choke points and cascade
 * simulation over time. The only public entry of src/risk (see README.md).
 */
export { createRiskEngine, type RiskEngine, type RiskEngineOptions } from './risk-engine.js';
export { propagateRisk, type PropagateOptions, type RiskMap } from './propagation/propagate-risk.js';
export type { Evidence } from './propagation/priors.js';
export type { FixedPointOptions, FixedPointReport } from './propagation/propagator.js';
export { buildHarmGraph, type BuildHarmGraphOptions } from './harm-graph/build-harm-graph.js';
export { kernelLayoutBytes } from './propagation/kernel-layout.js';
export { CHANNELS, type Channel, type HarmGraph } from './harm-graph/harm-graph.js';
export { findPaths, mostProbablePaths, type PathQuery, type PathPage, type RiskPath, type PathHop } from './paths/find-paths.js';
export {
  blastRadius,
  type BlastRadius,
  type BlastRadiusOptions,
  type AffectedNode,
  type AffectedService,
} from './impact/blast-radius.js';
export { chokePoints, type ChokePoints, type ChokePoint, type ChokePointEdge, type ChokePointOptions } from './impact/choke-points.js';
export {
  simulateCascade,
  type CascadeScenario,
  type CascadeResult,
  type TimelinePoint,
  type ServiceOutcome,
} from './cascade/simulate-cascade.js';
export { failureSweep, type FailureSweepOptions, type SweepRow } from './cascade/failure-sweep.js';
export { riskGraph, type RiskGraph, type RiskGraphQuery, type RiskGraphNode, type RiskGraphEdge } from './risk-graph.js';
export { parseHorizon, parseShare, parseIdList, parseCount } from './parse-inputs.js';
export { projectionFromBatches } from './projection-from-batches.js';
export { openRiskEngine } from './open-risk-engine.js';
export { propagateWhatIf, whatIfReference, referenceRisk, WhatIfPropagator, type ArcTransmission, type WhatIfReference } from './propagation/what-if-propagator.js';
