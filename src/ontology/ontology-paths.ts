import { join } from 'node:path';

/**
 * Where the ontology files live under a checkout or install root. Pure path arithmetic: callers
 * (the CLI, tests, tools/gen-vocab.ts) pass the root so nothing resolves paths at import time.
 */
export function ontologyDir(rootDir: string): string {
  return join(rootDir, 'ontology');
}

/** The main ontology file, `ontology/civgraph.ttl` (namespace https://w3id.org/civgraph#). */
export function ontologyFile(rootDir: string): string {
  return join(ontologyDir(rootDir), 'civgraph.ttl');
}

/** The SHACL shapes folder, `ontology/shapes/`. */
export function shapesDir(rootDir: string): string {
  return join(ontologyDir(rootDir), 'shapes');
}

/** The alignments folder, `ontology/alignments/` (SOSA/SSN, SAREF). */
export function alignmentsDir(rootDir: string): string {
  return join(ontologyDir(rootDir), 'alignments');
}

/** The generated vocabulary module, `src/ontology/generated/vocab.generated.ts`. */
export function generatedVocabFile(rootDir: string): string {
  return join(rootDir, 'src', 'ontology', 'generated', 'vocab.generated.ts');
}
