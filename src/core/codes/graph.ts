import type { ErrorCodeSpec } from './types.js';

/** Codes for graph stores and the projection. Documented in docs/errors/graph.md. */
export const GRAPH_CODES = {
  CG_NODE_NOT_FOUND: { category: 'not_found', summary: 'No node with the given id exists in the graph.' },
  CG_EDGE_ENDPOINT_MISSING: { category: 'validation', summary: 'An edge names an endpoint node that does not exist.' },
  CG_STORE_OPEN_FAILED: { category: 'unavailable', summary: 'The graph store could not be opened.' },
  CG_STORE_WRITE_FAILED: { category: 'unavailable', summary: 'A write to the graph store failed.' },
  CG_STORE_READ_FAILED: { category: 'unavailable', summary: 'A read from the graph store failed.' },
  CG_STORE_CLOSED: { category: 'internal', summary: 'The graph store was used after it was closed.' },
  CG_STORE_UNAVAILABLE: { category: 'unavailable', summary: 'The graph store cannot be reached.' },
  CG_STORE_AUTH_FAILED: { category: 'forbidden', summary: 'The graph store rejected the credentials.' },
  CG_STORE_DATABASE_NOT_FOUND: { category: 'not_found', summary: 'The named database does not exist in the graph store.' },
  CG_STORE_CONFLICT: { category: 'conflict', summary: 'A write conflicted with a constraint in the graph store.' },
  CG_WRITE_INPUT_INVALID: { category: 'validation', summary: 'A write batch holds a malformed node, edge or property value.' },
  CG_CURSOR_INVALID: { category: 'validation', summary: 'A pagination cursor is malformed or belongs to another query.' },
  CG_PROJECTION_STALE: { category: 'conflict', summary: 'The projection is behind a change it cannot apply incrementally.' },
  CG_IMPORT_TARGET_NOT_EMPTY: { category: 'conflict', summary: 'The bulk import target database already holds data.' },
  CG_IMPORT_INPUT_INVALID: { category: 'validation', summary: 'The bulk import input or its CSV files were rejected.' },
  CG_IMPORT_DUPLICATE_ID: { category: 'validation', summary: 'The bulk import input holds the same node or edge id twice.' },
  CG_IMPORT_FAILED: { category: 'unavailable', summary: 'The Neo4j offline importer could not run or failed.' },
  CG_FEED_PRUNED: { category: 'conflict', summary: 'The change feed no longer holds the deletes since the asked version.' },
} as const satisfies Record<string, ErrorCodeSpec>;
