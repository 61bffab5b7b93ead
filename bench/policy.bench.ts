/**
 * Policy benchmark (issue 7 §3): one event against 1,000 active rules —
 * p50/p99 of the compiled, indexed engine (target p99 ≤ 100 µs) next to
 * stock json-rules-engine 7 with the same rules and operators. Rules and
 * facts are the seeded corpus of the differential test (graph-aware and
 * temporal operators included) on a simulated city. Prints figures; never
 * asserts on time.
 * Run: `npx tsx bench/policy.bench.ts [rules] [--no-mitigation] [--seeds N]` (or through
 * bench/run.ts as `policy`); `--seeds N` evaluates mitigation over seeds 1..N × every
 * scenario (default 5), `--mitigation-only` skips the rule timing, `--no-manual-behind-gateway`
 * withholds the interim hand operation of controllers behind a flagged gateway
 * (DecideOptions.manualBehindGateway, on by default) to compare with the earlier selection.
 */
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { createRandom } from '../src/core/index.js';
import { join } from 'node:path';
import { evaluateMitigation } from '../src/decision/index.js';
import { createPolicyEngine, createStockEngine, loadPolicies } from '../src/policy/index.js';
import { loadActions } from '../src/response/index.js';
import { randomFacts, randomRules, sampleDevices } from '../src/policy/differential-corpus.test-support.js';
import { projectionFromBatches } from '../src/risk/index.js';
import { generateCity } from '../src/sim/index.js';
import { formatFigure, percentile, type BenchContext, type Benchmark, type Figure } from './figures.js';

const EVENTS = { quick: 5_000, full: 50_000 } as const;
const STOCK_RUNS = { quick: 100, full: 500 } as const;

const SEEDS = { quick: 2, full: 5 } as const;

/** Availability of critical services during mitigation: ours vs static, means over attack runs. */
export function runMitigationBench(scale: 'quick' | 'full', record: (figure: Figure) => void, seeds: number = SEEDS[scale], manualBehindGateway = true): void {
  const dir = join(import.meta.dirname, '..', 'rules');
  const catalogue = loadActions({ dir });
  const bundle = loadPolicies({ dir, actions: new Set(catalogue.actions.keys()) });
  const { mean, rows } = evaluateMitigation({ rules: bundle.rules.map((r) => r.rule), actions: catalogue.actions, seeds, policyBundle: bundle.version, manualBehindGateway });
  const label = `${rows.filter((r) => r.flagged > 0).length} attack runs (${seeds} seeds × scenarios, 2,500 devices${manualBehindGateway ? '' : ', no interim hand operation behind a flagged gateway'})`;
  const pct = (metric: string, value: number): void => record({ bench: 'policy', case: label, metric, value: Math.round(value * 10000) / 100, unit: '%' });
  pct('critical-service availability, ours (automatic actions)', mean.availability);
  pct('critical-service availability, ours if approvals granted', mean.availabilityIfApproved);
  pct('critical-service availability, static baseline', mean.staticAvailability);
  pct('critical-service availability, no action', mean.baselineAvailability);
  pct('risk reduction, ours (automatic actions)', mean.riskReduction);
  pct('risk reduction, ours if approvals granted', mean.riskReductionIfApproved);
  pct('risk reduction, static baseline', mean.staticRiskReduction);
}

export async function runPolicyBench(ruleCount: number, scale: 'quick' | 'full', record: (figure: Figure) => void): Promise<void> {
  const projection = projectionFromBatches(generateCity({ devices: 5000, seed: 1 }).batches());
  await runCase(projection, randomRules(42, ruleCount, projection, true), `${ruleCount} rules scoped by event kind`, scale, record);
  await runCase(projection, randomRules(42, ruleCount, projection, false), `${ruleCount} unscoped random rules`, scale, record);
}

async function runCase(projection: ReturnType<typeof projectionFromBatches>, rules: ReturnType<typeof randomRules>, name: string, scale: 'quick' | 'full', record: (figure: Figure) => void): Promise<void> {
  const ruleCount = rules.length;
  const context = { projection };
  const ours = createPolicyEngine({ rules, context });
  const stock = createStockEngine({ rules, context });
  const devices = sampleDevices(projection, 200);
  const r = createRandom(7);
  const facts = Array.from({ length: 2_000 }, () => randomFacts(r, devices));
  const fig = (caseName: string, metric: string, value: number, unit: string): void =>
    record({ bench: 'policy', case: caseName, metric, value: Math.round(value * 100) / 100, unit });
  for (let i = 0; i < 2_000; i++) ours.evaluate(facts[i % facts.length] as (typeof facts)[number]);
  const n = EVENTS[scale];
  const wall = new Float64Array(n);
  let fired = 0;
  let candidates = 0;
  for (let i = 0; i < n; i++) {
    const f = facts[i % facts.length] as (typeof facts)[number];
    const t0 = performance.now();
    fired += ours.evaluate(f).length;
    wall[i] = (performance.now() - t0) * 1000;
    candidates += ours.candidates(f);
  }
  // CPU time per event (process.cpuUsage, µs): under shared load the wall
  // clock's tail is other processes' time slices, not this engine's work.
  const cpu = new Float64Array(n);
  const cpuStart = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const f = facts[i % facts.length] as (typeof facts)[number];
    const c0 = process.cpuUsage();
    ours.evaluate(f);
    const c = process.cpuUsage(c0);
    cpu[i] = c.user + c.system;
  }
  const cpuTotal = process.cpuUsage(cpuStart);
  // Best of 5 runs per distinct event: the engine's own cost per event with
  // other processes' time slices filtered out (labelled as such, beside wall and CPU).
  const best = new Float64Array(facts.length).fill(Number.POSITIVE_INFINITY);
  for (let repeat = 0; repeat < 5; repeat++) {
    for (let i = 0; i < facts.length; i++) {
      const t0 = performance.now();
      ours.evaluate(facts[i] as (typeof facts)[number]);
      best[i] = Math.min(best[i] as number, (performance.now() - t0) * 1000);
    }
  }
  const times = Array.from(wall);
  const cpuTimes = Array.from(cpu);
  const label = `${name}, compiled + indexed`;
  fig(label, 'p50 per event', percentile(times, 50), 'µs');
  fig(label, 'p99 per event', percentile(times, 99), 'µs');
  fig(label, 'p50 per event (CPU time)', percentile(cpuTimes, 50), 'µs');
  fig(label, 'p99 per event (CPU time)', percentile(cpuTimes, 99), 'µs');
  fig(label, 'mean per event (CPU time, incl. cpuUsage calls)', (cpuTotal.user + cpuTotal.system) / n, 'µs');
  fig(label, `p50 per event (best of 5 runs of each of ${facts.length} events)`, percentile(Array.from(best), 50), 'µs');
  fig(label, `p99 per event (best of 5 runs of each of ${facts.length} events)`, percentile(Array.from(best), 99), 'µs');
  fig(label, 'rules evaluated per event (after index)', candidates / n, 'rules');
  fig(label, 'rules fired per event', fired / n, 'rules');
  const stockTimes: number[] = [];
  for (let i = 0; i < STOCK_RUNS[scale]; i++) {
    const f = facts[i % facts.length] as (typeof facts)[number];
    const t0 = process.hrtime.bigint();
    await stock.run(f);
    stockTimes.push(Number(process.hrtime.bigint() - t0) / 1000);
  }
  const stockLabel = `${name}, stock json-rules-engine 7`;
  fig(stockLabel, 'p50 per event', percentile(stockTimes, 50), 'µs');
  fig(stockLabel, 'p99 per event', percentile(stockTimes, 99), 'µs');
  fig(stockLabel, 'per rule per event (p50)', percentile(stockTimes, 50) / ruleCount, 'µs');
}

export const policyBenchmark: Benchmark = {
  name: 'policy',
  description: 'one event against 1,000 active rules: compiled and indexed engine vs stock json-rules-engine',
  async run(context: BenchContext) {
    await runPolicyBench(1_000, context.scale, context.record);
    runMitigationBench(context.scale, context.record);
  },
};

/** Command-line options: `[rules] [--no-mitigation] [--mitigation-only] [--seeds N] [--no-manual-behind-gateway]`. */
function parseArgs(argv: readonly string[]): { rules: number; mitigation: boolean; timing: boolean; seeds: number; manualBehindGateway: boolean } {
  const at = argv.indexOf('--seeds');
  const seeds = at === -1 ? SEEDS.full : Number(argv[at + 1]);
  if (!Number.isInteger(seeds) || seeds < 1) throw new Error(`--seeds needs a positive integer, got ${String(argv[at + 1])}`);
  const positional = argv.filter((a, i) => !a.startsWith('--') && (at === -1 || i !== at + 1));
  return { rules: Number(positional[0] ?? 1_000), mitigation: !argv.includes('--no-mitigation'), timing: !argv.includes('--mitigation-only'), seeds, manualBehindGateway: !argv.includes('--no-manual-behind-gateway') };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = parseArgs(process.argv.slice(2));
  process.stdout.write(`policy bench (node ${process.versions.node}, load average ${loadavg()[0]?.toFixed(2)})\n`);
  const print = (figure: Figure): void => void process.stdout.write(`${formatFigure(figure)}\n`);
  if (args.timing) await runPolicyBench(args.rules, 'full', print);
  if (args.mitigation) {
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    runMitigationBench('full', print, args.seeds, args.manualBehindGateway);
    const used = process.cpuUsage(cpu);
    process.stdout.write(`mitigation evaluation: ${((performance.now() - t0) / 1000).toFixed(1)} s wall, ${((used.user + used.system) / 1e6).toFixed(1)} s CPU, load average ${loadavg()[0]?.toFixed(2)}\n`);
  }
}
