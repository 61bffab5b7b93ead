import type { Projection } from '../../graph/projection/index.js';
import { computeRiskGraph, type RiskGraphRequest, type RiskGraphView } from './risk-graph.js';

/** Risk graphs memoised per projection version (DESIGN.md §4: algorithms run on the projection). */
export interface RiskGraphCache {
  get(request: RiskGraphRequest): RiskGraphView;
}

/**
 * A risk graph depends only on the request and the projection, so repeated requests (an explorer
 * re-drawing, a dashboard polling) reuse the result until the projection applies a change: the
 * cache empties whenever `projection.version` moves. Least recently used entries beyond
 * `capacity` go first. Errors (unknown focus, bad arguments) are not cached.
 */
export function createRiskGraphCache(projection: Projection, capacity = 512): RiskGraphCache {
  const entries = new Map<string, RiskGraphView>();
  let version = projection.version;
  return {
    get(request) {
      if (projection.version !== version) {
        entries.clear();
        version = projection.version;
      }
      const key = `${request.focus}\u0000${request.depth}\u0000${request.minRisk}\u0000${request.direction}\u0000${request.maxNodes}`;
      const hit = entries.get(key);
      if (hit !== undefined) {
        entries.delete(key);
        entries.set(key, hit);
        return hit;
      }
      const view = computeRiskGraph(projection, request);
      entries.set(key, view);
      if (entries.size > capacity) entries.delete(entries.keys().next().value as string);
      return view;
    },
  };
}
