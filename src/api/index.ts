/**
 * The GraphQL API capability (DESIGN.md §9): Apollo Server 5 on Express 5, the SDL in graphql/,
 * roles, limits and the risk explorer page. The only public entry of src/api; see README.md.
 */
export { createApiServer, type ApiServer, type ApiServerOptions } from './create-api-server.js';
export { resolveApiConfig, parseApiKeys, API_DEFAULTS, ROLES, type ApiConfig, type ApiConfigInput, type Role } from './api-config.js';
export { readExplorerAssets, bundleExplorerAssets, explorerClientDir } from './explorer/load-explorer-assets.js';
export type { ExplorerAssets } from './explorer/mount-explorer.js';
export { fileAuditLog, type AuditLog, type AuditEntry } from './services/audit-log.js';
export { loadSchema, readTypeDefs } from './load-schema.js';
export { computeRiskGraph, type RiskGraphRequest, type RiskGraphView, type RiskNodeView, type RiskDirection } from './services/risk-graph.js';
// hA (issue 8, approvals survive a restart): the journal's path next to a decision log, for `civgraph audit verify`.
export { approvalJournalPath, parseApprovalJournal, type ApprovalRecord } from './services/approval-journal.js';
