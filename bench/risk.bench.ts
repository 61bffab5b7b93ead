/**
 * Risk benchmarks (issue 5 item 9): full propagation on a simulated city
 * (target ≤ 200 ms at 1M devices), top-10 paths p95 (target ≤ 20 ms),
 * incremental evidence update p99 (target ≤ 5 ms), harm-graph bytes per arc,
 * and the propagation's arc throughput against the anchor "a C BFS walks
 * ~86M edges/s on one core". Prints figures; never asserts on time.
 * Run: `npx tsx bench/risk.bench.ts [devices]` (or through bench/run.ts as `risk`).
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createRandom } from '../src/core/index.js';
import { createRiskEngine, kernelLayoutBytes, projectionFromBatches } from '../src/risk/index.js';
import { generateCity } from '../src/sim/index.js';
import { formatFigure, percentile, type BenchContext, type Benchmark, type Figure } from './figures.js';

const DEVICES = { quick: 50_000, full: 1_000_000 } as const;
const ANCHOR_EDGES_PER_SECOND = 86e6;
/** Timed full passes after the first (median of at least 7 on a shared machine). */
const FULL_PASSES = 9;

/** Wall-clock and CPU milliseconds of one call (CPU time shows the work on a loaded machine). */
function timed<T>(run: () => T): { value: T; ms: number; cpuMs: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = run();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { value, ms, cpuMs: (c.user + c.system) / 1000 };
}

type Graph = ReturnType<ReturnType<typeof createRiskEngine>['harmGraph']>;

/** Index arrays of the harm graph (offsets, endpoints, edge and kind codes, twins, flags, order): its topology. */
const HARM_TOPOLOGY: readonly (keyof Graph)[] = [
  'inOffsets', 'arcFrom', 'arcTo', 'arcEdge', 'arcKind', 'arcFlags', 'arcTwin', 'outOffsets', 'outArcs', 'groupRequired', 'order', 'rank', 'alive',
];

function harmBytes(graph: Graph, keys?: readonly (keyof Graph)[]): number {
  return Object.entries(graph).reduce(
    (sum: number, [key, value]) => sum + (ArrayBuffer.isView(value) && (keys === undefined || keys.includes(key as keyof Graph)) ? value.byteLength : 0),
    0,
  );
}

/** Memory figures: topology (index arrays) per projection edge against the 64 B/edge target, and all arrays. */
function recordMemory(graph: Graph, edges: number, fig: (metric: string, value: number, unit: string) => void): void {
  const kernel = kernelLayoutBytes(graph);
  const topology = harmBytes(graph, HARM_TOPOLOGY) + kernel.topology;
  const all = harmBytes(graph) + kernel.topology + kernel.transmissions;
  // Propagation state: priors and values (6 doubles per node, twice: kernel and projection numbering), the staged
  // output of a full pass (3 doubles per node) and messages (3 per arc).
  const state = (2 * 6 + 3) * 8 * graph.nodeCount + 3 * 8 * graph.arcCount;
  fig('topology bytes per edge (harm graph + kernel renumbering index arrays)', Math.round((topology / edges) * 10) / 10, 'B/edge');
  fig('harm graph + kernel layout bytes per arc (all arrays)', Math.round((all / graph.arcCount) * 10) / 10, 'B/arc');
  fig('propagation state bytes per arc (priors, values, messages)', Math.round((state / graph.arcCount) * 10) / 10, 'B/arc');
}

/** Runs every measurement on one city of `devices` field devices and records figures. */
export async function runRiskBench(devices: number, record: (figure: Figure) => void): Promise<void> {
  const bench = 'risk';
  const size = `${devices.toLocaleString('en-US')} devices`;
  const fig = (metric: string, value: number, unit: string, label = size): void => record({ bench, case: label, metric, value, unit });
  const built = timed(() => projectionFromBatches(generateCity({ devices, seed: 1 }).batches()));
  const projection = built.value;
  fig('projection build (city generation included)', Math.round(built.ms), 'ms');
  fig('nodes', projection.liveNodeCount, 'nodes');
  fig('edges', projection.edgeCount, 'edges');
  const engine = createRiskEngine(projection);
  const graphBuild = timed(() => engine.harmGraph());
  const graph = graphBuild.value;
  fig('harm graph build', Math.round(graphBuild.ms), 'ms');
  fig('harm arcs', graph.arcCount, 'arcs');
  await Promise.resolve();
  const first = timed(() => engine.propagate([{ node: 'gw-shared', probability: 0.8 }]));
  fig('first propagation, wall (kernel renumbering build included)', Math.round(first.ms), 'ms');
  fig('first propagation, CPU time', Math.round(first.cpuMs), 'ms');
  recordMemory(graph, projection.edgeCount, fig);
  const runs: number[] = [];
  const cpu: number[] = [];
  let evaluations = 0;
  for (let i = 0; i < FULL_PASSES; i++) {
    const run = timed(() => engine.propagate([{ node: 'gw-shared', probability: 0.8 }]));
    runs.push(run.ms);
    cpu.push(run.cpuMs);
    evaluations = run.value.report.evaluations;
  }
  const median = percentile(cpu, 50);
  fig(`full propagation median of ${FULL_PASSES}, wall (exposure priors on every node)`, percentile(runs, 50), 'ms');
  fig(`full propagation median of ${FULL_PASSES}, CPU time`, median, 'ms');
  fig(`full propagation best of ${FULL_PASSES}, CPU time`, Math.min(...cpu), 'ms');
  fig(`full propagation best of ${FULL_PASSES}, wall`, Math.min(...runs), 'ms');
  fig('node evaluations per full propagation', evaluations, 'evaluations');
  const arcVisits = 2 * graph.arcCount * (evaluations / graph.nodeCount);
  fig('arc visits per second (each arc read as parent and as child)', Math.round(arcVisits / (median / 1000)), 'arcs/s');
  fig('share of the 86M edges/s C BFS anchor', arcVisits / (median / 1000) / ANCHOR_EDGES_PER_SECOND, 'ratio');
  measureQueries(engine, projection, devices, fig);
}

function measureQueries(
  engine: ReturnType<typeof createRiskEngine>,
  projection: ReturnType<typeof projectionFromBatches>,
  devices: number,
  fig: (metric: string, value: number, unit: string) => void,
): void {
  const random = createRandom(7);
  const sources: string[] = [];
  for (let v = 0; v < projection.nodeCount; v++) if (projection.isA(v, 'Gateway') || projection.isA(v, 'Controller')) sources.push(projection.nodeId(v));
  const pathTimes: number[] = [];
  const pathCpu: number[] = [];
  for (let i = 0; i < 60; i++) {
    const from = [random.pick(sources)];
    const run = timed(() => engine.paths({ from, k: 10 }));
    if (i >= 10) pathTimes.push(run.ms);
    if (i >= 10) pathCpu.push(run.cpuMs);
  }
  fig('top-10 paths p50 wall (50 queries from random gateways/controllers to every service)', percentile(pathTimes, 50), 'ms');
  fig('top-10 paths p95 wall', percentile(pathTimes, 95), 'ms');
  fig('top-10 paths p95 CPU time', percentile(pathCpu, 95), 'ms');
  const rises: number[] = [];
  const falls: number[] = [];
  const riseCpu: number[] = [];
  const fallCpu: number[] = [];
  const cameras: string[] = [];
  for (let v = 0; v < projection.nodeCount && cameras.length < 5000; v++) if (projection.isA(v, 'Sensor')) cameras.push(projection.nodeId(v));
  for (let i = 0; i < 220; i++) {
    const node = random.pick(cameras);
    const rise = timed(() => engine.updateEvidence([{ node, probability: 0.9 }]));
    const fall = timed(() => engine.updateEvidence([{ node, probability: 0 }]));
    if (i >= 20) {
      rises.push(rise.ms);
      falls.push(fall.ms);
      riseCpu.push(rise.cpuMs);
      fallCpu.push(fall.cpuMs);
    }
  }
  fig('incremental update p50 (evidence rises on a random sensor)', percentile(rises, 50), 'ms');
  fig('incremental update p99 (rises)', percentile(rises, 99), 'ms');
  fig('incremental update p50 (evidence withdrawn)', percentile(falls, 50), 'ms');
  fig('incremental update p99 (withdrawn)', percentile(falls, 99), 'ms');
  fig('incremental update p99 CPU time (rises)', percentile(riseCpu, 99), 'ms');
  fig('incremental update p99 CPU time (withdrawn)', percentile(fallCpu, 99), 'ms');
  void devices;
}

export const riskBenchmark: Benchmark = {
  name: 'risk',
  description: 'risk propagation, top-10 paths and incremental updates on a simulated city',
  async run(context: BenchContext) {
    await runRiskBench(DEVICES[context.scale], context.record);
  },
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const devices = Number(process.argv[2] ?? DEVICES.quick);
  process.stdout.write(`risk bench (node ${process.versions.node}, load average ${loadavg()[0]?.toFixed(2)})\n`);
  await runRiskBench(devices, (figure) => process.stdout.write(`${formatFigure(figure)}\n`));
}
