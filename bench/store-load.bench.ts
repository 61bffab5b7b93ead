/**
 * Issue 2 item 8: generate and load 5k / 50k / 1M-device cities into the
 * embedded store through the GraphStore port (`write`, the path the demo
 * uses), then build the projection from the store. Figures: entities/s,
 * store file size, projection build time, bytes of topology per edge, peak RSS.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedStore } from '../src/graph/embedded/index.js';
import { buildProjection } from '../src/graph/projection/index.js';
import { labelsOf } from '../src/ontology/index.js';
import { generateCity } from '../src/sim/index.js';
import { peakRssMiB, type BenchContext, type Benchmark } from './figures.js';

const SIZES = { quick: [5_000, 50_000], full: [5_000, 50_000, 1_000_000] } as const;

function label(devices: number): string {
  return devices >= 1_000_000 ? `${devices / 1_000_000}M devices` : `${devices / 1000}k devices`;
}

async function runSize(devices: number, context: BenchContext): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'civgraph-bench-'));
  const path = join(dir, 'city.db');
  const store = openEmbeddedStore({ path, labelsOf });
  const name = label(devices);
  try {
    const city = generateCity({ devices, seed: 1 });
    let entities = 0;
    let edges = 0;
    const started = performance.now();
    const cpuStart = process.cpuUsage();
    for (const batch of city.batches()) {
      await store.write(batch);
      entities += (batch.nodes?.length ?? 0) + (batch.edges?.length ?? 0);
      edges += batch.edges?.length ?? 0;
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    context.record({ bench: 'store-load', case: name, metric: 'entities', value: entities, unit: 'nodes+edges' });
    context.record({ bench: 'store-load', case: name, metric: 'load time', value: seconds, unit: 's' });
    context.record({ bench: 'store-load', case: name, metric: 'load rate', value: Math.round(entities / seconds), unit: 'entities/s' });
    context.record({ bench: 'store-load', case: name, metric: 'load CPU', value: (cpu.user + cpu.system) / 1e6, unit: 's' });
    const wal = `${path}-wal`;
    const bytes = statSync(path).size + (existsSync(wal) ? statSync(wal).size : 0);
    context.record({ bench: 'store-load', case: name, metric: 'store file + WAL', value: Math.round(bytes / 1048576), unit: 'MiB' });
    const projectionStarted = performance.now();
    const projection = await buildProjection(store);
    const projectionSeconds = (performance.now() - projectionStarted) / 1000;
    const memory = projection.memory();
    context.record({ bench: 'store-load', case: name, metric: 'projection build', value: projectionSeconds, unit: 's' });
    context.record({ bench: 'store-load', case: name, metric: 'projection topology', value: memory.topologyBytesPerEdge, unit: 'B/edge' });
    context.record({
      bench: 'store-load',
      case: name,
      metric: 'projection id map (estimate)',
      value: memory.idMapBytesEstimate / projection.liveNodeCount,
      unit: 'B/node',
    });
    context.record({ bench: 'store-load', case: name, metric: 'edges', value: edges, unit: 'edges' });
    context.record({ bench: 'store-load', case: name, metric: 'peak RSS so far', value: Math.round(peakRssMiB()), unit: 'MiB' });
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const storeLoadBenchmark: Benchmark = {
  name: 'store-load',
  description: 'generate a city, load it into the embedded store, build the projection',
  async run(context) {
    for (const devices of SIZES[context.scale]) await runSize(devices, context);
  },
};
