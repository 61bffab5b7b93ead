/**
 * Prints the live scorer's and the incident correlator's cost per event/alert
 * on a simulator run, and the seed-study table with its time.
 *
 *   npx tsx tools/measure-live-scoring.ts [--devices 600] [--seeds 1,2,3]
 */
import { loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadLiveModel, measureLiveScoring, renderSimDetectionTable, simDetectionTable, SIM_LIVE_MODEL_PATH } from '../src/scoring/index.js';
import { runTool } from './run-tool.js';

function arg(argv: readonly string[], name: string, fallback: string): string {
  const at = argv.indexOf(name);
  return at === -1 ? fallback : (argv[at + 1] ?? fallback);
}

async function main(argv: readonly string[]): Promise<number> {
  const rootDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const model = await loadLiveModel(resolve(rootDir, SIM_LIVE_MODEL_PATH));
  const devices = Number(arg(argv, '--devices', '600'));
  const seeds = arg(argv, '--seeds', '1,2,3').split(',').map(Number);
  const out = (line: string): boolean => process.stdout.write(`${line}\n`);
  out(`node ${process.versions.node}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}, model ${model.version}`);
  const f = measureLiveScoring({ model, devices, seed: seeds[0] ?? 1 });
  out(`coordinated run, ${devices} devices, 24 h: ${f.events} events, ${f.alerts} alerts`);
  out(`  live scorer: ${f.scoreMicrosCpu.toFixed(2)} µs CPU, ${f.scoreMicrosWall.toFixed(2)} µs wall per event (TreeSHAP and words on flagged events included)`);
  out(`  correlator:  ${f.correlateMicrosCpu.toFixed(1)} µs CPU, ${f.correlateMicrosWall.toFixed(1)} µs wall per alert (60-min window)`);
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const rows = simDetectionTable({ model, devices, seeds });
  const cpu = process.cpuUsage(cpu0);
  out(`\nseed-study table (${devices} devices, 24 h, seeds ${seeds.join(',')}): ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU, ${((performance.now() - wall0) / 1000).toFixed(1)} s wall`);
  out(renderSimDetectionTable(rows));
  return 0;
}

runTool(main);
