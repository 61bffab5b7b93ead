import type { ErrorCodeSpec } from './types.js';

/** Codes for the risk capability. Documented in docs/errors/risk.md. */
export const RISK_CODES = {} as const satisfies Record<string, ErrorCodeSpec>;
