import type { ErrorCodeSpec } from './types.js';

/** Codes for the policy capability. Documented in docs/errors/policy.md. */
export const POLICY_CODES = {} as const satisfies Record<string, ErrorCodeSpec>;
