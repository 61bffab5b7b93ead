/** The Neo4j GraphStore and its Cypher for the record: the only public entry of src/graph/neo4j. */
export { openNeo4jStore, type Neo4jStoreOptions } from './open-neo4j-store.js';
export type { Neo4jStore } from './neo4j-store.js';
export {
  riskSubgraphQuery,
  shortestDependencyPathQuery,
  type CypherQuery,
  type RiskSubgraphQueryOptions,
  type ShortestPathQueryOptions,
} from './cypher-queries.js';
