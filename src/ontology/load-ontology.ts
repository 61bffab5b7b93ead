import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DataFactory, Store, type Quad } from 'n3';
import { EngineError } from '../core/index.js';
import { parseTurtle } from './parse-turtle.js';
import { term } from './rdf-helpers.js';

/** Read and parse one Turtle file; unreadable files and syntax errors become EngineErrors. */
export async function readTurtleFile(file: string): Promise<Quad[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new EngineError('CG_FILE_UNREADABLE', `Cannot read ${file}`, { details: { file }, cause: error });
  }
  return parseTurtle({ text, file });
}

/** The `.ttl` files of a folder, sorted by name so loading is deterministic. */
async function turtleFilesIn(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    throw new EngineError('CG_FILE_UNREADABLE', `Cannot list ${dir}`, { details: { file: dir }, cause: error });
  }
  return names
    .filter((n) => n.endsWith('.ttl'))
    .sort()
    .map((n) => join(dir, n));
}

export interface LoadOntologyOptions {
  /** The ontology folder (see ontologyDir), holding civgraph.ttl, shapes/ and alignments/. */
  readonly dir: string;
  /** Also load every alignments/*.ttl (SOSA/SSN, SAREF). Default false. */
  readonly alignments?: boolean;
}

/**
 * Load ontology/civgraph.ttl (and, when asked, the alignments) into an n3 Store. A Turtle
 * syntax error is an EngineError CG_ONTOLOGY_INVALID naming the file and line.
 */
export async function loadOntology(options: LoadOntologyOptions): Promise<Store> {
  const files = [join(options.dir, 'civgraph.ttl')];
  if (options.alignments === true) files.push(...(await turtleFilesIn(join(options.dir, 'alignments'))));
  const store = new Store();
  for (const file of files) store.addQuads(await readTurtleFile(file));
  return store;
}

/**
 * Load the SHACL shapes (ontology/shapes/*.ttl) into an n3 Store, together with the class
 * hierarchy (rdfs:subClassOf triples) of civgraph.ttl: shacl-engine resolves sh:targetClass and
 * sh:class through rdfs:subClassOf in the shapes graph, so without them a shape targeting
 * cg:Device would miss a cg:Camera.
 */
export async function loadShapes(options: { readonly dir: string }): Promise<Store> {
  const store = new Store();
  for (const file of await turtleFilesIn(join(options.dir, 'shapes'))) store.addQuads(await readTurtleFile(file));
  const ontology = new Store(await readTurtleFile(join(options.dir, 'civgraph.ttl')));
  const subClassOf = term('rdfs', 'subClassOf');
  for (const quad of ontology.getQuads(null, subClassOf, null, null)) {
    store.addQuad(DataFactory.quad(quad.subject, quad.predicate, quad.object));
  }
  return store;
}
