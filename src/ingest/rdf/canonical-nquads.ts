/**
 * Canonical N-Quads (W3C RDF Dataset Canonicalization, RDFC-1.0, via jsonld's
 * rdf-canonize): blank nodes get deterministic labels and lines are sorted, so a
 * golden file compares byte for byte across runs and machines.
 */
import jsonld from 'jsonld';
import { Writer, type Quad } from 'n3';

export async function canonicalNQuads(quads: readonly Quad[]): Promise<string> {
  const writer = new Writer({ format: 'application/n-quads' });
  const text = writer.quadsToString([...quads]);
  const canonize = (jsonld as unknown as { canonize: (input: string, options: object) => Promise<string> }).canonize;
  return canonize(text, { algorithm: 'RDFC-1.0', inputFormat: 'application/n-quads', format: 'application/n-quads' });
}
