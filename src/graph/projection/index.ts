/**
 * The in-memory graph projection: the only public entry of
 * src/graph/projection (see README.md).
 */
export { Projection, type NeighbourVisitor, type RawProjection } from './projection.js';
export {
  buildProjection,
  createProjectionBuilder,
  type BuildProjectionOptions,
  type ProjectionBuilder,
  type ProjectionBuilderOptions,
} from './build-projection.js';
export type { ApplyResult, RefreshResult, ProjectionSource } from './apply-changes.js';
export type { CsrView } from './csr.js';
export { NUMBER_COLUMNS, type NodeColumns, type NumberColumn } from './node-columns.js';
export { ontologyVocabulary, type ProjectionVocabulary } from './kind-tables.js';
export type { ProjectionOptions, NodeLike, EdgeLike, Overlay } from './projection-state.js';
export type { ProjectionMemory } from './projection-memory.js';
export { EDGE_ALIVE, EDGE_CUSTOM_ID } from './edge-table.js';
export {
  measureProjection,
  type MeasureProjectionOptions,
  type ProjectionMeasurement,
  type Timing,
} from './measure-projection.js';
