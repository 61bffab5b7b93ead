/**
 * `npm run bench [-- --full] [name ...]`: runs each benchmark in its own Node
 * process (so peak RSS is per benchmark), prints every figure as a `BENCH` line
 * and writes all figures to bench/out/results.json. Quick scale by default;
 * `--full` runs the sizes BENCHMARKS.md records. Benchmarks never gate tests.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { BENCHMARK_NAMES } from './registry.js';
import type { Figure } from './figures.js';

const args = process.argv.slice(2);
const scale = args.includes('--full') ? 'full' : 'quick';
const wanted = args.filter((arg) => !arg.startsWith('--'));
const unknown = wanted.filter((name) => !BENCHMARK_NAMES.includes(name));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${BENCHMARK_NAMES.join(', ')}`);
  process.exit(2);
}
const names = wanted.length > 0 ? wanted : BENCHMARK_NAMES;
const outDir = join(import.meta.dirname, 'out');
mkdirSync(outDir, { recursive: true });

const figures: Figure[] = [];
let failed = 0;
for (const name of names) {
  const figureFile = join(outDir, `${name}.json`);
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--expose-gc', '--max-old-space-size=12288', join(import.meta.dirname, 'run-one.ts'), name, scale, figureFile],
    { stdio: 'inherit' },
  );
  if (child.status !== 0) {
    failed++;
    console.error(`benchmark ${name} failed (exit ${child.status ?? child.signal})`);
    continue;
  }
  if (existsSync(figureFile)) figures.push(...(JSON.parse(readFileSync(figureFile, 'utf8')) as Figure[]));
}
writeFileSync(join(outDir, 'results.json'), `${JSON.stringify({ scale, at: new Date().toISOString(), figures }, null, 2)}\n`);
console.log(`\n${figures.length} figures from ${names.length - failed} benchmark(s) (${scale} scale) → bench/out/results.json`);
process.exit(failed > 0 ? 1 : 0);
