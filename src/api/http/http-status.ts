import { ERROR_CODES, type ErrorCategory } from '../../core/index.js';

/** Codes whose HTTP status differs from their category's (docs/errors/api.md gives each). */
const BY_CODE: Readonly<Record<string, number>> = {
  CG_API_UNAUTHENTICATED: 401,
  CG_API_TOKEN_INVALID: 401,
  CG_API_FORBIDDEN: 403,
  CG_API_AUDIT_WRITE_FAILED: 503,
};

/** An error category (src/core/codes/types.ts) as the HTTP status of RFC 9110 §15 that says the same. */
const BY_CATEGORY: Readonly<Record<ErrorCategory, number>> = {
  validation: 400,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
  internal: 500,
};

/**
 * The one code → HTTP status map of the API's plain HTTP routes and of the GraphQL context's
 * authentication failures: per code where a code needs its own status (401 for missing or bad
 * credentials), otherwise by the code's registry category; unknown codes are 500.
 */
export function httpStatusOf(code: string): number {
  const own = BY_CODE[code];
  if (own !== undefined) return own;
  return Object.hasOwn(ERROR_CODES, code) ? BY_CATEGORY[ERROR_CODES[code as keyof typeof ERROR_CODES].category] : 500;
}
