import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DataFactory, Parser, Store } from 'n3';
import { describe, expect, it } from 'vitest';
import { loadOntology, loadShapes, ontologyDir, readTurtleFile, shapesDir, validateShapes } from './index.js';
import { testRootDir } from './test-paths.js';

const CG = 'https://w3id.org/civgraph#';
const RDF_TYPE = DataFactory.namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#type');

describe('shapes files', () => {
  it('name only cg: terms the ontology defines', async () => {
    const root = testRootDir();
    const ontology = await loadOntology({ dir: ontologyDir(root) });
    const defined = new Set(ontology.getSubjects(RDF_TYPE, null, null).map((t) => t.value));
    const files = (await readdir(shapesDir(root))).filter((f) => f.endsWith('.ttl')).sort();
    const unknown: string[] = [];
    for (const file of files) {
      const shapes = new Store(await readTurtleFile(join(shapesDir(root), file)));
      for (const quad of shapes) {
        for (const t of [quad.subject, quad.predicate, quad.object]) {
          if (t.termType === 'NamedNode' && t.value.startsWith(CG) && !defined.has(t.value)) {
            unknown.push(`${file}: ${t.value}`);
          }
        }
      }
    }
    expect(files).toEqual([
      'asset.ttl',
      'device.ttl',
      'edge-kind.ttl',
      'facility.ttl',
      'happening.ttl',
      'knowledge.ttl',
      'redundancy-group.ttl',
      'service.ttl',
    ]);
    expect(unknown).toEqual([]);
  });

  it('are well-formed SHACL: the W3C shacl-shacl shapes graph accepts them', async () => {
    const root = testRootDir();
    const shaclShacl = await readTurtleFile(join(root, 'fixtures', 'ontologies', 'shacl-shacl.ttl'));
    const report = await validateShapes({ data: await loadShapes({ dir: ontologyDir(root) }), shapes: shaclShacl });
    expect(report).toEqual({ conforms: true, violations: [] });
    const bad = new Parser().parse(`@prefix sh: <http://www.w3.org/ns/shacl#> .
      <urn:bad> a sh:NodeShape ; sh:property [ sh:path <urn:p> ; sh:minCount "one" ] .`);
    const badReport = await validateShapes({ data: bad, shapes: shaclShacl });
    expect([badReport.conforms, badReport.violations.map((v) => v.path)]).toEqual([
      false,
      ['http://www.w3.org/ns/shacl#minCount'],
    ]);
  });
});
