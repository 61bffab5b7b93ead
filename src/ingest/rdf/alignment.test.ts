/**
 * Issue 4 "done when": an RDF/XML ontology (SAREF core 3.1.1) and a Turtle one
 * (SOSA) load and align with the CivGraph ontology: every external term an
 * alignment axiom names is declared by the loaded ontology, and the
 * RDFS/OWL-RL closure types a cg:Camera instance as saref:Sensor, saref:Device
 * and sosa:Sensor and its observations' cg:observedBy as sosa:madeBySensor.
 */
import { readFileSync } from 'node:fs';
import { DataFactory, Store } from 'n3';
import { describe, expect, it } from 'vitest';
import { loadOntology, ontologyDir } from '../../ontology/index.js';
import { repoRoot, sourceFixture } from '../testing/fixture-paths.js';
import { inferClosure } from './infer.js';
import { parseRdf } from './parse-rdf.js';

const { namedNode, quad } = DataFactory;
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const SAREF = 'https://saref.etsi.org/core/';
const SOSA = 'http://www.w3.org/ns/sosa/';
const CG = 'https://w3id.org/civgraph#';

async function load(file: string, syntax: 'rdf-xml' | 'turtle'): Promise<Store> {
  const parsed = await parseRdf({ text: readFileSync(sourceFixture('rdf', file), 'utf8'), file, syntax });
  if (!parsed.ok) throw new Error(parsed.diagnostic.message);
  return new Store([...parsed.quads]);
}

function alignmentTargets(store: Store, namespace: string): string[] {
  const terms = new Set<string>();
  for (const q of store.getQuads(null, null, null, null)) {
    if (q.subject.value.startsWith(CG) && q.object.termType === 'NamedNode' && q.object.value.startsWith(namespace)) terms.add(q.object.value);
  }
  return [...terms].sort();
}

describe('SAREF (RDF/XML) and SOSA (Turtle) align with the CivGraph ontology', () => {
  it('declares every aligned term and infers the external types of cg instances', async () => {
    const saref = await load('saref-core-3.1.1.owl', 'rdf-xml');
    const sosa = await load('sosa.ttl', 'turtle');
    const cg = await loadOntology({ dir: ontologyDir(repoRoot()), alignments: true });
    for (const [store, ns] of [[saref, SAREF], [sosa, SOSA]] as const) {
      const undeclared = alignmentTargets(cg, ns).filter((t) => store.getQuads(namedNode(t), namedNode(RDF_TYPE), null, null).length === 0);
      expect(undeclared).toEqual([]);
    }
    const all = new Store([...cg.getQuads(null, null, null, null), ...saref.getQuads(null, null, null, null), ...sosa.getQuads(null, null, null, null)]);
    const cam = namedNode('https://w3id.org/civgraph/id/cam-1');
    const obs = namedNode('https://w3id.org/civgraph/id/obs-1');
    all.addQuad(quad(cam, namedNode(RDF_TYPE), namedNode(`${CG}Camera`)));
    all.addQuad(quad(obs, namedNode(`${CG}observedBy`), cam));
    const derived = inferClosure(all);
    const types = all.getObjects(cam, namedNode(RDF_TYPE), null).map((t) => t.value);
    expect(types).toEqual(expect.arrayContaining([`${SAREF}Sensor`, `${SAREF}Device`, `${SOSA}Sensor`, `${CG}Device`, `${CG}Asset`]));
    expect(all.has(quad(obs, namedNode(`${SOSA}madeBySensor`), cam))).toBe(true);
    expect(derived.some((d) => d.rule === 'prp-spo1')).toBe(true);
  });
});
