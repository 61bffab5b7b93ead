import { ingestResolvers } from './ingest-resolvers.js';
import { listResolvers } from './list-resolvers.js';
import { nodeResolvers } from './node-resolvers.js';
import { riskAnalysisResolvers } from './risk-analysis-resolvers.js';
import { riskResolvers } from './risk-resolvers.js';

/** Every served resolver map, merged by makeExecutableSchema. */
export const RESOLVERS = [nodeResolvers, listResolvers, riskResolvers, riskAnalysisResolvers, ingestResolvers] as const;
