import { EngineError } from '../../core/index.js';
import type { GraphStore } from '../../graph/port.js';
import { buildProjection, type Projection } from '../../graph/projection/index.js';
import {
  SCENARIOS,
  SHARED_GATEWAY_ID,
  generateCity,
  indexCity,
  runScenario,
  type City,
  type CityIndex,
  type ScenarioName,
  type ScenarioRun,
} from '../../sim/index.js';
import type { CliIO } from '../io.js';
import { createProgress } from '../progress.js';
import type { DemoReport, DemoScenario } from './demo-report.js';
import { riskStage } from './risk-stage.js';
import { ingestStage, packageRoot } from './ingest-stage.js';
import { decisionStage } from './decision-stage.js';
import { detectionStage } from './detection-stage.js';
import { loopStage } from './loop-stage.js';

export interface DemoOptions {
  readonly devices: number;
  readonly seed: number;
  readonly scenario: string;
  /** Replace a store that holds data the demo did not create. */
  readonly reset: boolean;
  readonly io: CliIO;
  /** Draw progress bars on stderr. */
  readonly progress: boolean;
  /** The hash-chained decision log the decisions are appended to. */
  readonly decisionLog: string;
}

async function timed<T>(timings: Record<string, number>, stage: string, work: () => Promise<T> | T): Promise<T> {
  const started = performance.now();
  const result = await work();
  timings[stage] = Math.round(performance.now() - started);
  return result;
}

/**
 * The demo replaces the store's content with a fresh city. It refuses to wipe
 * data it did not create (no demo marker: the simulator's shared gateway)
 * unless asked with --reset.
 */
async function prepareStore(store: GraphStore, reset: boolean): Promise<void> {
  const stats = await store.stats();
  if (stats.nodes === 0) return;
  const previousDemo = (await store.getNode(SHARED_GATEWAY_ID)) !== undefined;
  if (!previousDemo && !reset) {
    throw new EngineError(
      'CG_ARGUMENT_INVALID',
      `${store.description} holds ${stats.nodes} nodes the demo did not create; pass --reset to replace them or --store-path to use another file`,
    );
  }
  await store.clear();
}

async function loadCity(store: GraphStore, options: DemoOptions, city: City, index: CityIndex): Promise<void> {
  const total = index.counts.nodes + index.counts.edges;
  const progress = createProgress(options.io, 'Loading city', total, options.progress);
  let written = 0;
  for (const batch of city.batches()) {
    await store.write(batch);
    written += (batch.nodes?.length ?? 0) + (batch.edges?.length ?? 0);
    progress.update(written);
  }
  progress.finish(`${index.counts.nodes.toLocaleString('en-US')} nodes, ${index.counts.edges.toLocaleString('en-US')} edges`);
}

function summariseScenario(run: ScenarioRun): DemoScenario {
  const truth = run.groundTruth;
  const info = SCENARIOS.find((s) => s.name === run.name);
  return {
    name: run.name,
    kind: truth.kind,
    description: info?.description ?? '',
    start: truth.start,
    end: truth.end,
    events: run.events.length,
    maliciousEvents: truth.labels.filter((l) => l.label === 'malicious').length,
    stages: [...truth.stages].sort((a, b) => a.start.localeCompare(b.start)).map((stage) => ({
      name: stage.name,
      description: stage.description,
      techniques: stage.techniques,
      domains: stage.domains,
      start: stage.start,
      end: stage.end,
      assets: stage.assets,
    })),
    techniques: truth.techniques,
    domains: truth.domains,
    attackedAssets: truth.attackedAssets,
    impactedServices: truth.impactedServices,
  };
}

/**
 * The main job: generate a city into the store, build the projection, replay
 * a scenario through every stage that exists, and report what each found.
 */
export async function runDemo(
  store: GraphStore,
  options: DemoOptions,
): Promise<{ report: DemoReport; projection: Projection; explanations: readonly string[] }> {
  const timings: Record<string, number> = {};
  const city = generateCity({ devices: options.devices, seed: options.seed });
  const index = await timed(timings, 'generateMs', () => indexCity(city));
  // Fail on an unknown scenario before touching the store.
  const run = await timed(timings, 'scenarioMs', () =>
    runScenario({ city: index, name: options.scenario as ScenarioName, seed: options.seed }),
  );
  await timed(timings, 'resetMs', () => prepareStore(store, options.reset));
  await timed(timings, 'loadMs', () => loadCity(store, options, city, index));
  const ingest = await timed(timings, 'ingestMs', () => ingestStage(store));
  const projection = await timed(timings, 'projectionMs', () => buildProjection(store));
  const memory = projection.memory();
  const risk = await timed(timings, 'riskMs', () => riskStage(projection, run, city.notable));
  const detection = await timed(timings, 'detectionMs', () => detectionStage(packageRoot(), options.seed));
  const policy = await timed(timings, 'decisionMs', () => decisionStage(projection, run, packageRoot(), options.decisionLog));
  const loop = await timed(timings, 'loopMs', () => loopStage(projection, run, packageRoot(), options.decisionLog));
  const counts = index.counts;
  const report: DemoReport = {
    seed: options.seed,
    devices: counts.devices,
    nodes: counts.nodes,
    edges: counts.edges,
    domains: counts.devicesByDomain,
    nodeKinds: counts.byNodeKind,
    edgeKinds: counts.byEdgeKind,
    ingest,
    store: { kind: store.kind, description: store.description, version: await store.version() },
    projection: {
      nodes: projection.liveNodeCount,
      edges: projection.edgeCount,
      topologyBytesPerEdge: Math.round(memory.topologyBytesPerEdge * 10) / 10,
    },
    scenario: summariseScenario(run),
    foothold: risk.foothold,
    paths: risk.paths,
    blastRadius: risk.blastRadius,
    detection,
    decisions: policy.decisions,
    mitigation: policy.mitigation,
    loop,
    timings,
  };
  return { report, projection, explanations: policy.explanations };
}
