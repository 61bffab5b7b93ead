import { EngineError } from '../../core/index.js';
import type { LiveFeed } from '../../pipeline/live-feed.js';
import type { ApiServices } from './api-services.js';
import type { DecisionLogView } from './decision-log-view.js';
import type { PolicyRegistry } from './policy-registry.js';

/** The live loop, or CG_API_LIVE_UNAVAILABLE naming the operation that needed it. */
export function requireLive(services: ApiServices, operation: string): LiveFeed {
  if (services.live === undefined) {
    throw new EngineError('CG_API_LIVE_UNAVAILABLE', `${operation} needs the live loop, and this server runs without one`, { details: { operation } });
  }
  return services.live;
}

/** The decision log, or CG_API_DECISIONS_UNAVAILABLE. */
export function requireDecisions(services: ApiServices, operation: string): DecisionLogView {
  if (services.decisions === undefined) {
    throw new EngineError('CG_API_DECISIONS_UNAVAILABLE', `${operation} needs a decision log, and this server has none`, { details: { operation } });
  }
  return services.decisions;
}

/** The policy registry, or CG_API_POLICIES_UNAVAILABLE. */
export function requirePolicies(services: ApiServices, operation: string): PolicyRegistry {
  if (services.policies === undefined) {
    throw new EngineError('CG_API_POLICIES_UNAVAILABLE', `${operation} needs a policy bundle, and this server has none`, { details: { operation } });
  }
  return services.policies;
}
