/**
 * Shared set-up of the pipeline's unit and integration tests and of the
 * pipeline benchmark: a simulated city (projection + embedded store), the
 * starter policy bundle, a scenario run, and loops wired like `civgraph serve`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openPolicyBundle, type OpenPolicyBundle } from '../decision/index.js';
import { openEmbeddedStore } from '../graph/embedded/index.js';
import type { GraphStore, WriteResult } from '../graph/port.js';
import type { Projection } from '../graph/projection/index.js';
import { labelsOf } from '../ontology/index.js';
import { projectionFromBatches } from '../risk/index.js';
import { createLiveScorer, parseLiveModel, type LiveModel, type LiveScorer } from '../scoring/index.js';
import { createIncidentCorrelator } from '../scoring/correlation/create-incident-correlator.js';
import { generateCity, indexCity, runScenario, type City, type ScenarioRun } from '../sim/index.js';
import { createIngestor, type Ingestor } from './ingestor.js';
import type { LiveEvent } from './live-event.js';
import { createLiveLoop, type LiveLoop } from './live-loop.js';
import { createPipelineMetrics } from './pipeline-metrics.js';
import { projectionDirectory, projectionElementOf } from './projection-directory.js';
import { createStoreStage, type StoreStage } from './store-stage.js';

export const RULES_DIR = join(import.meta.dirname, '..', '..', 'rules');
/** The shipped streaming-scorer model (src/scoring, tools/train-live-scorer.ts). */
export const LIVE_MODEL_FILE = join(import.meta.dirname, '..', '..', 'fixtures', 'models', 'sim-live', 'sim-live-scorer.json');
let model: LiveModel | undefined;

/** A fresh streaming scorer over the shipped model (state per series, so one per loop), with the lookups openLoopDeciders gives it. */
export function liveScorer(fixture: Pick<LiveFixture, 'directory' | 'projection'>): LiveScorer {
  model ??= parseLiveModel(JSON.parse(readFileSync(LIVE_MODEL_FILE, 'utf8')));
  return createLiveScorer({ model, zoneOf: (id) => fixture.directory(id)?.zone, elementOf: projectionElementOf(fixture.projection) });
}
/** Correlation window of the tests (one hour). */
export const WINDOW_MS = 3_600_000;

export interface LiveFixture {
  readonly city: City;
  readonly projection: Projection;
  readonly bundle: OpenPolicyBundle;
  readonly run: ScenarioRun;
  readonly events: readonly LiveEvent[];
  readonly directory: ReturnType<typeof projectionDirectory>;
  readonly groupOf: (deviceId: string) => string | undefined;
}

/** A city of `devices` with one scenario run of `hours`. */
export function liveFixture(options: { readonly scenario?: string; readonly devices?: number; readonly hours?: number; readonly seed?: number } = {}): LiveFixture {
  const seed = options.seed ?? 1;
  const city = generateCity({ devices: options.devices ?? 600, seed });
  const projection = projectionFromBatches(city.batches());
  const run = runScenario({ city: indexCity(city), name: options.scenario ?? 'coordinated', seed, hours: options.hours ?? 12 });
  const directory = projectionDirectory(projection);
  return { city, projection, bundle: openPolicyBundle({ dir: RULES_DIR }), run, events: run.events.map((event) => ({ event })), directory, groupOf: (id) => directory(id)?.group };
}

/** An embedded store at `path` holding the fixture's city. */
export async function cityStore(fixture: LiveFixture, path: string): Promise<GraphStore> {
  const store = openEmbeddedStore({ path, labelsOf, synchronous: 'normal' });
  for (const batch of fixture.city.batches()) await store.write(batch);
  return store;
}

export interface TestLoop {
  readonly loop: LiveLoop;
  readonly ingestor: Ingestor;
  readonly store?: StoreStage;
  /** Ids of the events the loop processed, in order. */
  readonly processed: string[];
}

/** A loop + ingestor as `civgraph serve` wires them (shipped live scorer unless given one, graph correlator). */
export function testLoop(fixture: LiveFixture, options: { readonly store?: Pick<GraphStore, 'write'>; readonly scorer?: LiveScorer; readonly maxPending?: number; readonly batchSize?: number; readonly historySize?: number } = {}): TestLoop {
  const metrics = createPipelineMetrics();
  const store = options.store === undefined ? undefined : createStoreStage({ store: options.store, hasDevice: fixture.directory.has, metrics, ...(options.maxPending === undefined ? {} : { maxPending: options.maxPending }), ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }) });
  const inner = createLiveLoop({
    projection: fixture.projection, scorer: options.scorer ?? liveScorer(fixture), correlator: createIncidentCorrelator({ projection: fixture.projection, windowMs: WINDOW_MS }),
    bundle: fixture.bundle, metrics, ...(store === undefined ? {} : { store }), ...(options.historySize === undefined ? {} : { historySize: options.historySize }),
  });
  const processed: string[] = [];
  const loop: LiveLoop = { ...inner, process: (live) => (processed.push(live.event.id), inner.process(live)) };
  return { loop, ingestor: createIngestor({ loop, directory: fixture.directory }), ...(store === undefined ? {} : { store }), processed };
}

/** A store whose every write waits `ms` first (a slow or remote store, for back-pressure benchmarks). */
export function slowedStore(store: Pick<GraphStore, 'write'>, ms: number): Pick<GraphStore, 'write'> {
  return { write: async (batch) => (await new Promise((r) => setTimeout(r, ms)), store.write(batch)) };
}

/** A store that holds every write until `release()`, then records the ids of the nodes it stored, in order. */
export function gatedStore(): { readonly store: Pick<GraphStore, 'write'>; readonly written: string[]; readonly release: () => void } {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const written: string[] = [];
  const store: Pick<GraphStore, 'write'> = {
    async write(batch): Promise<WriteResult> {
      await gate;
      written.push(...(batch.nodes ?? []).map((n) => n.id));
      return { version: 1, nodesWritten: batch.nodes?.length ?? 0, edgesWritten: batch.edges?.length ?? 0, nodesDeleted: 0, edgesDeleted: 0 };
    },
  };
  return { store, written, release: () => release() };
}

/** Polls until `done()` holds, failing with `what` after `timeoutMs`. */
export async function waitFor(done: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
