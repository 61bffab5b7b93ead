import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataFactory, Store } from 'n3';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineError } from '../core/index.js';
import { loadOntology, ontologyDir, parseTurtle } from './index.js';
import { readVocabModel } from './read-vocab-model.js';
import { testRootDir } from './test-paths.js';

const { namedNode } = DataFactory;
const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';

let tempDirs: string[] = [];
afterEach(async () => {
  await Promise.all(tempDirs.map((d) => rm(d, { recursive: true, force: true })));
  tempDirs = [];
});

async function ontologyFolder(civgraph: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cg-ontology-'));
  tempDirs.push(dir);
  await mkdir(join(dir, 'alignments'));
  await writeFile(join(dir, 'civgraph.ttl'), civgraph);
  return dir;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function caught(run: () => unknown): EngineError {
  try {
    run();
  } catch (error) {
    if (error instanceof EngineError) return error;
    throw error;
  }
  throw new Error('expected an EngineError');
}

describe('loadOntology', () => {
  it('parses civgraph.ttl, and adds the alignments only when asked', async () => {
    const dir = ontologyDir(testRootDir());
    const plain = await loadOntology({ dir });
    const aligned = await loadOntology({ dir, alignments: true });
    const subClassOf = namedNode(`${RDFS}subClassOf`);
    const camera = namedNode('https://w3id.org/civgraph#Sensor');
    expect(plain.getObjects(camera, subClassOf, null).map((t) => t.value)).toEqual(['https://w3id.org/civgraph#Device']);
    expect(aligned.getObjects(camera, subClassOf, null).map((t) => t.value).sort()).toEqual([
      'http://www.w3.org/ns/sosa/Sensor',
      'https://saref.etsi.org/core/Sensor',
      'https://w3id.org/civgraph#Device',
    ]);
    expect(readVocabModel(plain).version).toBe('1.0.0');
  });

  it('reports a Turtle syntax error as CG_ONTOLOGY_INVALID naming file and line', async () => {
    const dir = await ontologyFolder('@prefix cg: <https://w3id.org/civgraph#> .\n\ncg:A a cg:B ;\n  cg:c "x" "y" .\n');
    const file = join(dir, 'civgraph.ttl');
    await expect(loadOntology({ dir })).rejects.toMatchObject({
      code: 'CG_ONTOLOGY_INVALID',
      details: { file, line: 4 },
      message: expect.stringMatching(new RegExp(`^${escapeRegExp(file)}:4: Turtle syntax error`)),
    });
  });

  it('reports a missing file as CG_FILE_UNREADABLE', async () => {
    const dir = join(tmpdir(), 'cg-ontology-does-not-exist');
    await expect(loadOntology({ dir })).rejects.toMatchObject({
      code: 'CG_FILE_UNREADABLE',
      details: { file: join(dir, 'civgraph.ttl') },
    });
  });
});

describe('readVocabModel', () => {
  it('lists every broken rule of an ontology at once', () => {
    const ttl = `@prefix cg: <https://w3id.org/civgraph#> .
      @prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix rdfs: <${RDFS}> .
      @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
      <https://w3id.org/civgraph> a owl:Ontology ; owl:versionInfo "9" .
      cg:Domain a owl:Class ; owl:oneOf ( cg:Energy ) .
      cg:Impact a owl:Class ; owl:oneOf ( cg:LossOfAvailability ) .
      cg:LossOfAvailability skos:notation "availability" .
      cg:Asset a owl:Class ; rdfs:label "Asset" ; rdfs:comment "An asset." .
      cg:Pump a owl:Class ; rdfs:subClassOf cg:Asset, cg:Machine ; rdfs:label "Pump" .
      cg:feeds a owl:ObjectProperty ; rdfs:label "feeds" ; rdfs:comment "x" ;
        rdfs:domain cg:Asset ; rdfs:range cg:Asset ; owl:inverseOf cg:fedBy ;
        cg:carriesImpact cg:LossOfAvailability ; cg:defaultTransmission 0.0 ; cg:defaultDelayHours 0.0 ;
        cg:propagationDirection "none" ; cg:combination "noisyOr" ; cg:edgeSet "plumbing" .
      cg:fedBy a owl:ObjectProperty ; rdfs:label "fed by" ; rdfs:comment "x" ;
        rdfs:domain cg:Asset ; rdfs:range cg:Asset ;
        cg:defaultTransmission 0.0 ; cg:defaultDelayHours 0.0 ;
        cg:propagationDirection "none" ; cg:combination "noisyOr" ; cg:edgeSet "structure" .`;
    const error = caught(() => readVocabModel(new Store(parseTurtle({ text: ttl, file: 'inline.ttl' }))));
    expect(error.code).toBe('CG_ONTOLOGY_INVALID');
    expect(error.details.problems).toEqual([
      'https://w3id.org/civgraph#Pump has unknown superclass cg:Machine',
      'https://w3id.org/civgraph#Pump needs exactly one http://www.w3.org/2000/01/rdf-schema#comment literal, found 0',
      'https://w3id.org/civgraph#feeds uses edge set "plumbing", not one of power, network, control, supply, ' +
        'visibility, dependency, propagation, structure, knowledge, happening, provenance',
      'https://w3id.org/civgraph#feeds has direction "none" so it must carry no impact and have transmission 0',
      'https://w3id.org/civgraph#feeds must be in the "propagation" set exactly when it carries an impact',
      'https://w3id.org/civgraph#feeds owl:inverseOf must be declared on both sides',
    ]);
  });
});
