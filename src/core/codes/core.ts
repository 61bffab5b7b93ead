import type { ErrorCodeSpec } from './types.js';

/** Codes for configuration, arguments and internal failures. Documented in docs/errors.md. */
export const CORE_CODES = {
  CG_CONFIG_INVALID: { category: 'validation', summary: 'The configuration failed validation.' },
  CG_CONFIG_UNREADABLE: { category: 'validation', summary: 'The configuration file could not be read or parsed.' },
  CG_ARGUMENT_INVALID: { category: 'validation', summary: 'A command-line or API argument is not valid.' },
  CG_INPUT_INVALID: { category: 'validation', summary: 'An input record or document is not valid.' },
  CG_FILE_UNREADABLE: { category: 'not_found', summary: 'A file named on the command line cannot be read.' },
  CG_FILE_UNWRITABLE: { category: 'unavailable', summary: 'A file or folder cannot be written.' },
  CG_INVARIANT: { category: 'internal', summary: 'An internal invariant was broken; this is a bug.' },
  CG_INTERNAL: { category: 'internal', summary: 'An unexpected internal error occurred.' },
} as const satisfies Record<string, ErrorCodeSpec>;
