/**
 * Trains the shipped live simulated-city model and writes it to
 * fixtures/models/sim-live/sim-live-scorer.json (issue 6 items 1–2).
 *
 *   npx tsx tools/train-live-scorer.ts           write the model file
 *   npx tsx tools/train-live-scorer.ts --check   exit 1 when a retrain differs from the committed file
 *
 * Deterministic: the same code trains the byte-identical file.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serializeLiveModel, trainLiveScorer } from '../src/scoring/index.js';
import { runTool } from './run-tool.js';

async function main(argv: readonly string[]): Promise<number> {
  const rootDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const path = resolve(rootDir, 'fixtures/models/sim-live/sim-live-scorer.json');
  const started = process.cpuUsage();
  const wall = performance.now();
  const model = trainLiveScorer();
  const text = serializeLiveModel(model);
  const cpu = process.cpuUsage(started);
  const took = `${((performance.now() - wall) / 1000).toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU`;
  if (argv.includes('--check')) {
    const current = await readFile(path, 'utf8').catch(() => '');
    process.stdout.write(current === text ? `${relative(rootDir, path)} is up to date (${model.version}).\n` : `${relative(rootDir, path)} differs from a retrain.\n`);
    return current === text ? 0 : 1;
  }
  await writeFile(path, text);
  process.stdout.write(`wrote ${relative(rootDir, path)}: version ${model.version}, threshold ${model.probabilityThreshold.toFixed(4)} (${took})\n`);
  return 0;
}

runTool(main);
