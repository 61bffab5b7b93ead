/**
 * Latency of the Cypher for the record (src/graph/neo4j/cypher-queries.ts) next
 * to the same answer on the projection (issue 3 item 7): the shortest
 * dependency path between two assets (Cypher `shortestPath` vs a BFS over the
 * projection's propagation edges) and the risk subgraph around a focus (Cypher
 * bounded variable-length match vs a BFS). A city is loaded into a fresh
 * launcher, the projection is built from the same store, and every query runs
 * once to warm up before it is timed. Prints figures; never asserts on time.
 * Run: `npx tsx bench/cypher-paths.ts [quick|full]` (quick = 5k devices, full = 50k).
 */
import { pathToFileURL } from 'node:url';
import neo4j, { type Driver } from 'neo4j-driver';
import { openNeo4jStore, riskSubgraphQuery, shortestDependencyPathQuery, type CypherQuery } from '../src/graph/neo4j/index.js';
import { buildProjection, type Projection } from '../src/graph/projection/index.js';
import { EDGE_SETS, labelsOf } from '../src/ontology/index.js';
import { generateCity } from '../src/sim/index.js';
import { startNeo4j, stopNeo4j } from '../tools/neo4j/neo4j.mjs';
import { formatFigure, percentile, type BenchContext, type Benchmark, type Figure } from './figures.js';

const DEVICES = { quick: 5_000, full: 50_000 } as const;

function bfsHops(projection: Projection, from: number, to: number, mask: Uint8Array, maxHops: number): number {
  const seen = new Uint8Array(projection.nodeCount);
  seen[from] = 1;
  let frontier = [from];
  for (let hops = 1; hops <= maxHops && frontier.length > 0; hops++) {
    const next: number[] = [];
    for (const node of frontier) {
      projection.forEachOutMasked(node, mask, (neighbour) => {
        if (seen[neighbour] === 0) {
          seen[neighbour] = 1;
          next.push(neighbour);
        }
      });
    }
    if (seen[to] === 1) return hops;
    frontier = next;
  }
  return -1;
}

function bfsNeighbourhood(projection: Projection, focus: number, depth: number, mask: Uint8Array): number {
  const seen = new Set<number>([focus]);
  let frontier = [focus];
  const visit = (neighbour: number, next: number[]): void => {
    if (!seen.has(neighbour)) {
      seen.add(neighbour);
      next.push(neighbour);
    }
  };
  for (let level = 0; level < depth && frontier.length > 0; level++) {
    const next: number[] = [];
    for (const node of frontier) {
      projection.forEachOutMasked(node, mask, (n) => visit(n, next));
      projection.forEachInMasked(node, mask, (n) => visit(n, next));
    }
    frontier = next;
  }
  return seen.size;
}

async function timeCypher(driver: Driver, queries: readonly CypherQuery[]): Promise<number[]> {
  const run = (query: CypherQuery): Promise<unknown> => driver.executeQuery(query.query, query.params, { database: 'neo4j' });
  for (const query of queries.slice(0, 3)) await run(query);
  const times: number[] = [];
  for (const query of queries) {
    const start = performance.now();
    await run(query);
    times.push(performance.now() - start);
  }
  return times;
}

function timeLocal(work: readonly (() => unknown)[]): number[] {
  work.slice(0, 3).forEach((run) => run());
  return work.map((run) => {
    const start = performance.now();
    run();
    return performance.now() - start;
  });
}

function recordLatency(record: (figure: Figure) => void, label: string, metric: string, times: readonly number[]): void {
  for (const p of [50, 95]) record({ bench: 'cypher-paths', case: label, metric: `${metric} p${p}`, value: percentile(times, p), unit: 'ms' });
}

/** Loads a city of `devices` and records path and subgraph latencies. */
export async function measurePaths(devices: number, record: (figure: Figure) => void): Promise<void> {
  const server = await startNeo4j({ heap: '1g', pagecache: '512m', exitWithParent: true, jvmArgs: ['-XX:+UseParallelGC'] });
  const driver = neo4j.driver(server.uri);
  try {
    const store = await openNeo4jStore({ uri: server.uri, labelsOf });
    const city = generateCity({ devices, seed: 1 });
    for (const batch of city.batches()) await store.write(batch);
    const projection = await buildProjection(store);
    await store.close();
    const mask = projection.edgeKindMask(EDGE_SETS.propagation);
    const ids = Array.from({ length: projection.nodeCount }, (_, i) => projection.nodeId(i));
    const sources = ids.filter((id) => /^(cam-|sig-|aq-|spk-|w0-PU)/.test(id)).slice(0, 40);
    const targets = [...city.notable.substations.slice(0, 3), city.notable.sharedGateway];
    const pairs = sources.flatMap((from) => targets.map((to) => ({ from, to })));
    const label = `${devices.toLocaleString('en-US')} devices, ${pairs.length} pairs`;
    const cypherPaths = await timeCypher(driver, pairs.map((pair) => shortestDependencyPathQuery({ ...pair, maxHops: 6 })));
    const localPaths = timeLocal(pairs.map(({ from, to }) => () => bfsHops(projection, projection.nodeIndex(from), projection.nodeIndex(to), mask, 6)));
    recordLatency(record, label, 'shortest path cypher', cypherPaths);
    recordLatency(record, label, 'shortest path projection BFS', localPaths);
    const focus = sources.slice(0, 20);
    const subLabel = `${devices.toLocaleString('en-US')} devices, ${focus.length} focuses, depth 3`;
    const cypherSub = await timeCypher(driver, focus.map((id) => riskSubgraphQuery({ focus: [id], depth: 3 })));
    const localSub = timeLocal(focus.map((id) => () => bfsNeighbourhood(projection, projection.nodeIndex(id), 3, mask)));
    recordLatency(record, subLabel, 'risk subgraph cypher', cypherSub);
    recordLatency(record, subLabel, 'risk subgraph projection BFS', localSub);
  } finally {
    await driver.close();
    await stopNeo4j(server);
  }
}

export const cypherPathsBenchmark: Benchmark = {
  name: 'cypher-paths',
  description: 'Cypher shortestPath and risk subgraph latency next to a BFS over the projection',
  async run(context: BenchContext): Promise<void> {
    await measurePaths(DEVICES[context.scale], context.record);
  },
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const scale = process.argv[2] === 'full' ? 'full' : 'quick';
  await cypherPathsBenchmark.run({ scale, record: (figure) => console.log(formatFigure(figure)) });
}
