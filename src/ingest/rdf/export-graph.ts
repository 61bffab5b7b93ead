/**
 * Exports the graph, or the subgraph around focus nodes (GraphStore.subgraph),
 * as Turtle (n3 Writer) or JSON-LD (jsonld.fromRDF, compacted with an inline
 * context, so no context is fetched). Nodes and edges are sorted by id so the
 * output is stable.
 */
import jsonld from 'jsonld';
import { Writer, type Quad } from 'n3';
import { NAMESPACE } from '../../ontology/index.js';
import type { EdgeRecord, GraphStore, NodeRecord } from '../../graph/port.js';
import { EXT_NAMESPACE, ID_BASE, graphToQuads } from './graph-to-rdf.js';

export type ExportFormat = 'turtle' | 'jsonld';

export interface ExportGraphOptions {
  readonly store: GraphStore;
  readonly format: ExportFormat;
  readonly focus?: readonly string[];
  readonly depth?: number;
  /** Node cap for a subgraph (default 100,000). */
  readonly maxNodes?: number;
}

const PREFIXES = {
  cg: NAMESPACE,
  cgx: EXT_NAMESPACE,
  id: ID_BASE,
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
} as const;

async function collect(options: ExportGraphOptions): Promise<{ nodes: NodeRecord[]; edges: EdgeRecord[] }> {
  if (options.focus && options.focus.length > 0) {
    const sub = await options.store.subgraph({ focus: options.focus, depth: options.depth ?? 1, maxNodes: options.maxNodes ?? 100_000 });
    return { nodes: [...sub.nodes], edges: [...sub.edges] };
  }
  const nodes: NodeRecord[] = [];
  const edges: EdgeRecord[] = [];
  for await (const batch of options.store.exportNodes()) nodes.push(...batch);
  for await (const batch of options.store.exportEdges()) edges.push(...batch);
  return { nodes, edges };
}

const byId = <T extends { id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function quadsToTurtle(quads: readonly Quad[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const writer = new Writer({ prefixes: PREFIXES });
    writer.addQuads([...quads]);
    writer.end((error: Error | null, result: string) => (error ? reject(error) : resolve(result)));
  });
}

export async function quadsToJsonLd(quads: readonly Quad[]): Promise<string> {
  const nquads = new Writer({ format: 'application/n-quads' }).quadsToString([...quads]);
  const expanded = await jsonld.fromRDF(nquads, { format: 'application/n-quads' });
  const compacted = await jsonld.compact(expanded, { ...PREFIXES });
  return `${JSON.stringify(compacted, null, 2)}\n`;
}

export async function exportGraph(options: ExportGraphOptions): Promise<string> {
  const { nodes, edges } = await collect(options);
  const quads = graphToQuads(
    nodes.sort(byId).map((n) => ({ id: n.id, kind: n.kind, props: n.props })),
    edges.sort(byId).map((e) => ({ id: e.id, kind: e.kind, from: e.from, to: e.to, props: e.props })),
  );
  return options.format === 'turtle' ? quadsToTurtle(quads) : quadsToJsonLd(quads);
}
