import type { ErrorCodeSpec } from './types.js';

/** Codes for the api capability. Documented in docs/errors/api.md. */
export const API_CODES = {} as const satisfies Record<string, ErrorCodeSpec>;
