import { readFile } from 'node:fs/promises';
import { Store } from 'n3';
import { EngineError } from '../core/index.js';
import { generatedVocabFile, ontologyFile } from './ontology-paths.js';
import { parseTurtle } from './parse-turtle.js';
import { readVocabModel } from './read-vocab-model.js';
import { renderVocab } from './render-vocab.js';

export interface GeneratedVocab {
  /** Where the module belongs (src/ontology/generated/vocab.generated.ts under rootDir). */
  readonly path: string;
  /** The module text. */
  readonly text: string;
}

/**
 * Generate the vocabulary module from ontology/civgraph.ttl under `rootDir` (BloodHound-style
 * "schema declared once, code generated from it"). Reads the ontology; writes nothing.
 */
export async function generateVocab(options: { readonly rootDir: string }): Promise<GeneratedVocab> {
  const file = ontologyFile(options.rootDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const details = { file };
    throw new EngineError('CG_FILE_UNREADABLE', `Cannot read the ontology ${file}`, { details, cause: error });
  }
  const store = new Store(parseTurtle({ text, file }));
  return { path: generatedVocabFile(options.rootDir), text: renderVocab(readVocabModel(store)) };
}
