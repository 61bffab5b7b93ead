import { ERROR_CODES, type ErrorCategory, type ErrorCode } from './error-codes.js';

export interface EngineErrorOptions {
  readonly details?: Readonly<Record<string, unknown>>;
  readonly cause?: unknown;
}

/**
 * The one error type the engine throws for operational and input failures.
 * Its `code` comes from the registry in error-codes.ts; `category` follows from
 * the code, so callers map errors to exit codes or GraphQL codes without ever
 * reading message text.
 */
export class EngineError extends Error {
  readonly code: ErrorCode;
  readonly category: ErrorCategory;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, options: EngineErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'EngineError';
    this.code = code;
    this.category = ERROR_CODES[code].category;
    this.details = options.details ?? {};
  }

  toJSON(): Record<string, unknown> {
    return { code: this.code, category: this.category, message: this.message, details: this.details };
  }
}

export function isEngineError(value: unknown): value is EngineError {
  return value instanceof EngineError;
}

/** A short human reason for any thrown value, without a stack trace. */
export function describeError(error: unknown): string {
  if (error instanceof EngineError) return `${error.message} [${error.code}]`;
  if (error instanceof Error) return error.message;
  return String(error);
}
