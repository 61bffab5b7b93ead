import { buildProjection, type ProjectionSource } from '../graph/projection/index.js';
import { createRiskEngine, type RiskEngine, type RiskEngineOptions } from './risk-engine.js';

/** Builds the projection of a store and a risk engine over it (for the CLI and the API server). */
export async function openRiskEngine(store: ProjectionSource, options: RiskEngineOptions = {}): Promise<RiskEngine> {
  return createRiskEngine(await buildProjection(store), options);
}
