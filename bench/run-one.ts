/** Child process of bench/run.ts: runs one benchmark and writes its figures as JSON. */
import { writeFileSync } from 'node:fs';
import { formatFigure, type Figure } from './figures.js';
import { loadBenchmark } from './registry.js';

const [name, scale, figureFile] = process.argv.slice(2) as [string, 'quick' | 'full', string];
const benchmark = await loadBenchmark(name);
const figures: Figure[] = [];
console.log(`\n## ${benchmark.name}: ${benchmark.description} (${scale})`);
await benchmark.run({
  scale,
  record(figure) {
    figures.push(figure);
    console.log(formatFigure(figure));
  },
});
writeFileSync(figureFile, JSON.stringify(figures, null, 2));
