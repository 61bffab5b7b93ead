import { decisionResolvers } from './decision-resolvers.js';
import { ingestResolvers } from './ingest-resolvers.js';
import { listResolvers } from './list-resolvers.js';
import { liveResolvers } from './live-resolvers.js';
import { nodeResolvers } from './node-resolvers.js';
import { policyResolvers } from './policy-resolvers.js';
import { riskAnalysisResolvers } from './risk-analysis-resolvers.js';
import { riskResolvers } from './risk-resolvers.js';
import { simulateResolvers } from './simulate-resolvers.js';
import { subscriptionResolvers } from './subscription-resolvers.js';

/** Every served resolver map, attached to the SDL schema by attachResolvers. */
export const RESOLVERS = [
  nodeResolvers,
  listResolvers,
  riskResolvers,
  riskAnalysisResolvers,
  simulateResolvers,
  ingestResolvers,
  decisionResolvers,
  policyResolvers,
  liveResolvers,
  subscriptionResolvers,
] as const;
