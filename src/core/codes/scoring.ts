import type { ErrorCodeSpec } from './types.js';

/** Codes for the scoring capability. Documented in docs/errors/scoring.md. */
export const SCORING_CODES = {
  CG_MODEL_INVALID: { category: 'validation', summary: 'A model file is not a valid CivGraph or XGBoost JSON model.' },
  CG_MODEL_UNSUPPORTED: { category: 'validation', summary: 'The model uses a booster, objective or feature type the engine cannot run.' },
  CG_MODEL_VERSION_MISMATCH: { category: 'conflict', summary: 'A model file\'s version hash does not match its content.' },
  CG_DATASET_INVALID: { category: 'validation', summary: 'A dataset CSV has missing columns or values that are not numbers.' },
  CG_FEATURES_MISSING: { category: 'validation', summary: 'The input lacks features the model needs.' },
  CG_TRAINING_DATA_INVALID: { category: 'validation', summary: 'The training data cannot train the requested model.' },
  CG_CORRELATION_OPTIONS_INVALID: {
    category: 'validation',
    summary: 'The incident correlator was given a non-positive window, hub degree, future skew or cap, or a negative hop limit.',
  },
  CG_LIVE_THRESHOLD_INVALID: { category: 'validation', summary: 'A flag threshold given to the live scorer is not a probability in [0, 1].' },
  CG_CORRELATION_INPUT_INVALID: {
    category: 'validation',
    summary: 'An alert given to the incident correlator has a time that is not ISO-8601 or lies too far ahead of the latest alert.',
  },
  CG_LIVE_EVENT_INVALID: { category: 'validation', summary: 'An event given to the live scorer has a time that is not ISO-8601.' },
} as const satisfies Record<string, ErrorCodeSpec>;
