import { fileURLToPath } from 'node:url';

/** The checkout root, for tests (two levels above src/ontology/). Computed on call, not import. */
export function testRootDir(): string {
  return fileURLToPath(new URL('../../', import.meta.url));
}
