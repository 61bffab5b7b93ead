export type ErrorCategory =
  | 'validation'
  | 'not_found'
  | 'forbidden'
  | 'conflict'
  | 'unavailable'
  | 'internal';

export interface ErrorCodeSpec {
  readonly category: ErrorCategory;
  /** One line: what went wrong, phrased for the person who sees it. */
  readonly summary: string;
}
