/**
 * Detection of the live loop per scenario and seed (issue 6/9): the loop (runScenarioThroughLoop,
 * as the demo's loop stage and `civgraph serve` run it) with the streaming scorer built three ways:
 *   zone     — zoneOf only (the loop before it read cg:site/cg:element; physics:deviation is 0)
 *   loop     — what openLoopDeciders builds now (projection-supplied lookups)
 *   truth    — deviceLookups(run) (what train-live-scorer / sim-detection-table use)
 * Prints alerts, TPR/FPR of live scoring, incidents, decisions per run and pooled.
 *   npx tsx tools/measure-live-loop-detection.ts [--devices 600] [--hours 24] [--seeds 1,2,3] [--variants zone,loop,truth] [--scenarios a,b]
 */
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPolicyBundle, type DecisionRecord } from '../src/decision/index.js';
import { projectionFromBatches } from '../src/risk/index.js';
import { createIncidentCorrelator, createLiveScorer, loadLiveModel, SIM_LIVE_MODEL_PATH, deviceLookups } from '../src/scoring/index.js';
import { generateCity, indexCity, runScenario, SCENARIO_NAMES, type ScenarioName } from '../src/sim/index.js';
import { openLoopDeciders, projectionDirectory, runScenarioThroughLoop, DEFAULT_CORRELATION_WINDOW_MS } from '../src/pipeline/index.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const arg = (n: string, d: string): string => { const i = argv.indexOf(n); return i === -1 ? d : (argv[i + 1] ?? d); };
const devices = Number(arg('--devices', '600'));
const hours = Number(arg('--hours', '24'));
const seeds = arg('--seeds', '1,2,3').split(',').map(Number);
const variants = arg('--variants', 'zone,loop,truth').split(',');
const scenarios = arg('--scenarios', SCENARIO_NAMES.join(',')).split(',') as ScenarioName[];

async function main(): Promise<void> {
  const model = await loadLiveModel(join(root, SIM_LIVE_MODEL_PATH));
  const bundle = openPolicyBundle({ dir: join(root, 'rules') });
  console.log(`load ${loadavg().map((l) => l.toFixed(2)).join(' ')}, model ${model.version}, ${devices} devices, ${hours} h`);
  const pooled = new Map<string, number[]>();
  const cpu0 = process.cpuUsage();
  for (const seed of seeds) {
    const city = generateCity({ devices, seed });
    const index = indexCity(city);
    for (const name of scenarios) {
      const run = runScenario({ city: index, name, seed, hours });
      const anyLabel = new Set(run.groundTruth.labels.map((l) => l.eventId));
      const labelled = new Set(run.groundTruth.labels.filter((l) => l.label !== 'fault').map((l) => l.eventId));
      const line: string[] = [];
      for (const variant of variants) {
        const projection = projectionFromBatches(city.batches());
        const deciders = await openLoopDeciders({ projection, rulesDir: join(root, 'rules'), modelFile: join(root, SIM_LIVE_MODEL_PATH) });
        const scorer = variant === 'loop' ? deciders.scorer
          : variant === 'zone' ? createLiveScorer({ model, zoneOf: ((dir) => (id: string) => dir(id)?.zone)(projectionDirectory(projection)) })
          : createLiveScorer({ model, ...deviceLookups(run) });
        const s = await runScenarioThroughLoop({ projection, run, scorer, correlator: createIncidentCorrelator({ projection, windowMs: DEFAULT_CORRELATION_WINDOW_MS }), bundle });
        const flagged = new Set(s.alerts.map((a) => a.eventId));
        const tp = [...labelled].filter((e) => flagged.has(e)).length;
        const normal = run.events.length - run.groundTruth.labels.length;
        const fp = [...flagged].filter((e) => !anyLabel.has(e)).length;
        const row = [s.alerts.length, tp, labelled.size, fp, normal, s.incidents.length, s.decisions.length];
        const key = `${variant} ${name}`;
        const acc = pooled.get(key) ?? row.map(() => 0);
        pooled.set(key, acc.map((v, i) => v + (row[i] as number)));
        line.push(`${variant}: alerts ${row[0]} TP ${tp}/${labelled.size} FP ${fp}/${normal} inc ${row[5]} dec ${row[6]} [${digest(s.decisions)}]`);
      }
      console.log(`seed ${seed} ${name.padEnd(20)} ${line.join(' | ')}`);
    }
  }
  const cpu = process.cpuUsage(cpu0);
  console.log(`\npooled over seeds ${seeds.join(',')} (CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s):`);
  console.log('| scenario | variant | alerts | TPR | FPR | incidents | decisions |');
  console.log('|---|---|---|---|---|---|---|');
  for (const name of scenarios) for (const variant of variants) {
    const r = pooled.get(`${variant} ${name}`) ?? [];
    const [alerts, tp, pos, fp, neg, inc, dec] = r as [number, number, number, number, number, number, number];
    console.log(`| ${name} | ${variant} | ${alerts} | ${pos === 0 ? '—' : (tp / pos).toFixed(3) + ` (${tp}/${pos})`} | ${(fp / neg).toFixed(5)} (${fp}/${neg}) | ${inc} | ${dec} |`);
  }
}

function digest(decisions: readonly DecisionRecord[]): string {
  return decisions.map((d) => d.chosen.map((a) => `${a.action}@${a.target}`).join('+') || '-').join(',').slice(0, 80);
}

main().catch((e: unknown) => { console.error(e); process.exit(1); });
