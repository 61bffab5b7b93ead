import type { ErrorCodeSpec } from './types.js';

/** Codes for the ingest capability. Documented in docs/errors/ingest.md. */
export const INGEST_CODES = {
  CG_INGEST_INPUT_UNREADABLE: { category: 'not_found', summary: 'An ingest input file or folder cannot be read.' },
  CG_INGEST_FORMAT_UNKNOWN: { category: 'validation', summary: 'The format of an ingest input could not be detected or is not supported.' },
  CG_INGEST_SYNTAX: { category: 'validation', summary: 'An ingest input is not well-formed in its format (JSON, CSV, RDF syntax error).' },
  CG_INGEST_RECORD_INVALID: { category: 'validation', summary: 'A record lacks a field the mapping needs or holds a value of the wrong shape.' },
  CG_INGEST_TYPE_UNMAPPED: { category: 'validation', summary: 'A record has a source type that no mapping turns into an ontology kind.' },
  CG_INGEST_KIND_UNKNOWN: { category: 'validation', summary: 'A mapped record names a node or edge kind the ontology does not define.' },
  CG_INGEST_CONTEXT_UNAVAILABLE: { category: 'validation', summary: 'A JSON-LD @context is not bundled, and contexts are never fetched from the network.' },
  CG_INGEST_SHAPE_VIOLATION: { category: 'validation', summary: 'A mapped record violates a SHACL shape of the ontology.' },
  CG_INGEST_DANGLING_REFERENCE: { category: 'validation', summary: 'A relationship points at an entity that no input or the store defines; the edge was dropped.' },
  CG_INGEST_MAPPING_INVALID: { category: 'validation', summary: 'A declarative mapping file is malformed.' },
  CG_INGEST_TRANSFORM_FAILED: { category: 'validation', summary: 'A mapping transform (unit, lookup, time parse) could not convert a value.' },
  CG_INGEST_RECONCILE_GUARD: { category: 'conflict', summary: 'Reconciliation would delete too large a share of a source scope and was skipped.' },
  CG_INGEST_DEAD_LETTER_FAILED: { category: 'unavailable', summary: 'A rejected record could not be written to the dead-letter file.' },
  CG_INGEST_MERGED: { category: 'validation', summary: 'Entity resolution merged a record into an existing node with the same serial, MAC or declared id.' },
} as const satisfies Record<string, ErrorCodeSpec>;
