import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { collect } from '../../testing/collect.js';
import { sourceFixture } from '../../testing/fixture-paths.js';
import { rdfAdapter } from './adapter.js';

const read = (file: string) => collect(rdfAdapter.read({ source: file, text: readFileSync(sourceFixture('rdf', file), 'utf8') }, {}));

describe('rdfAdapter', () => {
  it('projects cg: instances of a Turtle file into nodes and edges', async () => {
    const r = await read('city-sample.ttl');
    expect(r.nodes.map((n) => [n.id, n.kind]).sort()).toEqual([['cam-1', 'Camera'], ['gw-1', 'Gateway'], ['zone-harbour', 'Zone']]);
    expect(r.nodes.find((n) => n.id === 'cam-1')?.props).toEqual({ domain: 'PublicSafety', lat: 56.152, lon: 10.21, name: 'Camera at Harbour gate', serial: 'CAM-0001' });
    expect(r.edges.map((e) => `${e.from} ${e.kind} ${e.to}`).sort()).toEqual(['cam-1 locatedIn zone-harbour', 'cam-1 networkedVia gw-1', 'gw-1 locatedIn zone-harbour']);
  });

  it('reports the D3FEND mappings file defect at line 106 and loads nothing from it', async () => {
    const r = await read('d3fend-ontology-mappings.broken.ttl');
    expect(r.records).toEqual([]);
    expect(r.rejected.map((x) => [x.diagnostic.code, x.diagnostic.location.line])).toEqual([['CG_INGEST_SYNTAX', 106]]);
    expect(r.rejected[0]?.diagnostic.message).toContain(':106: Turtle syntax error');
  });

  it('reports a missing terminator at the line where the parser stops', async () => {
    const r = await read('city-sample.broken.ttl');
    expect(r.rejected.map((x) => [x.diagnostic.code, x.diagnostic.location.line])).toEqual([['CG_INGEST_SYNTAX', 6]]);
  });

  it('parses SAREF core in RDF/XML (902 triples)', async () => {
    const r = await read('saref-core-3.1.1.owl');
    expect(r.rejected).toEqual([]);
    expect(r.skipped.map((s) => s.reason)).toEqual(['902 triples parsed; 0 nodes projected (cg: instances, D3FEND countermeasures)']);
  });
});
