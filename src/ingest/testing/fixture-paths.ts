/**
 * Paths of the committed fixtures, for tests and benchmarks (resolved from
 * this module, so tests run from any working directory).
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (three levels above src/ingest/testing/). */
export function repoRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
}

export function sourceFixture(format: string, name: string): string {
  return join(repoRoot(), 'fixtures', 'sources', format, name);
}

export function mappingFixture(name: string): string {
  return join(repoRoot(), 'fixtures', 'mappings', name);
}
