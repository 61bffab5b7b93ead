/**
 * The content of any GraphStore (e.g. an embedded store file) as write
 * batches for a bulk import: every exported node batch, then every exported
 * edge batch, each one batch (one version), so nodes always precede the edges
 * that name them. This is the stream whose Neo4jStore.write the import
 * reproduces; the source store's versions and tombstones are not carried over
 * (the new database starts its own change feed at version 1).
 */
import type { GraphStore, WriteBatch } from '../../port.js';

/** Streams `store`'s nodes then edges as upsert batches of at most `batchSize` records. */
export async function* storeBatches(store: Pick<GraphStore, 'exportNodes' | 'exportEdges'>, batchSize = 10_000): AsyncGenerator<WriteBatch> {
  for await (const nodes of store.exportNodes({ batchSize })) {
    yield { nodes: nodes.map((node) => ({ id: node.id, kind: node.kind, props: node.props })) };
  }
  for await (const edges of store.exportEdges({ batchSize })) {
    yield { edges: edges.map((edge) => ({ id: edge.id, kind: edge.kind, from: edge.from, to: edge.to, props: edge.props })) };
  }
}
