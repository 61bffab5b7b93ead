import { invariant } from '../../core/index.js';
import type { ProjectionSource } from './apply-changes.js';
import { ontologyVocabulary } from './kind-tables.js';
import { Projection } from './projection.js';
import type { Props } from '../port.js';
import {
  appendEdge,
  compact,
  createState,
  upsertEdge,
  upsertNode,
  type EdgeLike,
  type NodeLike,
  type ProjectionOptions,
} from './projection-state.js';

export interface ProjectionBuilderOptions extends ProjectionOptions {
  /** Presize node arrays (avoids regrowth); a hint, not a limit. */
  readonly expectedNodes?: number;
  /** Presize edge arrays; a hint, not a limit. */
  readonly expectedEdges?: number;
}

/**
 * Streams nodes then edges into growable arrays and compacts them into CSR
 * once at `finish`. Feed every node before the edges that touch it: an edge
 * whose endpoint is not (yet) a node is skipped and counted.
 */
export interface ProjectionBuilder {
  /** Adds (or replaces) a node and returns its node index. */
  addNode(node: NodeLike): number;
  /** False when skipped because an endpoint is not a node. */
  addEdge(edge: EdgeLike): boolean;
  /**
   * Adds an edge between node indexes returned by `addNode`, with the default
   * id `${from}|${kind}|${to}`: the fast path for callers that hold arrays
   * (simulator, benchmarks), skipping two id lookups per edge.
   */
  addEdgeBetween(from: number, to: number, kind: string, props?: Props): void;
  readonly skippedEdges: number;
  /** Compacts to CSR and returns the projection, reflecting store `version`. */
  finish(options: { readonly version: number }): Projection;
}

export function createProjectionBuilder(options: ProjectionBuilderOptions = {}): ProjectionBuilder {
  const state = createState(
    options.vocabulary ?? ontologyVocabulary(),
    options,
    options.expectedNodes ?? 1024,
    options.expectedEdges ?? 4096,
  );
  let skippedEdges = 0;
  let finished = false;
  return {
    addNode(node) {
      invariant(!finished, 'projection builder used after finish');
      return upsertNode(state, node);
    },
    addEdgeBetween(from, to, kind, props) {
      invariant(!finished, 'projection builder used after finish');
      invariant(state.nodeAlive[from] === 1 && state.nodeAlive[to] === 1, 'addEdgeBetween needs indexes returned by addNode');
      appendEdge(state, from, to, state.tables.internEdgeKind(kind), props);
    },
    addEdge(edge) {
      invariant(!finished, 'projection builder used after finish');
      if (upsertEdge(state, edge, false) !== -1) return true;
      skippedEdges++;
      return false;
    },
    get skippedEdges() {
      return skippedEdges;
    },
    finish({ version }) {
      invariant(!finished, 'projection builder finished twice');
      finished = true;
      compact(state);
      state.version = version;
      state.generation = 0;
      return new Projection(state);
    },
  };
}

export interface BuildProjectionOptions extends ProjectionOptions {
  /** Records per export batch (default 10,000). */
  readonly batchSize?: number;
  /** Apply the change feed written during the export before returning (default true). */
  readonly catchUp?: boolean;
}

/**
 * Builds the projection from a store's streaming export (DESIGN.md §4),
 * holding one batch of records at a time. The version is read before the
 * export starts, so writes racing with the export are replayed from the
 * change feed (upserts and deletes are idempotent); an edge exported before
 * its endpoint existed is skipped by the export and re-added by that replay.
 */
export async function buildProjection(store: ProjectionSource, options: BuildProjectionOptions = {}): Promise<Projection> {
  const version = await store.version();
  const stats = await store.stats();
  const builder = createProjectionBuilder({ ...options, expectedNodes: stats.nodes, expectedEdges: stats.edges });
  const batchSize = options.batchSize ?? 10_000;
  for await (const batch of store.exportNodes({ batchSize })) for (const node of batch) builder.addNode(node);
  for await (const batch of store.exportEdges({ batchSize })) for (const edge of batch) builder.addEdge(edge);
  const projection = builder.finish({ version });
  if (options.catchUp !== false) await projection.refresh(store, { pageSize: batchSize });
  return projection;
}
