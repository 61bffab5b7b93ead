/**
 * RDF adapter: parses a file in any supported syntax (a syntax error is one
 * rejected record naming file and line; the file contributes nothing) and
 * yields the projected cg: instances and D3FEND countermeasures, one record
 * per node. The parsed quads are also handed to `onQuads` so a caller can keep
 * the ontology knowledge (alignment, inference).
 */
import type { Quad } from 'n3';
import { parseRdf, rdfSyntaxOf } from '../../rdf/parse-rdf.js';
import { mapped, rejected } from '../../record-helpers.js';
import type { AdapterInput, AdapterItem, SourceAdapter } from '../../types.js';
import type { BundledContexts } from '../ngsi-ld/context-resolver.js';
import { projectCgInstances, projectD3fend } from './mapping.js';

export interface RdfAdapterOptions {
  readonly contexts?: BundledContexts;
  readonly onQuads?: (quads: readonly Quad[], source: string) => void;
}

export const rdfAdapter: SourceAdapter<RdfAdapterOptions> = {
  format: 'rdf',
  async *read(input: AdapterInput, options: RdfAdapterOptions): AsyncIterable<AdapterItem> {
    const syntax = rdfSyntaxOf(input.source);
    if (!syntax) {
      yield rejected(0, 'CG_INGEST_FORMAT_UNKNOWN', `${input.source}: not an RDF file extension (.ttl .nt .nq .trig .rdf .owl .xml .jsonld)`, { source: input.source, file: input.source }, null);
      return;
    }
    const parsed = await parseRdf({ text: input.text, file: input.source, syntax, ...(options.contexts ? { contexts: options.contexts } : {}) });
    if (!parsed.ok) {
      yield { type: 'rejected', index: 0, diagnostic: parsed.diagnostic, payload: null };
      return;
    }
    options.onQuads?.(parsed.quads, input.source);
    const instances = projectCgInstances(parsed.quads);
    const countermeasures = projectD3fend(parsed.quads);
    const nodes = [...instances.nodes, ...countermeasures];
    const edgesFrom = new Map<string, typeof instances.edges>();
    for (const e of instances.edges) edgesFrom.set(e.from, [...(edgesFrom.get(e.from) ?? []), e]);
    let index = 0;
    for (const node of nodes) yield mapped(index++, { nodes: [node], edges: edgesFrom.get(node.id) ?? [] });
    yield { type: 'skipped', index, reason: `${parsed.quads.length} triples parsed; ${nodes.length} nodes projected (cg: instances, D3FEND countermeasures)` };
  },
};
