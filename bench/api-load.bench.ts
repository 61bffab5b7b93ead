/**
 * Issue 8 item 7: load test of the GraphQL API with autocannon against a server on loopback
 * (a 1,500-device simulated city in an in-memory embedded store). Cases: a device by id
 * (target ≥ 2,500 req/s) and riskGraph at depth 3 (target ≥ 1,000 req/s with p99 ≤ 25 ms).
 * autocannon drives the load from a worker thread so the server keeps the main event loop.
 * Figures: requests/s (mean), latency p50/p99 (ms), non-2xx responses and errors.
 */
import { createRequire } from 'node:module';
import { startTestServer, TEST_KEYS } from '../src/api/testing/start-test-server.js';
import type { BenchContext, Benchmark } from './figures.js';

interface AutocannonResult {
  readonly requests: { readonly average: number; readonly total: number };
  readonly latency: { readonly p50: number; readonly p99: number; readonly average: number };
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;

const CASES = [
  { name: 'device by id', query: '{ node(id: "cam-0") { ... on GraphNode { id name kind domain zone } } }' },
  { name: 'riskGraph depth 3 (device, downstream)', query: '{ riskGraph(focus: "gw-ev-2", depth: 3) { totalCount truncated nodes { id risk hops } } }' },
  { name: 'riskGraph depth 3 (hospital, upstream)', query: '{ riskGraph(focus: "hosp-0", depth: 3, direction: UPSTREAM) { totalCount truncated nodes { id risk hops } } }' },
] as const;

const SECONDS = { quick: 8, full: 30 } as const;

async function runCase(url: string, query: string, seconds: number): Promise<AutocannonResult> {
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
  return autocannon({
    url: `${url}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': TEST_KEYS.reader },
    body: JSON.stringify({ query }),
    connections: 16,
    pipelining: 1,
    duration: seconds,
    workers: 1,
  });
}

export const apiLoadBenchmark: Benchmark = {
  name: 'api-load',
  description: 'GraphQL API under autocannon: device by id, riskGraph depth 3',
  async run(context: BenchContext) {
    const server = await startTestServer({ devices: 1500, api: { maxCost: 1_000_000 } });
    try {
      for (const { name, query } of CASES) {
        await runCase(server.url, query, 2);
        const result = await runCase(server.url, query, SECONDS[context.scale]);
        context.record({ bench: 'api-load', case: name, metric: 'throughput', value: Math.round(result.requests.average), unit: 'req/s' });
        context.record({ bench: 'api-load', case: name, metric: 'latency p50', value: result.latency.p50, unit: 'ms' });
        context.record({ bench: 'api-load', case: name, metric: 'latency p99', value: result.latency.p99, unit: 'ms' });
        context.record({ bench: 'api-load', case: name, metric: 'non-2xx + errors', value: result.non2xx + result.errors + result.timeouts, unit: 'responses' });
      }
    } finally {
      await server.stop();
    }
  },
};
