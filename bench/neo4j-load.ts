/**
 * Bulk load of generated cities into Neo4j through the store's batched UNWIND
 * writes (issue 3 item 7; target ≥ 50,000 entities/s on a 2-core machine). Each
 * scale gets a fresh launcher (tools/neo4j, temporary data, full JIT) so runs do
 * not share a page cache. Besides wall-clock throughput it records the CPU time
 * of the Neo4j JVM and of this process, since the machine may be shared:
 * entities per server CPU-second is the figure that survives a noisy neighbour.
 * Prints figures; never asserts on time.
 * Run: `npx tsx bench/neo4j-load.ts [quick|full] [devices...]` (quick = 5k and 50k devices).
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { openNeo4jStore } from '../src/graph/neo4j/index.js';
import { labelsOf } from '../src/ontology/index.js';
import { generateCity } from '../src/sim/index.js';
import { startNeo4j, stopNeo4j } from '../tools/neo4j/neo4j.mjs';
import { formatFigure, type BenchContext, type Benchmark, type Figure } from './figures.js';

const SCALES = { quick: [5_000, 50_000], full: [5_000, 50_000, 500_000, 1_000_000] } as const;

/** CPU seconds (user + system) a process has used, from /proc (Linux); NaN elsewhere. */
export function processCpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

function clientCpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

/** Sizes the launcher for the graph: 1M devices is about 5M nodes and edges. */
function serverSize(devices: number): { heap: string; pagecache: string } {
  return devices >= 500_000 ? { heap: '2g', pagecache: '2g' } : { heap: '1g', pagecache: '512m' };
}

/** Loads one city into a fresh server and records its figures. */
export async function loadCity(devices: number, record: (figure: Figure) => void): Promise<void> {
  const server = await startNeo4j({ ...serverSize(devices), exitWithParent: true, jvmArgs: ['-XX:+UseParallelGC'] });
  try {
    const store = await openNeo4jStore({ uri: server.uri, labelsOf, batchSize: 5000 });
    const city = generateCity({ devices, seed: 1 });
    let entities = 0;
    const server0 = processCpuSeconds(server.pid);
    const client0 = clientCpuSeconds();
    const start = performance.now();
    for (const batch of city.batches()) {
      await store.write(batch);
      entities += (batch.nodes?.length ?? 0) + (batch.edges?.length ?? 0);
    }
    const seconds = (performance.now() - start) / 1000;
    const serverCpu = processCpuSeconds(server.pid) - server0;
    const clientCpu = clientCpuSeconds() - client0;
    await store.close();
    const bench = 'neo4j-load';
    const label = `${devices.toLocaleString('en-US')} devices`;
    record({ bench, case: label, metric: 'entities', value: entities, unit: 'nodes+edges' });
    record({ bench, case: label, metric: 'wall', value: seconds, unit: 's' });
    record({ bench, case: label, metric: 'throughput', value: Math.round(entities / seconds), unit: 'entities/s' });
    record({ bench, case: label, metric: 'server cpu', value: serverCpu, unit: 's' });
    record({ bench, case: label, metric: 'client cpu', value: clientCpu, unit: 's' });
    record({ bench, case: label, metric: 'per server cpu-second', value: Math.round(entities / serverCpu), unit: 'entities/cpu-s' });
  } finally {
    await stopNeo4j(server);
  }
}

export const neo4jLoadBenchmark: Benchmark = {
  name: 'neo4j-load',
  description: 'Bulk load of 5k/50k (quick) and 500k/1M (full) device cities into a fresh Neo4j via the launcher',
  async run(context: BenchContext): Promise<void> {
    for (const devices of SCALES[context.scale]) await loadCity(devices, context.record);
  },
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [scaleArg, ...rest] = process.argv.slice(2);
  const scale = scaleArg === 'full' ? 'full' : 'quick';
  const record = (figure: Figure): void => console.log(formatFigure(figure));
  const devices = rest.map(Number).filter((n) => Number.isInteger(n) && n > 0);
  if (devices.length === 0) await neo4jLoadBenchmark.run({ scale, record });
  else for (const n of devices) await loadCity(n, record);
}
