import type { ErrorCodeSpec } from './types.js';

/** Codes for the risk capability. Documented in docs/errors/risk.md. */
export const RISK_CODES = {
  CG_RISK_INVALID_PROBABILITY: {
    category: 'validation',
    summary: 'An evidence probability or threshold is not a number in [0, 1].',
  },
  CG_RISK_INVALID_K: { category: 'validation', summary: 'The number of paths asked for is not a positive integer.' },
  CG_RISK_INVALID_HORIZON: {
    category: 'validation',
    summary: 'A simulation horizon does not parse as a positive duration (e.g. 24h, 90m, 2d).',
  },
  CG_RISK_INVALID_FRACTION: {
    category: 'validation',
    summary: 'A random-failure share does not parse as a percentage or fraction in (0, 1].',
  },
  CG_RISK_INVALID_CURSOR: { category: 'validation', summary: 'A pagination cursor was not issued by this engine.' },
  CG_RISK_INVALID_SCENARIO: {
    category: 'validation',
    summary: 'A cascade scenario names no failing or attacked asset, or mixes incompatible options.',
  },
} as const satisfies Record<string, ErrorCodeSpec>;
