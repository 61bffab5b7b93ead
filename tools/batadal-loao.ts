/**
 * Leave-one-attack-out over the seven attacks of BATADAL training set 2
 * (`batadalLeaveOneAttackOut`): once with the alarm policy `evaluate` tunes
 * (on the hours of attacks 2–3, so those two folds are optimistic), once with
 * a fixed policy (score ≥ 0.5, every hour alone) that judges the scores alone.
 *
 *   npx tsx tools/batadal-loao.ts [--data ../shared/data/batadal] [--json]
 */
import { resolve } from 'node:path';
import { evaluateBatadal, readBatadalFolder } from '../src/scoring/index.js';
import { batadalLeaveOneAttackOut, type BatadalLoao } from '../src/scoring/evaluation/batadal-loao.js';
import { runTool } from './run-tool.js';

const f3 = (v: number): string => v.toFixed(3);

function table(title: string, r: BatadalLoao): string[] {
  return [
    `${title}: S ${f3(r.S)}, S_TTD ${f3(r.sTtd)}, S_CM ${f3(r.sCm)} (TPR ${f3(r.tpr)}, TNR ${f3(r.tnr)})`,
    '  attack  block                                  hours  TTD      false-alarm hours',
    ...r.folds.map(
      (f) =>
        `  ${String(f.attack).padStart(6)}  ${f.hours.padEnd(38)} ${String(f.detection.duration).padStart(5)}  ${(f.detection.detected ? `${f.detection.timeToDetection} h` : 'missed').padEnd(8)} ${f.fp}`,
    ),
  ];
}

async function main(argv: readonly string[]): Promise<number> {
  const at = argv.indexOf('--data');
  const dir = resolve(at === -1 ? '../shared/data/batadal' : (argv[at + 1] ?? ''));
  const data = readBatadalFolder(dir);
  const started = performance.now();
  const { policy } = evaluateBatadal(data);
  const tuned = batadalLeaveOneAttackOut(data, policy);
  const fixed = batadalLeaveOneAttackOut(data, { threshold: 0.5, hold: 1 });
  const seconds = (performance.now() - started) / 1000;
  if (argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify({ tuned, fixed, seconds }, null, 2)}\n`);
    return 0;
  }
  const lines = [
    `BATADAL leave-one-attack-out (training set 2, 7 attacks; ${seconds.toFixed(1)} s)`,
    ...table(`tuned policy ${JSON.stringify(policy)}`, tuned),
    '',
    ...table('fixed policy {"threshold":0.5,"hold":1}', fixed),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

runTool(main);
