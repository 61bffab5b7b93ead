/**
 * Deterministic decision-latency driver (issue 9 §6, "decision latency p50/p99
 * from receipt"): runs every simulator scenario × seed through the live loop
 * in process (no broker, no store), wired as `civgraph serve` wires it today
 * — the shipped streaming scorer over the device's zone only, the graph
 * correlator, the starter bundle, a hash-chained decision log — and prints
 * the distribution of CPU and wall time per decision-producing event, per
 * stage (propagate / policy+select / log append / publish), and the slowest
 * decisions. With `--out DIR` it writes each run's decision log (JSONL) to
 * DIR/<scenario>-<seed>.jsonl, the differential check's reference: logs
 * must stay byte-identical across optimisations.
 *
 *   npx tsx tools/measure-decisions.ts [--devices 600] [--hours 12] [--seeds 1,2,3]
 *       [--scenarios coordinated,...] [--passes 2] [--out DIR] [--top 10]
 *
 * Every pass builds fresh loops (fresh caches); the first pass is the warm-up
 * (V8 compilation) and is not reported unless it is the only one. CPU time is the
 * process's (all threads); with three passes or more, each decision's least time over the measured passes is reported too,
 * the figure to compare before/after when other processes load the machine.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PerformanceObserver } from 'node:perf_hooks';
import { DECISION_PHASES, openPolicyBundle, type DecisionRecord, type OpenPolicyBundle } from '../src/decision/index.js';
import { openChainedJournal } from '../src/pipeline/chained-journal.js';
import { createLiveLoop } from '../src/pipeline/live-loop.js';
import { createPipelineMetrics, type PipelineMetrics, type PipelineStage } from '../src/pipeline/pipeline-metrics.js';
import { projectionDirectory, projectionElementOf } from '../src/pipeline/projection-directory.js';
import { projectionFromBatches } from '../src/risk/index.js';
import { createLiveScorer, parseLiveModel, type LiveModel } from '../src/scoring/index.js';
import { createIncidentCorrelator } from '../src/scoring/correlation/create-incident-correlator.js';
import { generateCity, indexCity, runScenario, SCENARIO_NAMES } from '../src/sim/index.js';
import { runTool } from './run-tool.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WINDOW_MS = 3_600_000;
const TIMED: readonly PipelineStage[] = ['score', 'correlate', 'propagate', 'policy', 'decide', 'publish'];
/** Column names: the loop's stages (policy = the whole of `decide`, decide = the log append) and decide's phases. */
const COLUMNS: readonly string[] = ['score', 'correlate', 'propagate', 'policy', ...DECISION_PHASES.map((p) => `  ${p}`), 'decide (log)', 'publish', 'rest'];
const STAGE_COLUMN: Readonly<Record<string, string>> = { decide: 'decide (log)' };

interface Sample {
  readonly run: string;
  readonly decisionId: string;
  readonly events: number;
  readonly cpuMs: number;
  readonly wallMs: number;
  readonly stages: Readonly<Record<string, number>>;
  /** performance.now() when the event was taken (to attribute GC pauses). */
  readonly from: number;
  /** GC pause time inside the event's processing (filled in after the run). */
  gcMs: number;
}

interface RunInput {
  readonly scenario: string;
  readonly seed: number;
  readonly devices: number;
  readonly hours: number;
  readonly model: LiveModel;
  readonly bundle: OpenPolicyBundle;
  readonly logFile: string;
}

/** Metrics that also remember the last observation of each timed stage (the current event's). */
function recordingMetrics(): { metrics: PipelineMetrics; last: Map<string, number> } {
  const inner = createPipelineMetrics();
  const last = new Map<string, number>();
  const metrics: PipelineMetrics = Object.assign(Object.create(inner) as PipelineMetrics, {
    observe(stage: PipelineStage, ms: number): void {
      if (TIMED.includes(stage)) last.set(STAGE_COLUMN[stage] ?? stage, ms);
      inner.observe(stage, ms);
    },
  });
  return { metrics, last };
}

/** GC pauses seen so far (start, duration ms), from the perf_hooks 'gc' entries. */
const gcPauses: { start: number; duration: number }[] = [];

/** Total GC pause inside [from, to] (entries arrive asynchronously: read after the run). */
function gcWithin(from: number, to: number): number {
  let sum = 0;
  for (const g of gcPauses) if (g.start >= from && g.start < to) sum += g.duration;
  return sum;
}

/**
 * CPU ms of the process (user + system, all threads: V8's GC helpers included). Node 20 has no
 * per-thread CPU clock, and /proc/thread-self/schedstat only moves at scheduler ticks here.
 */
function cpuNow(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function runOne(input: RunInput): Sample[] {
  const city = generateCity({ devices: input.devices, seed: input.seed });
  const projection = projectionFromBatches(city.batches());
  const run = runScenario({ city: indexCity(city), name: input.scenario, seed: input.seed, hours: input.hours });
  const directory = projectionDirectory(projection);
  // As openLoopDeciders builds it for serve: zones and C-Town site/element from the projection.
  const scorer = createLiveScorer({ model: input.model, zoneOf: (id) => directory(id)?.zone, elementOf: projectionElementOf(projection) });
  const { metrics, last } = recordingMetrics();
  const loop = createLiveLoop({
    projection, scorer, correlator: createIncidentCorrelator({ projection, windowMs: WINDOW_MS }), bundle: input.bundle, metrics,
    decisionLog: openChainedJournal<DecisionRecord>(input.logFile, []),
    onDecisionPhase: (phase, ms) => last.set(`  ${phase}`, ms),
  });
  const samples: Sample[] = [];
  for (const event of run.events) {
    last.clear();
    const cpu0 = cpuNow();
    const wall0 = performance.now();
    const r = loop.process({ event });
    const wallMs = performance.now() - wall0;
    const cpuMs = cpuNow() - cpu0;
    if (r.decision === undefined) continue;
    const staged = ['score', 'correlate', 'propagate', 'policy', 'decide (log)', 'publish'].reduce((sum, k) => sum + (last.get(k) ?? 0), 0);
    last.set('rest', wallMs - staged);
    samples.push({ run: `${input.scenario}/${input.seed}`, decisionId: r.decision.id, events: r.decision.events.length, cpuMs, wallMs, stages: Object.fromEntries(last), from: wall0, gcMs: 0 });
  }
  return samples;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

function summary(label: string, values: readonly number[]): string {
  const s = [...values].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / Math.max(1, s.length);
  return `${label.padEnd(22)} p50 ${percentile(s, 50).toFixed(3)}  p90 ${percentile(s, 90).toFixed(3)}  p99 ${percentile(s, 99).toFixed(3)}  max ${(s.at(-1) ?? 0).toFixed(3)}  mean ${mean.toFixed(3)} ms`;
}

/** Per decision (run + id), the sample with the least wall time and the least CPU time. */
function leastPerDecision(samples: readonly Sample[]): Sample[] {
  const best = new Map<string, Sample>();
  for (const s of samples) {
    const key = `${s.run} ${s.decisionId}`;
    const known = best.get(key);
    best.set(key, known === undefined || s.wallMs < known.wallMs ? { ...s, cpuMs: Math.min(known?.cpuMs ?? s.cpuMs, s.cpuMs) } : { ...known, cpuMs: Math.min(known.cpuMs, s.cpuMs) });
  }
  return [...best.values()];
}

function arg(argv: readonly string[], name: string, fallback: string): string {
  const at = argv.indexOf(name);
  return at === -1 ? fallback : (argv[at + 1] ?? fallback);
}

function report(samples: readonly Sample[], top: number, out: (line: string) => boolean): void {
  out(`${samples.length} decisions`);
  out(summary('CPU per decision', samples.map((s) => s.cpuMs)));
  out(summary('wall per decision', samples.map((s) => s.wallMs)));
  out(summary('  GC pause inside', samples.map((s) => s.gcMs)));
  out(`  decisions with a GC pause inside: ${samples.filter((s) => s.gcMs > 0).length}`);
  for (const column of COLUMNS) out(summary(`  ${column}`, samples.map((s) => s.stages[column] ?? 0)));
  out(`slowest ${top} by CPU:`);
  for (const s of [...samples].sort((a, b) => b.cpuMs - a.cpuMs).slice(0, top)) {
    const stages = COLUMNS.map((k) => `${k.trim()} ${(s.stages[k] ?? 0).toFixed(2)}`).join(', ');
    out(`  ${s.cpuMs.toFixed(2)} ms CPU ${s.wallMs.toFixed(2)} wall ${s.gcMs.toFixed(2)} GC  ${s.run}  ${s.decisionId}  ${s.events} events  (${stages})`);
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const out = (line: string): boolean => process.stdout.write(`${line}\n`);
  const devices = Number(arg(argv, '--devices', '600'));
  const hours = Number(arg(argv, '--hours', '12'));
  const seeds = arg(argv, '--seeds', '1,2,3').split(',').map(Number);
  const scenarios = arg(argv, '--scenarios', SCENARIO_NAMES.join(',')).split(',');
  const passes = Number(arg(argv, '--passes', '2'));
  const top = Number(arg(argv, '--top', '10'));
  const outDir = argv.includes('--out') ? resolve(arg(argv, '--out', '')) : undefined;
  const model = parseLiveModel(JSON.parse(readFileSync(join(ROOT, 'fixtures', 'models', 'sim-live', 'sim-live-scorer.json'), 'utf8')));
  const bundle = openPolicyBundle({ dir: join(ROOT, 'rules') });
  const work = mkdtempSync(join(tmpdir(), 'civgraph-measure-decisions-'));
  if (outDir !== undefined) mkdirSync(outDir, { recursive: true });
  out(`node ${process.versions.node}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}, ${devices} devices, ${hours} h, seeds ${seeds.join(',')}, ${passes} passes`);
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcPauses.push({ start: e.startTime, duration: e.duration });
  });
  observer.observe({ entryTypes: ['gc'] });
  try {
    const samples: Sample[] = [];
    for (let pass = 1; pass <= passes; pass++) {
      if (pass === 2 || passes === 1) samples.length = 0;
      for (const scenario of scenarios) {
        for (const seed of seeds) {
          const logFile = join(work, `${scenario}-${seed}-${pass}.jsonl`);
          const run = runOne({ scenario, seed, devices, hours, model, bundle, logFile });
          // GC entries are delivered after the synchronous run (on a timer): wait for them, then attribute them.
          await new Promise((r) => setTimeout(r, 20));
          for (const sample of run) sample.gcMs = gcWithin(sample.from, sample.from + sample.wallMs);
          gcPauses.length = 0;
          samples.push(...run);
          if (outDir !== undefined && pass === passes) copyFileSync(logFile, join(outDir, `${scenario}-${seed}.jsonl`));
        }
      }
    }
    out(`load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    out(passes === 1 ? 'every decision of the only pass (cold: V8 compiles as it goes):' : `every decision of passes 2..${passes} (${passes - 1} measured passes):`);
    report(samples, top, out);
    if (passes > 2) {
      out('per decision, the least time over the measured passes (its cost when nothing preempted it):');
      report(leastPerDecision(samples), top, out);
    }
  } finally {
    observer.disconnect();
    rmSync(work, { recursive: true, force: true });
  }
  return 0;
}

runTool(main);
