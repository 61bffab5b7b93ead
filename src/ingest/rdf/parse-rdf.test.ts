import { describe, expect, it } from 'vitest';
import { parseRdf, rdfSyntaxOf } from './parse-rdf.js';

const TRIPLE = '<http://e/s> <http://e/p> "o" .';

async function count(text: string, file: string): Promise<number | string> {
  const syntax = rdfSyntaxOf(file);
  if (!syntax) return 'no syntax';
  const r = await parseRdf({ text, file, syntax, contexts: new Map([['http://e/ctx.jsonld', { '@context': { p: 'http://e/p' } }]]) });
  return r.ok ? r.quads.length : `${r.diagnostic.code} line ${r.diagnostic.location.line ?? '?'}: ${r.diagnostic.message.slice(0, 80)}`;
}

describe('parseRdf', () => {
  it('reads the same statement in all six syntaxes', async () => {
    const docs: [string, string][] = [
      ['a.ttl', '@prefix e: <http://e/> . e:s e:p "o" .'],
      ['a.nt', TRIPLE],
      ['a.nq', '<http://e/s> <http://e/p> "o" <http://e/g> .'],
      ['a.trig', '<http://e/g> { <http://e/s> <http://e/p> "o" . }'],
      ['a.rdf', '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://e/"><rdf:Description rdf:about="http://e/s"><e:p>o</e:p></rdf:Description></rdf:RDF>'],
      ['a.jsonld', '{"@context": "http://e/ctx.jsonld", "@id": "http://e/s", "p": "o"}'],
    ];
    expect(await Promise.all(docs.map(([f, t]) => count(t, f)))).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('reports syntax errors with their line for N-Triples and RDF/XML, and refuses to fetch JSON-LD contexts', async () => {
    expect(await count(`${TRIPLE}\n<http://e/s> <http://e/p> .`, 'b.nt')).toMatch(/^CG_INGEST_SYNTAX line 2: /);
    expect(await count('<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n<rdf:Description rdf:about="x"></rdf:Descr>\n</rdf:RDF>', 'b.rdf')).toMatch(/^CG_INGEST_SYNTAX line 3: /);
    expect(await count('{"@context": "https://example.org/remote.jsonld", "@id": "http://e/s"}', 'b.jsonld')).toMatch(/^CG_INGEST_SYNTAX line \?: .*JSON-LD error/);
  });
});
