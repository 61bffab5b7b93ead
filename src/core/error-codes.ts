/**
 * The registry of every engine error code, assembled from one file per
 * capability (src/core/codes/) so capabilities add codes without touching each
 * other. A code is never reused or renamed once released; docs/errors.md and
 * docs/errors/*.md document each one and a test keeps docs and registry in step
 * (after fastify's FST_ERR_* registry and its docs-drift test).
 */
import { CORE_CODES } from './codes/core.js';
import { GRAPH_CODES } from './codes/graph.js';
import { ONTOLOGY_CODES } from './codes/ontology.js';
import { SIM_CODES } from './codes/sim.js';
import { INGEST_CODES } from './codes/ingest.js';
import { SCORING_CODES } from './codes/scoring.js';
import { RISK_CODES } from './codes/risk.js';
import { POLICY_CODES } from './codes/policy.js';
import { API_CODES } from './codes/api.js';
import { PIPELINE_CODES } from './codes/pipeline.js';
import type { ErrorCategory, ErrorCodeSpec } from './codes/types.js';

export type { ErrorCategory, ErrorCodeSpec };

/** Every capability's codes, by capability, so a test can prove none collide. */
export const ERROR_CODE_GROUPS = {
  core: CORE_CODES,
  graph: GRAPH_CODES,
  ontology: ONTOLOGY_CODES,
  sim: SIM_CODES,
  ingest: INGEST_CODES,
  scoring: SCORING_CODES,
  risk: RISK_CODES,
  policy: POLICY_CODES,
  api: API_CODES,
  pipeline: PIPELINE_CODES,
} as const;

export const ERROR_CODES = {
  ...CORE_CODES,
  ...GRAPH_CODES,
  ...ONTOLOGY_CODES,
  ...SIM_CODES,
  ...INGEST_CODES,
  ...SCORING_CODES,
  ...RISK_CODES,
  ...POLICY_CODES,
  ...API_CODES,
  ...PIPELINE_CODES,
} as const satisfies Record<string, ErrorCodeSpec>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Process exit codes the CLI maps error categories to. */
export const EXIT_CODES: Readonly<Record<ErrorCategory, number>> = {
  validation: 2,
  not_found: 3,
  forbidden: 4,
  conflict: 5,
  unavailable: 6,
  internal: 70,
};
