/**
 * How far normal and attack rows of each TON_IoT device can be told apart from
 * the allowed columns (ts/date/time excluded) at all, on the whole train file:
 * per column the KS statistic between normal and attack rows, and per number
 * q of quantile cells per column the best macro-F1 at FPR ≤ 2 % of a rule
 * constant on each cell — fitted on all rows (in-sample, optimistic) and out
 * of fold (5 folds). See `evaluation/ton-iot-separability.ts`.
 *
 *   npx tsx tools/ton-iot-separability.ts [--data ../shared/data/ton-iot-telemetry] [--device NAME] [--json]
 */
import { resolve } from 'node:path';
import { deviceSeparability } from '../src/scoring/evaluation/ton-iot-separability.js';
import { listTonIotDevices, readTonIotFile } from '../src/scoring/evaluation/ton-iot-data.js';
import { runTool } from './run-tool.js';

const f3 = (v: number): string => v.toFixed(3);
const pct = (v: number): string => `${(100 * v).toFixed(1)} %`;

async function main(argv: readonly string[]): Promise<number> {
  const arg = (name: string): string | undefined => {
    const at = argv.indexOf(name);
    return at === -1 ? undefined : argv[at + 1];
  };
  const dir = resolve(arg('--data') ?? '../shared/data/ton-iot-telemetry');
  const only = arg('--device');
  const devices = listTonIotDevices(dir).filter((d) => only === undefined || d.device === only);
  if (devices.length === 0) throw new Error(`no TON_IoT device ${only ?? ''} in ${dir}`);
  const results = devices.map(({ device, train }) => {
    const file = readTonIotFile(train, { labelled: true });
    return { device, rows: file.matrix.rows, ...deviceSeparability(file.matrix, file.labels as Int8Array) };
  });
  if (argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    return 0;
  }
  const lines = ['TON_IoT separability on each whole train file (goal: macro-F1 ≥ 0.95 with FPR ≤ 2 %)'];
  for (const r of results) {
    lines.push(`${r.device} (${r.rows} rows)  KS normal vs attack: ${Object.entries(r.ks).map(([k, v]) => `${k} ${f3(v)}`).join(', ')}`);
    for (const c of r.cells) {
      const inSample = c.inSample ? `${f3(c.inSample.macroF1)} / ${pct(c.inSample.fpr)}` : '— (too many cells)';
      lines.push(`  q ${String(c.q).padStart(4)}  ${String(c.distinctCells).padStart(6)} cells  in-sample ${inSample.padEnd(18)} out of fold ${f3(c.outOfFold.macroF1)} / ${pct(c.outOfFold.fpr)}`);
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

runTool(main);
