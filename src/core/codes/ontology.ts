import type { ErrorCodeSpec } from './types.js';

/** Codes for the ontology and vocabulary. Documented in docs/errors/ontology.md. */
export const ONTOLOGY_CODES = {
  CG_ONTOLOGY_INVALID: { category: 'validation', summary: 'The ontology does not parse or breaks its own rules.' },
  CG_KIND_UNKNOWN: { category: 'validation', summary: 'A node or edge kind is not defined in the ontology.' },
  CG_VOCAB_STALE: { category: 'internal', summary: 'The generated vocabulary no longer matches the ontology.' },
} as const satisfies Record<string, ErrorCodeSpec>;
