/**
 * Loads the JSON-LD contexts bundled with CivGraph (fixtures/sources/ngsi-ld/contexts/):
 * `index.json` maps each context URL to a file in that folder. Called by the
 * composition root (CLI, tests), never at import time.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EngineError } from '../../../core/index.js';
import type { BundledContexts } from './context-resolver.js';

/** The folder of bundled contexts under a checkout or install root. */
export function bundledContextsDir(rootDir: string): string {
  return join(rootDir, 'fixtures', 'sources', 'ngsi-ld', 'contexts');
}

export async function loadBundledContexts(dir: string): Promise<BundledContexts> {
  try {
    const index = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8')) as Record<string, string>;
    const files = new Map<string, unknown>();
    const out = new Map<string, unknown>();
    for (const [url, file] of Object.entries(index)) {
      if (!files.has(file)) files.set(file, JSON.parse(await readFile(join(dir, file), 'utf8')));
      out.set(url, files.get(file));
    }
    return out;
  } catch (error) {
    throw new EngineError('CG_INGEST_INPUT_UNREADABLE', `cannot read bundled JSON-LD contexts in ${dir}: ${(error as Error).message}`, { details: { dir }, cause: error });
  }
}
