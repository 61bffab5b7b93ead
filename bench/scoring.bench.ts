/**
 * Scoring benchmarks (issue 6 item 8): scoring time per event and TreeSHAP
 * latency for an ensemble of 200 full trees of depth 6 (64 leaves each) over 43
 * features, the size the issue names, with the previous TreeSHAP method timed on
 * the same rows for a before/after under the same load. Prints figures; never
 * asserts on time.
 * Run: `npx tsx bench/scoring.bench.ts` (or through bench/run.js).
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createRandom, type Random } from '../src/core/index.js';
import { createTreeShapExplainer, importXGBoostJson, predictEnsemble, type Tree, type TreeEnsemble } from '../src/scoring/index.js';
import type { TreeShapOptions } from '../src/scoring/shap/tree-shap.js';

export interface ScoringBenchResult {
  readonly trees: number;
  readonly depth: number;
  readonly features: number;
  readonly scoreMicrosPerEvent: number;
  /** CPU time per scored event (process.cpuUsage). */
  readonly scoreCpuMicrosPerEvent: number;
  readonly shapMicrosP50: number;
  readonly shapMicrosP95: number;
  readonly shapMicrosP99: number;
  /** CPU time per explanation (process.cpuUsage), robust to a busy machine. */
  readonly shapCpuMicrosP50: number;
  readonly shapCpuMicrosP95: number;
  /** The previous default method (leaf-wise closed form), CPU time, same rows and run: before/after under the same load. */
  readonly shapPreviousCpuMicrosP50: number;
  readonly shapPreviousCpuMicrosP95: number;
  /** The shipped XGBoost fixture (100 trees, depth ≤ 5, float32 splits). */
  readonly fixture: { readonly trees: number; readonly scoreMicrosPerEvent: number; readonly shapMicrosP95: number };
}

function fullTree(depth: number, features: number, random: Random): Tree {
  const n = 2 ** (depth + 1) - 1;
  const t = {
    feature: new Int32Array(n), threshold: new Float64Array(n), left: new Int32Array(n), right: new Int32Array(n),
    value: new Float64Array(n), cover: new Float64Array(n), defaultLeft: new Uint8Array(n),
  };
  t.cover[0] = 10000;
  for (let i = 0; i < n; i++) {
    const internal = 2 * i + 2 < n;
    t.feature[i] = internal ? random.int(0, features - 1) : -1;
    t.threshold[i] = random.normal();
    t.left[i] = internal ? 2 * i + 1 : -1;
    t.right[i] = internal ? 2 * i + 2 : -1;
    t.value[i] = internal ? 0 : random.normal(0, 0.1);
    t.defaultLeft[i] = random.chance(0.5) ? 1 : 0;
    if (internal) {
      const share = 0.2 + 0.6 * random.next();
      t.cover[2 * i + 1] = (t.cover[i] as number) * share;
      t.cover[2 * i + 2] = (t.cover[i] as number) * (1 - share);
    }
  }
  return t;
}

/** Wall-clock and CPU µs per scored event over 5 passes of the rows. */
function timeScoring(ensemble: TreeEnsemble, rows: readonly Float64Array[]): { wall: number; cpu: number } {
  let sink = 0;
  for (const row of rows.slice(0, 200)) sink += predictEnsemble(ensemble, row);
  const c0 = cpuMicros();
  const start = performance.now();
  for (let k = 0; k < 5; k++) for (const row of rows) sink += predictEnsemble(ensemble, row);
  const wall = ((performance.now() - start) * 1000) / (5 * rows.length);
  const cpu = (cpuMicros() - c0) / (5 * rows.length);
  if (Number.isNaN(sink)) throw new Error('benchmark produced NaN');
  return { wall, cpu };
}

/** CPU microseconds (user + system) of this process, immune to waiting for a core on a shared machine. */
function cpuMicros(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

/** Per-explanation wall-clock and CPU times in µs, each sorted ascending. */
function timeShap(ensemble: TreeEnsemble, rows: readonly Float64Array[], options: TreeShapOptions = {}): { wall: Float64Array; cpu: Float64Array } {
  const explainer = createTreeShapExplainer(ensemble, options);
  let sink = 0;
  for (const row of rows.slice(0, 50)) sink += explainer.explain(row).expectedValue;
  const wall = new Float64Array(rows.length);
  const cpu = new Float64Array(rows.length);
  rows.forEach((row, i) => {
    const c0 = cpuMicros();
    const t0 = performance.now();
    sink += explainer.explain(row).contributions[0] as number;
    wall[i] = (performance.now() - t0) * 1000;
    cpu[i] = cpuMicros() - c0;
  });
  if (Number.isNaN(sink)) throw new Error('benchmark produced NaN');
  return { wall: wall.sort(), cpu: cpu.sort() };
}

const percentile = (sorted: Float64Array, p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;

export function runScoringBench(options: { trees?: number; depth?: number; features?: number; events?: number } = {}): ScoringBenchResult {
  const { trees = 200, depth = 6, features = 43, events = 2000 } = options;
  const random = createRandom(42);
  const ensemble: TreeEnsemble = {
    trees: Array.from({ length: trees }, () => fullTree(depth, features, random)),
    baseMargin: 0,
    featureNames: Array.from({ length: features }, (_, i) => `f${i}`),
    precision: 'float64',
  };
  const rows = Array.from({ length: events }, () => Float64Array.from({ length: features }, () => random.normal()));
  const score = timeScoring(ensemble, rows);
  const times = timeShap(ensemble, rows);
  const previous = timeShap(ensemble, rows, { method: 'leaf-closed-form' });
  const fixture = importXGBoostJson(JSON.parse(readFileSync(new URL('../fixtures/models/batadal-xgb-small.xgb.json', import.meta.url), 'utf8'))).ensemble;
  const fixtureRows = rows.map((row) => row.map((v, i) => 3 + 2 * v + i));
  const fixtureTimes = timeShap(fixture, fixtureRows);
  return {
    trees, depth, features, scoreMicrosPerEvent: score.wall, scoreCpuMicrosPerEvent: score.cpu,
    shapMicrosP50: percentile(times.wall, 0.5), shapMicrosP95: percentile(times.wall, 0.95), shapMicrosP99: percentile(times.wall, 0.99),
    shapCpuMicrosP50: percentile(times.cpu, 0.5), shapCpuMicrosP95: percentile(times.cpu, 0.95),
    shapPreviousCpuMicrosP50: percentile(previous.cpu, 0.5), shapPreviousCpuMicrosP95: percentile(previous.cpu, 0.95),
    fixture: { trees: fixture.trees.length, scoreMicrosPerEvent: timeScoring(fixture, fixtureRows).wall, shapMicrosP95: percentile(fixtureTimes.wall, 0.95) },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = runScoringBench();
  const f = (v: number): string => v.toFixed(1);
  process.stdout.write(
    `scoring: ${r.trees} trees × depth ${r.depth}, ${r.features} features (node ${process.versions.node}, load average ${loadavg()[0]?.toFixed(2)})\n` +
      `  score         ${f(r.scoreMicrosPerEvent)} µs/event wall, ${f(r.scoreCpuMicrosPerEvent)} µs CPU   (target ≤ 20 µs)\n` +
      `  TreeSHAP      p50 ${f(r.shapMicrosP50)} µs  p95 ${f(r.shapMicrosP95)} µs  p99 ${f(r.shapMicrosP99)} µs wall   (target p95 ≤ 1000 µs)\n` +
      `                p50 ${f(r.shapCpuMicrosP50)} µs  p95 ${f(r.shapCpuMicrosP95)} µs CPU time (Linear TreeSHAP)\n` +
      `                p50 ${f(r.shapPreviousCpuMicrosP50)} µs  p95 ${f(r.shapPreviousCpuMicrosP95)} µs CPU time (previous: leaf-wise closed form)\n` +
      `fixture XGBoost model (${r.fixture.trees} trees, depth ≤ 5, float32 splits)\n` +
      `  score         ${f(r.fixture.scoreMicrosPerEvent)} µs/event\n` +
      `  TreeSHAP      p95 ${f(r.fixture.shapMicrosP95)} µs\n`,
  );
}
