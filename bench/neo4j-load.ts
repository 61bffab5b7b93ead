/**
 * Bulk load of generated cities into Neo4j through the store's batched UNWIND
 * writes (issue 3 item 7; target ≥ 50,000 entities/s on a 2-core machine). Each
 * scale gets a fresh launcher (tools/neo4j, temporary data) so runs do not share
 * a page cache. Besides wall-clock throughput it records the CPU time of the
 * Neo4j JVM split into JIT compiler threads and the rest (Bolt workers, GC,
 * page cache), and of this process, since the machine may be shared: entities
 * per server CPU-second is the figure that survives a noisy neighbour.
 * Prints figures; never asserts on time.
 *
 * Run: `npx tsx bench/neo4j-load.ts [quick|full] [devices...]` (quick = 5k and
 * 50k devices, full adds 500k and 1M). Environment, all optional:
 * `NEO4J_BENCH_CHUNK` rows per UNWIND statement (store `batchSize`, default
 * 10,000), `NEO4J_BENCH_BATCH` entities per write batch (the generator's
 * `batchSize`, default 20,000), `NEO4J_BENCH_JIT` `c1` or `c2` (default: c1
 * below 500k devices, where C2 compilation costs more CPU than it saves),
 * `NEO4J_BENCH_WARM=1` loads the city once, empties the graph and measures a
 * second load on the same JVM: the figure of a long-running server, whose JIT
 * has compiled the write path (a fresh JVM pays for that compilation inside
 * the measured load), `NEO4J_BENCH_SHAPE=minimal` loads the same city with the
 * minimal Cypher baseline instead of the store (see openMinimalLoader).
 *
 * Offline mode, `npx tsx bench/neo4j-load.ts offline [devices...]` (default 50k and 500k
 * devices): the same city through the offline importer (src/graph/neo4j/bulk-import) — write the
 * import CSV files while the importer JVM starts and warms up, run `neo4j-admin database import
 * full` (tools/neo4j BulkImport) and serve its result from the same JVM (`--serve`), create the store's schema until every index is ONLINE,
 * open Neo4jStore on it, stop. Entities/s is over the whole wall time; each phase reports its wall
 * and CPU time (this process; the importer/server JVM from /proc/<pid>/stat).
 * The importer's JIT and warm-up are the CLI's for the size (bulk-import `importerProfile`: C2 and a
 * warm-up import from 1M entities, else C1-only, no warm-up); `NEO4J_BENCH_IMPORT_JIT` `c1`|`c2` and
 * `NEO4J_BENCH_WARM_UP` `0`|`1` override them (the JVM starts while the files are written either way); `NEO4J_BENCH_DIR` where files and the data
 * directory go (default the OS temp folder; removed afterwards).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import neo4j from 'neo4j-driver';
import { finishImport, importerProfile, startImporter, writeImportFiles } from '../src/graph/neo4j/bulk-import/index.js';
import { openNeo4jStore } from '../src/graph/neo4j/index.js';
import type { Props, WriteBatch } from '../src/graph/port.js';
import { labelsOf } from '../src/ontology/index.js';
import { generateCity } from '../src/sim/index.js';
import { FAST_START_JVM_FLAGS, IMPORTER_JVM_FLAGS, importerCommand, startNeo4j, stopNeo4j } from '../tools/neo4j/neo4j.mjs';
import { formatFigure, type BenchContext, type Benchmark, type Figure } from './figures.js';
import { envInt, processCpuSeconds, processCpuSplit, readLoad } from './proc-stats.js';

const SCALES = { quick: [5_000, 50_000], full: [5_000, 50_000, 500_000, 1_000_000] } as const;
const EMPTY_GRAPH = [
  'MATCH ()-[r]->() CALL { WITH r DELETE r } IN TRANSACTIONS OF 10000 ROWS',
  'MATCH (n) CALL { WITH n DELETE n } IN TRANSACTIONS OF 10000 ROWS',
];

function clientCpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

/** Sizes the launcher for the graph (1M devices is about 4.5M nodes and edges) and picks the JIT. */
function serverOptions(devices: number): { heap: string; pagecache: string; jvmArgs: string[] } {
  const jit = process.env.NEO4J_BENCH_JIT ?? (devices >= 500_000 ? 'c2' : 'c1');
  // Fixed compiler threads: with dynamic ones an exiting thread takes its CPU time out of /proc, and the JIT split went negative.
  const jvmArgs = ['-XX:+UseParallelGC', '-XX:-UseDynamicNumberOfCompilerThreads', ...(jit === 'c1' ? ['-XX:TieredStopAtLevel=1'] : [])];
  if (devices >= 500_000) return { heap: '4g', pagecache: '4g', jvmArgs };
  return { heap: '1g', pagecache: '1g', jvmArgs };
}

/** What a load goes through: the store, or the minimal Cypher baseline. */
interface Loader {
  write(batch: WriteBatch): Promise<unknown>;
  close(): Promise<void>;
}

type Row = Record<string, string | number | boolean | string[]>;

/** Property values Neo4j stores natively (no null, no objects): the baseline keeps just those. */
function nativeProps(props: Props | undefined): Row {
  const row: Row = {};
  for (const [key, value] of Object.entries(props ?? {})) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') row[key] = value;
    else if (Array.isArray(value) && value.every((item) => typeof item === 'string')) row[key] = value as string[];
  }
  return row;
}

/**
 * The baseline outside CivGraph's store (`NEO4J_BENCH_SHAPE=minimal`): per batch one explicit
 * transaction of `UNWIND $rows AS p CREATE (n:N) SET n = p` (unique `:N(id)`) and, per
 * relationship type, `CREATE` between two unique-index seeks with no relationship properties,
 * no per-kind labels, no versions, no lookups. What Neo4j itself costs for the same city.
 */
async function openMinimalLoader(uri: string): Promise<Loader> {
  const driver = neo4j.driver(uri);
  await driver.executeQuery('CREATE CONSTRAINT bench_n_id IF NOT EXISTS FOR (n:N) REQUIRE n.id IS UNIQUE', {}, { database: 'neo4j' });
  const session = driver.session({ database: 'neo4j' });
  const write = async (batch: WriteBatch): Promise<void> => {
    const tx = session.beginTransaction();
    await tx.run('UNWIND $rows AS p CREATE (n:N) SET n = p', { rows: (batch.nodes ?? []).map((node) => ({ ...nativeProps(node.props), id: node.id, kind: node.kind })) });
    const byType = new Map<string, { from: string; to: string }[]>();
    for (const edge of batch.edges ?? []) {
      const type = edge.kind.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
      byType.set(type, [...(byType.get(type) ?? []), { from: edge.from, to: edge.to }]);
    }
    for (const [type, rows] of byType) {
      await tx.run(`UNWIND $rows AS row MATCH (a:N {id: row.from}) MATCH (b:N {id: row.to}) CREATE (a)-[:\`${type}\`]->(b)`, { rows });
    }
    await tx.commit();
  };
  return { write, close: async () => (await session.close(), await driver.close()) };
}

/** Writes the generated city through `loader`, batch by batch; returns the entities written. */
async function writeCity(store: Loader, devices: number, batchSize: number): Promise<number> {
  let entities = 0;
  for (const batch of generateCity({ devices, seed: 1, batchSize }).batches()) {
    await store.write(batch);
    entities += (batch.nodes?.length ?? 0) + (batch.edges?.length ?? 0);
  }
  return entities;
}

/**
 * Deletes every relationship and node, in server-side batches (schema and the JVM's JIT stay).
 * `CALL { } IN TRANSACTIONS` runs only in an auto-commit statement, hence `session.run`.
 */
async function emptyGraph(uri: string): Promise<void> {
  const driver = neo4j.driver(uri);
  const session = driver.session({ database: 'neo4j' });
  try {
    for (const query of EMPTY_GRAPH) await session.run(query);
  } finally {
    await session.close();
    await driver.close();
  }
}

/** Loads one city into a fresh server (after a warm-up load when `NEO4J_BENCH_WARM=1`) and records its figures. */
export async function loadCity(devices: number, record: (figure: Figure) => void): Promise<void> {
  const options = serverOptions(devices);
  const chunk = envInt('NEO4J_BENCH_CHUNK', 10_000);
  const batchSize = envInt('NEO4J_BENCH_BATCH', 20_000);
  const warm = process.env.NEO4J_BENCH_WARM === '1';
  const minimal = process.env.NEO4J_BENCH_SHAPE === 'minimal';
  const server = await startNeo4j({ ...options, exitWithParent: true });
  try {
    const open = (): Promise<Loader> => (minimal ? openMinimalLoader(server.uri) : openNeo4jStore({ uri: server.uri, labelsOf, batchSize: chunk }));
    if (warm) {
      const warmup = await open();
      await writeCity(warmup, devices, batchSize);
      await warmup.close();
      await emptyGraph(server.uri);
    }
    const store = await open();
    const server0 = processCpuSplit(server.pid);
    const serverTotal0 = processCpuSeconds(server.pid);
    const client0 = clientCpuSeconds();
    const load0 = readLoad();
    const start = performance.now();
    const entities = await writeCity(store, devices, batchSize);
    const seconds = (performance.now() - start) / 1000;
    const server1 = processCpuSplit(server.pid);
    const serverCpu = processCpuSeconds(server.pid) - serverTotal0;
    const clientCpu = clientCpuSeconds() - client0;
    await store.close();
    const bench = 'neo4j-load';
    const label = `${devices.toLocaleString('en-US')} devices${minimal ? ', minimal Cypher baseline' : ''}${warm ? ' (warm JVM)' : ''}`;
    console.log(`# ${label}: JVM ${options.jvmArgs.join(' ')} heap ${options.heap} pagecache ${options.pagecache}, chunk ${chunk}, batch ${batchSize}, load average ${load0} -> ${readLoad()}`);
    record({ bench, case: label, metric: 'entities', value: entities, unit: 'nodes+edges' });
    record({ bench, case: label, metric: 'wall', value: seconds, unit: 's' });
    record({ bench, case: label, metric: 'throughput', value: Math.round(entities / seconds), unit: 'entities/s' });
    record({ bench, case: label, metric: 'server cpu', value: serverCpu, unit: 's' });
    record({ bench, case: label, metric: 'server jit cpu', value: server1.jit - server0.jit, unit: 's' });
    record({ bench, case: label, metric: 'server gc cpu', value: server1.gc - server0.gc, unit: 's' });
    record({ bench, case: label, metric: 'client cpu', value: clientCpu, unit: 's' });
    record({ bench, case: label, metric: 'per server cpu-second', value: Math.round(entities / serverCpu), unit: 'entities/cpu-s' });
  } finally {
    await stopNeo4j(server);
  }
}

interface Phase {
  readonly wall: number;
  readonly client: number;
}

async function timed<T>(work: () => Promise<T>): Promise<[T, Phase]> {
  const wall0 = performance.now();
  const client0 = clientCpuSeconds();
  const value = await work();
  return [value, { wall: (performance.now() - wall0) / 1000, client: clientCpuSeconds() - client0 }];
}

/**
 * Offline load of one city: CSV files, the offline importer, then the same JVM serving the imported
 * data directory with the store's schema ONLINE and Neo4jStore open (what a user has after
 * `civgraph neo4j-import` and `npm run neo4j:start`).
 */
export async function loadCityOffline(devices: number, record: (figure: Figure) => void): Promise<void> {
  const root = mkdtempSync(join(process.env.NEO4J_BENCH_DIR ?? tmpdir(), 'civgraph-offline-'));
  const big = devices >= 500_000;
  // The CLI's choice for this size (importerProfile), unless the environment says otherwise.
  const profile = importerProfile(devices * 4);
  const jit = process.env.NEO4J_BENCH_IMPORT_JIT ?? profile.jit;
  const importJvm = jit === 'c1' ? FAST_START_JVM_FLAGS : IMPORTER_JVM_FLAGS;
  const load0 = readLoad();
  try {
    const home = join(root, 'home');
    // One JVM imports, then serves: its heap covers both, its page cache is the server's (the store is ~0.5 GB at 500k devices).
    const command = (args: readonly string[]): { file: string; args: string[] } => importerCommand(args, { heap: big ? '4g' : '1g', jvmArgs: importJvm });
    const serve = { pagecache: big ? '4g' : '1g' };
    const warmUp = process.env.NEO4J_BENCH_WARM_UP === undefined ? profile.warmUp : process.env.NEO4J_BENCH_WARM_UP === '1';
    // As bulkImport does: the JVM starts (and warms up) while this process writes the files.
    const importer = startImporter({ home, command, maxOffHeapMemory: big ? '3g' : '1g', serve, warmUp, logDir: join(root, 'files') });
    const [files, write] = await timed(() =>
      writeImportFiles(generateCity({ devices, seed: 1, batchSize: envInt('NEO4J_BENCH_BATCH', 20_000) }).batches(), { dir: join(root, 'files'), labelsOf }),
    );
    const [served, load] = await timed(() => importer.serve(files));
    try {
      const jvmAtReady = processCpuSeconds(served.pid);
      const [, schema] = await timed(async () => {
        await finishImport({ uri: served.uri, files });
        const store = await openNeo4jStore({ uri: served.uri, labelsOf });
        await store.close();
      });
      const jvmCpu = processCpuSeconds(served.pid);
      const [, stop] = await timed(() => served.stop());
      const entities = files.nodes + files.edges;
      const wall = write.wall + load.wall + schema.wall + stop.wall;
      const cpu = write.client + load.client + schema.client + jvmCpu;
      const bench = 'neo4j-load';
      const label = `${devices.toLocaleString('en-US')} devices, offline import`;
      console.log(`# ${label}: importer+server JVM ${importJvm.join(' ')} (${jit}), warm-up ${warmUp ? 'on' : 'off'}, heap ${big ? '4g' : '1g'}, pagecache ${serve.pagecache}, load average ${load0} -> ${readLoad()}`);
      console.log(`# ${files.nodeFiles.length} node files, ${files.edgeFiles.length} relationship files, importer reported ${served.imported.nodes} nodes ${served.imported.relationships} relationships in ${served.imported.importMs} ms`);
      record({ bench, case: label, metric: 'entities', value: entities, unit: 'nodes+edges' });
      record({ bench, case: label, metric: 'wall', value: wall, unit: 's' });
      record({ bench, case: label, metric: 'throughput', value: Math.round(entities / wall), unit: 'entities/s' });
      record({ bench, case: label, metric: 'csv write wall', value: write.wall, unit: 's' });
      record({ bench, case: label, metric: 'csv write cpu', value: write.client, unit: 's' });
      record({ bench, case: label, metric: 'import+start wall (after the files)', value: load.wall, unit: 's' });
      record({ bench, case: label, metric: 'server start wall (in the importer JVM)', value: served.startMs / 1000, unit: 's' });
      record({ bench, case: label, metric: 'warm-up+import+start jvm cpu', value: jvmAtReady, unit: 's' });
      record({ bench, case: label, metric: 'schema wall', value: schema.wall, unit: 's' });
      record({ bench, case: label, metric: 'schema jvm cpu', value: jvmCpu - jvmAtReady, unit: 's' });
      record({ bench, case: label, metric: 'stop wall', value: stop.wall, unit: 's' });
      record({ bench, case: label, metric: 'total cpu', value: cpu, unit: 's' });
      record({ bench, case: label, metric: 'per cpu-second', value: Math.round(entities / cpu), unit: 'entities/cpu-s' });
    } finally {
      await served.stop();
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

export const neo4jLoadBenchmark: Benchmark = {
  name: 'neo4j-load',
  description: 'Bulk load of 5k/50k (quick) and 500k/1M (full) device cities into a fresh Neo4j via the launcher, through the store and (50k+) offline',
  async run(context: BenchContext): Promise<void> {
    for (const devices of SCALES[context.scale]) await loadCity(devices, context.record);
    for (const devices of SCALES[context.scale].filter((n) => n >= 50_000)) await loadCityOffline(devices, context.record);
  },
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [scaleArg, ...rest] = process.argv.slice(2);
  const scale = scaleArg === 'full' ? 'full' : 'quick';
  const record = (figure: Figure): void => console.log(formatFigure(figure));
  const devices = rest.map(Number).filter((n) => Number.isInteger(n) && n > 0);
  if (scaleArg === 'offline') for (const n of devices.length > 0 ? devices : [50_000, 500_000]) await loadCityOffline(n, record);
  else if (devices.length === 0) await neo4jLoadBenchmark.run({ scale, record });
  else for (const n of devices) await loadCity(n, record);
}
