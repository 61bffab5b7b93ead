import type { ErrorCodeSpec } from './types.js';

/** Codes for the pipeline capability. Documented in docs/errors/pipeline.md. */
export const PIPELINE_CODES = {} as const satisfies Record<string, ErrorCodeSpec>;
