/**
 * The live loop on Neo4j (issue 9 §6: "sustained events/s from broker to decision ≥ 5,000/s on
 * Neo4j"). A real Neo4j 5.26 from the launcher (tools/neo4j) holding the fixture city, the loop
 * of `civgraph serve` (shipped streaming scorer, graph correlator, starter policies, store stage
 * of src/pipeline/store-stage.ts) writing every event as a cg:Observation / cg:SecurityEvent node
 * with its `observedBy` / `affects` edge. Three cases, each on events with fresh ids (a replay of
 * the same ids would measure updates, not inserts):
 *
 * - store only: the store stage fed directly (no scoring, no decisions) — what Neo4j costs;
 * - in-process loop: `runLoop` over the events (no broker);
 * - broker → decision: the events queued at a real Mosquitto (64 events per message by default, QoS 1,
 *   PUBACKs after the store's commit), then drained by a worker, as bench/pipeline.bench.ts.
 *
 * A warm-up drives `NEO4J_BENCH_WARMUP` rounds (default 3) of the fixture's events through the
 * in-process loop and the broker first, so the server's JIT has compiled the write path (the
 * figure of a long-running server, not of a fresh JVM) and V8 has compiled the loop. Figures:
 * events/s wall, engine CPU per event (this process, all threads), Neo4j server CPU per event
 * split into JIT compiler threads and the rest (from /proc, as bench/neo4j-load.ts), Mosquitto
 * CPU per event, events per CPU-second of the server and of all processes, and the load average.
 * Never asserts on time.
 *
 * Run: `npx tsx bench/pipeline-neo4j.bench.ts [quick|full]` or `npm run bench -- pipeline-neo4j`.
 * Environment, optional: `NEO4J_BENCH_JIT` `c2` (default, a long-running server) or `c1` (the
 * launcher's fast-start flags), `NEO4J_BENCH_WARMUP` warm-up rounds (default 3),
 * `NEO4J_BENCH_ROUNDS` measured copies of the fixture's events per case (default 2 quick, 4 full),
 * `NEO4J_BENCH_BATCH` store stage batch size, `NEO4J_BENCH_MESSAGE_BATCH` events per MQTT message
 * (default 64), `NEO4J_BENCH_CASES` a comma list of `store,loop,mqtt` (default all three).
 * Comma lists of runs made in turn on the same server, to compare back to back:
 * `NEO4J_BENCH_IN_FLIGHT` writes in flight of the store-only case (`2,1,2,1` compares pipelined
 * and not) and `NEO4J_BENCH_PENDING` the store stage's back-pressure bound of the loop and broker
 * cases; `0` (the default) is the stage's default.
 */
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { openNeo4jStore, type Neo4jStore } from '../src/graph/neo4j/index.js';
import type { GraphStore } from '../src/graph/port.js';
import { labelsOf } from '../src/ontology/index.js';
import { liveFixture, testLoop, waitFor, type LiveFixture, type TestLoop } from '../src/pipeline/live-harness.test-support.js';
import type { LiveEvent } from '../src/pipeline/live-event.js';
import { startMqttWorker } from '../src/pipeline/mqtt-worker.js';
import { replayEvents } from '../src/pipeline/replay-events.js';
import { runLoop } from '../src/pipeline/run-scenario-through-loop.js';
import { createStoreStage } from '../src/pipeline/store-stage.js';
import { startMosquitto, type Mosquitto } from '../tests/support/mosquitto.js';
import { startNeo4j, stopNeo4j, type Neo4jServer } from '../tools/neo4j/neo4j.mjs';
import { formatFigure, type BenchContext, type Benchmark, type Figure } from './figures.js';
import { envInt, processCpuMsByCmdline, processCpuSplit, readLoad } from './proc-stats.js';

const BENCH = 'pipeline-neo4j';
const SIZE = { quick: { devices: 600, hours: 12, rounds: 2 }, full: { devices: 600, hours: 12, rounds: 4 } } as const;
/** Events per MQTT message (a gateway's batch; `civgraph replay --batch 64`), as bench/pipeline.bench.ts; `NEO4J_BENCH_MESSAGE_BATCH` overrides. */
const messageBatch = (): number => envInt('NEO4J_BENCH_MESSAGE_BATCH', 64);

type Record = (figure: Figure) => void;
const round = (v: number, digits = 1): number => Math.round(v * 10 ** digits) / 10 ** digits;

/** `rounds` copies of the fixture's events with ids unique to `tag` (fresh nodes in the store). */
function copies(fixture: LiveFixture, tag: string, rounds: number): LiveEvent[] {
  const out: LiveEvent[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const live of fixture.events) out.push({ event: { ...live.event, id: `${live.event.id}#${tag}${r}` } });
  }
  return out;
}

/** CPU and wall meters around one measured run. */
interface Meter {
  stop(): { ms: number; engineMs: number; serverMs: number; serverJitMs: number; brokerMs: number };
}

function startMeter(server: Neo4jServer, broker?: Mosquitto): Meter {
  const cpu = process.cpuUsage();
  const server0 = processCpuSplit(server.pid);
  const broker0 = broker === undefined ? 0 : processCpuMsByCmdline(broker.dir);
  const started = performance.now();
  return {
    stop() {
      const ms = performance.now() - started;
      const used = process.cpuUsage(cpu);
      const server1 = processCpuSplit(server.pid);
      return {
        ms,
        engineMs: (used.user + used.system) / 1000,
        serverMs: (server1.jit + server1.other - server0.jit - server0.other) * 1000,
        serverJitMs: (server1.jit - server0.jit) * 1000,
        brokerMs: broker === undefined ? 0 : processCpuMsByCmdline(broker.dir) - broker0,
      };
    },
  };
}

function report(record: Record, label: string, events: number, m: ReturnType<Meter['stop']>): void {
  const fig = (metric: string, value: number, unit: string): void => record({ bench: BENCH, case: label, metric, value, unit });
  const per = (ms: number): number => round((ms / events) * 1000);
  fig('events', events, 'count');
  fig('sustained', Math.round((events / m.ms) * 1000), 'events/s');
  fig('engine CPU per event (all threads)', per(m.engineMs), 'µs');
  fig('Neo4j server CPU per event (without JIT threads)', per(m.serverMs - m.serverJitMs), 'µs');
  fig('Neo4j server JIT CPU per event', per(m.serverJitMs), 'µs');
  if (m.brokerMs > 0) fig('Mosquitto CPU per event', per(m.brokerMs), 'µs');
  const total = m.engineMs + m.serverMs + m.brokerMs;
  fig('CPU per event, all processes', per(total), 'µs');
  fig('events per server CPU-second', Math.round((events / m.serverMs) * 1000), 'events/cpu-s');
  fig('events per CPU-second, all processes', Math.round((events / total) * 1000), 'events/cpu-s');
  fig('load average at end', round(loadavg()[0] ?? 0, 2), '');
}

/** The store stage alone (no scoring or decisions): what the store costs per event. */
async function storeOnly(store: Pick<GraphStore, 'write'>, fixture: LiveFixture, events: readonly LiveEvent[], inFlight: number): Promise<void> {
  const stage = createStoreStage({ store, hasDevice: fixture.directory.has, ...batchOption(), ...(inFlight > 0 ? { maxInFlight: inFlight } : {}) });
  for (const live of events) {
    const wait = stage.add(live);
    if (wait !== undefined) await wait;
  }
  await stage.flush();
}

function batchOption(): { batchSize?: number } {
  const size = envInt('NEO4J_BENCH_BATCH', 0);
  return size > 0 ? { batchSize: size } : {};
}

/**
 * A comma list of runs made in turn from the environment: `NEO4J_BENCH_IN_FLIGHT` (writes in
 * flight of each store-only run) or `NEO4J_BENCH_PENDING` (the back-pressure bound of each loop and
 * broker run); 0 = the stage's default.
 */
function runList(name: 'NEO4J_BENCH_IN_FLIGHT' | 'NEO4J_BENCH_PENDING'): number[] {
  const runs = (process.env[name] ?? '0').split(',').map(Number).filter((n) => Number.isInteger(n) && n >= 0);
  return runs.length === 0 ? [0] : runs;
}

const pendingOption = (maxPending: number): { maxPending?: number } => (maxPending > 0 ? { maxPending } : {});

async function inProcess(store: Pick<GraphStore, 'write'>, fixture: LiveFixture, events: readonly LiveEvent[], maxPending = 0): Promise<void> {
  const t = testLoop(fixture, { store, ...batchOption(), ...pendingOption(maxPending) });
  const summary = await runLoop(t.loop, events);
  if (summary.events !== events.length) throw new Error(`loop processed ${summary.events} of ${events.length} events`);
}

/** One broker run: its MQTT client id, the stage's bound, and the meter to start once the events are queued. */
interface BrokerRun {
  readonly clientId: string;
  readonly maxPending?: number;
  readonly server?: Neo4jServer;
  readonly meter?: (started: Meter) => void;
}

/** Queues `events` at the broker for a persistent session, then drains them with a worker; resolves when all are stored. */
async function throughBroker(broker: Mosquitto, store: Pick<GraphStore, 'write'>, fixture: LiveFixture, events: readonly LiveEvent[], run: BrokerRun): Promise<void> {
  const { clientId, server, meter } = run;
  const t: TestLoop = testLoop(fixture, { store, ...batchOption(), ...pendingOption(run.maxPending ?? 0) });
  const first = await startMqttWorker({ url: broker.url, topics: ['city/#'], clientId, loop: t.loop, ingestor: t.ingestor });
  await first.close();
  await replayEvents({ url: broker.url, events, groupOf: fixture.groupOf, clientId: `${clientId}-replay`, window: 2048, batch: messageBatch() });
  const m = server === undefined ? undefined : startMeter(server, broker);
  const worker = await startMqttWorker({ url: broker.url, topics: ['city/#'], clientId, loop: t.loop, ingestor: t.ingestor });
  await waitFor(() => t.processed.length >= events.length, 'the queued events', 1_800_000);
  await t.loop.flush();
  if (m !== undefined) meter?.(m);
  await worker.close();
}

async function openCityStore(server: Neo4jServer, fixture: LiveFixture): Promise<Neo4jStore> {
  const store = await openNeo4jStore({ uri: server.uri, labelsOf, batchSize: 10_000 });
  for (const batch of fixture.city.batches()) await store.write(batch);
  return store;
}

function jvmArgs(): string[] {
  const jit = process.env.NEO4J_BENCH_JIT ?? 'c2';
  return ['-XX:+UseParallelGC', '-XX:-UseDynamicNumberOfCompilerThreads', ...(jit === 'c1' ? ['-XX:TieredStopAtLevel=1'] : [])];
}

export async function runPipelineNeo4jBench(context: BenchContext): Promise<void> {
  const size = SIZE[context.scale];
  const rounds = envInt('NEO4J_BENCH_ROUNDS', size.rounds);
  const warmups = envInt('NEO4J_BENCH_WARMUP', 3);
  const cases = new Set((process.env.NEO4J_BENCH_CASES ?? 'store,loop,mqtt').split(','));
  const fixture = liveFixture({ scenario: 'coordinated', devices: size.devices, hours: size.hours });
  const server = await startNeo4j({ heap: '1g', pagecache: '1g', jvmArgs: jvmArgs(), exitWithParent: true });
  const broker = cases.has('mqtt') ? await startMosquitto() : undefined;
  const store = await openCityStore(server, fixture);
  const label = (what: string): string =>
    `${what}, coordinated, ${size.devices} devices, JIT ${process.env.NEO4J_BENCH_JIT ?? 'c2'}, batch ${envInt('NEO4J_BENCH_BATCH', 2048)}`;
  try {
    for (let w = 0; w < warmups; w++) {
      await inProcess(store, fixture, copies(fixture, `warm-loop-${w}-`, 1));
      if (broker !== undefined) await throughBroker(broker, store, fixture, copies(fixture, `warm-mqtt-${w}-`, 1), { clientId: `bench-neo4j-warm-${w}` });
    }
    console.log(`# warm-up: ${warmups} round(s) of ${fixture.events.length} events through the loop${broker === undefined ? '' : ' and the broker'}; load ${readLoad()}`);
    if (cases.has('store')) {
      for (const [run, inFlight] of runList('NEO4J_BENCH_IN_FLIGHT').entries()) {
        const events = copies(fixture, `store-${run}-`, rounds);
        const m = startMeter(server);
        await storeOnly(store, fixture, events, inFlight);
        report(context.record, label(`store stage only (no loop), ${inFlight === 0 ? 'default' : inFlight} write(s) in flight, run ${run + 1}`), events.length, m.stop());
      }
    }
    const bound = (maxPending: number): string => `store bound ${maxPending === 0 ? 'default' : maxPending}`;
    for (const [run, maxPending] of (cases.has('loop') ? runList('NEO4J_BENCH_PENDING') : []).entries()) {
      const events = copies(fixture, `loop-${run}-`, rounds);
      const m = startMeter(server);
      await inProcess(store, fixture, events, maxPending);
      report(context.record, label(`in-process loop (no broker), ${bound(maxPending)}, run ${run + 1}`), events.length, m.stop());
    }
    for (const [run, maxPending] of (broker === undefined ? [] : runList('NEO4J_BENCH_PENDING')).entries()) {
      const events = copies(fixture, `mqtt-${run}-`, rounds);
      let figures: ReturnType<Meter['stop']> | undefined;
      await throughBroker(broker as Mosquitto, store, fixture, events, { clientId: `bench-neo4j-mqtt-${run}`, maxPending, server, meter: (m) => (figures = m.stop()) });
      if (figures !== undefined) report(context.record, label(`broker → decision (Mosquitto, ${messageBatch()} event(s) per message), ${bound(maxPending)}, run ${run + 1}`), events.length, figures);
    }
  } finally {
    await store.close();
    await broker?.dispose();
    await stopNeo4j(server);
  }
}

export const pipelineNeo4jBenchmark: Benchmark = {
  name: BENCH,
  description: 'live loop on Neo4j: store-only, in-process and broker → decision events/s with engine and server CPU per event',
  run: runPipelineNeo4jBench,
};

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const scale = process.argv[2] === 'full' ? 'full' : 'quick';
  await pipelineNeo4jBenchmark.run({ scale, record: (figure) => console.log(formatFigure(figure)) });
}
