import type { WriteBatch } from '../graph/port.js';
import { createProjectionBuilder, type Projection } from '../graph/projection/index.js';

/**
 * Builds a projection straight from write batches (e.g. the simulator's
 * `city.batches()`), without a store: for tests, benchmarks and the demo.
 * Deletes in the batches are not supported (the simulator writes none).
 */
export function projectionFromBatches(batches: Iterable<WriteBatch>, options: { readonly version?: number } = {}): Projection {
  const builder = createProjectionBuilder();
  for (const batch of batches) {
    for (const node of batch.nodes ?? []) builder.addNode(node);
    for (const edge of batch.edges ?? []) builder.addEdge(edge);
  }
  return builder.finish({ version: options.version ?? 1 });
}
