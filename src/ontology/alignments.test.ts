import { join } from 'node:path';
import { DataFactory, Store, type Term } from 'n3';
import { describe, expect, it } from 'vitest';
import { alignmentsDir, loadOntology, ontologyDir, readTurtleFile } from './index.js';
import { testRootDir } from './test-paths.js';

const { namedNode } = DataFactory;
const RDF_TYPE = namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#type');
const CG = 'https://w3id.org/civgraph#';
const LINKS = ['subClassOf', 'subPropertyOf'].map((p) => `http://www.w3.org/2000/01/rdf-schema#${p}`);
const EQUIVALENT = ['equivalentClass', 'equivalentProperty'].map((p) => `http://www.w3.org/2002/07/owl#${p}`);

/** [cg term, link predicate, external term] for every alignment triple of a file. */
async function alignmentLinks(file: string): Promise<Array<[string, string, string]>> {
  const store = new Store(await readTurtleFile(join(alignmentsDir(testRootDir()), file)));
  return store
    .getQuads(null, null, null, null)
    .filter((q) => [...LINKS, ...EQUIVALENT].includes(q.predicate.value))
    .map((q): [string, string, string] => [q.subject.value, q.predicate.value.replace(/^.*#/, ''), q.object.value])
    .sort((a, b) => a.join(' ').localeCompare(b.join(' ')));
}

async function definedIn(fixture: string): Promise<Set<string>> {
  const store = new Store(await readTurtleFile(join(testRootDir(), 'fixtures', 'ontologies', fixture)));
  return new Set(store.getSubjects(RDF_TYPE, null, null).map((t: Term) => t.value));
}

describe('alignments', () => {
  it('SOSA/SSN alignment links exactly the agreed terms, all defined in real SOSA', async () => {
    const links = await alignmentLinks('sosa-ssn.ttl');
    const sosa = 'http://www.w3.org/ns/sosa/';
    expect(links).toEqual([
      [`${CG}Actuator`, 'subClassOf', `${sosa}Actuator`],
      [`${CG}Observation`, 'subClassOf', `${sosa}Observation`],
      [`${CG}observedAt`, 'subPropertyOf', `${sosa}resultTime`],
      [`${CG}observedBy`, 'subPropertyOf', `${sosa}madeBySensor`],
      [`${CG}Sensor`, 'subClassOf', `${sosa}Sensor`],
      [`${CG}value`, 'subPropertyOf', `${sosa}hasSimpleResult`],
    ]);
    const defined = await definedIn('sosa.ttl');
    expect(links.map(([, , target]) => target).filter((t) => !defined.has(t))).toEqual([]);
  });

  it('SAREF alignment links exactly the agreed terms, all defined in real SAREF core 3.1.1', async () => {
    const links = await alignmentLinks('saref.ttl');
    const saref = 'https://saref.etsi.org/core/';
    expect(links).toEqual([
      [`${CG}Actuator`, 'subClassOf', `${saref}Actuator`],
      [`${CG}Device`, 'subClassOf', `${saref}Device`],
      [`${CG}Observation`, 'subClassOf', `${saref}Measurement`],
      [`${CG}observedAt`, 'subPropertyOf', `${saref}hasTimestamp`],
      [`${CG}observedBy`, 'subPropertyOf', `${saref}measurementMadeBy`],
      [`${CG}Sensor`, 'subClassOf', `${saref}Sensor`],
      [`${CG}SmartMeter`, 'subClassOf', `${saref}Meter`],
      [`${CG}SmokeDetector`, 'subClassOf', `${saref}SmokeSensor`],
      [`${CG}TemperatureSensor`, 'subClassOf', `${saref}TemperatureSensor`],
      [`${CG}value`, 'subPropertyOf', `${saref}hasValue`],
    ]);
    const defined = await definedIn('saref-core-3.1.1.ttl');
    expect(links.map(([, , target]) => target).filter((t) => !defined.has(t))).toEqual([]);
  });

  it('aligns only terms the CivGraph ontology defines', async () => {
    const ontology = await loadOntology({ dir: ontologyDir(testRootDir()) });
    const defined = new Set(ontology.getSubjects(RDF_TYPE, null, null).map((t: Term) => t.value));
    const sources = [...(await alignmentLinks('sosa-ssn.ttl')), ...(await alignmentLinks('saref.ttl'))].map(([s]) => s);
    expect(sources.filter((s) => !defined.has(s))).toEqual([]);
  });
});
