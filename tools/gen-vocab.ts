/**
 * Regenerate src/ontology/generated/vocab.generated.ts from ontology/civgraph.ttl.
 *
 *   npx tsx tools/gen-vocab.ts          write the file
 *   npx tsx tools/gen-vocab.ts --check  exit 1 when the committed file differs (CI)
 */
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeError } from '../src/core/index.js';
// Not via src/ontology/index.js: that re-exports the generated file, which may be missing or stale here.
import { generateVocab } from '../src/ontology/generate-vocab.js';

async function readOrNull(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const rootDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const { path, text } = await generateVocab({ rootDir });
  const shown = relative(rootDir, path);
  const current = await readOrNull(path);
  if (argv.includes('--check')) {
    if (current === text) {
      process.stdout.write(`${shown} is up to date.\n`);
      return 0;
    }
    const why = current === null ? 'is missing' : 'differs from what ontology/civgraph.ttl generates';
    process.stderr.write(`${shown} ${why}. Run \`npm run gen:vocab\` and commit the result. [CG_VOCAB_STALE]\n`);
    return 1;
  }
  if (current === text) {
    process.stdout.write(`${shown} unchanged.\n`);
    return 0;
  }
  await writeFile(path, text, 'utf8');
  process.stdout.write(`Wrote ${shown}.\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`gen-vocab: ${describeError(error)}\n`);
    process.exitCode = 1;
  },
);
