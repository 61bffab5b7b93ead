import type { ErrorCodeSpec } from './types.js';

/** Codes for the city simulator. Documented in docs/errors/sim.md. */
export const SIM_CODES = {
  CG_SCENARIO_UNKNOWN: { category: 'not_found', summary: 'The named scenario does not exist.' },
} as const satisfies Record<string, ErrorCodeSpec>;
