/**
 * Issue 8 item 7: load test of the GraphQL API with autocannon against a server on loopback
 * (a 1,500-device simulated city in an in-memory embedded store). Cases: a device by id
 * (target ≥ 2,500 req/s) and riskGraph at depth 3 (target ≥ 1,000 req/s with p99 ≤ 25 ms).
 * autocannon runs as a child process (its CLI, `--json`), so this process is the server alone
 * and `process.cpuUsage()` is the server's CPU time.
 * Figures: requests/s (mean), latency p50/p99 (ms), non-2xx responses and errors, and — since other
 * work may share the machine — the server's CPU time per request (user + system) and the load
 * average, which let runs under different load be compared.
 * The server runs as `civgraph serve` runs it: with NODE_ENV=production (bin/civgraph.js sets it
 * before graphql-js is imported; so does `run` here, importing the server only afterwards).
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { promisify } from 'node:util';
import type { BenchContext, Benchmark } from './figures.js';

interface AutocannonResult {
  readonly requests: { readonly average: number; readonly total: number };
  readonly latency: { readonly p50: number; readonly p99: number; readonly average: number };
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
}

const CASES = [
  { name: 'device by id', query: '{ node(id: "cam-0") { ... on GraphNode { id name kind domain zone } } }' },
  { name: 'riskGraph depth 3, 205 nodes (gateway, downstream)', query: '{ riskGraph(focus: "gw-ev-2", depth: 3) { totalCount truncated nodes { id risk hops } } }' },
  { name: 'riskGraph depth 3, 27 nodes (hospital, upstream)', query: '{ riskGraph(focus: "hosp-0", depth: 3, direction: UPSTREAM) { totalCount truncated nodes { id risk hops } } }' },
] as const;

const SECONDS = { quick: 8, full: 30 } as const;

/** One autocannon run (16 connections, no pipelining) from its CLI in a child process. */
async function runCase(url: string, apiKey: string, query: string, seconds: number): Promise<AutocannonResult> {
  const cli = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
  const args = ['--json', '-c', '16', '-p', '1', '-d', String(seconds), '-m', 'POST', '-H', 'content-type=application/json', '-H', `x-api-key=${apiKey}`, '-b', JSON.stringify({ query }), `${url}/graphql`];
  const { stdout } = await promisify(execFile)(process.execPath, [cli, ...args], { maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout) as AutocannonResult;
}

export const apiLoadBenchmark: Benchmark = {
  name: 'api-load',
  description: 'GraphQL API under autocannon: device by id, riskGraph depth 3',
  async run(context: BenchContext) {
    // As bin/civgraph.js: graphql-js reads NODE_ENV once, when it is first imported (just below).
    process.env['NODE_ENV'] ??= 'production';
    const { startTestServer, TEST_KEYS } = await import('../src/api/testing/start-test-server.js');
    const server = await startTestServer({ devices: 1500, api: { maxCost: 1_000_000 } });
    const key = TEST_KEYS.reader;
    try {
      for (const { name, query } of CASES) {
        await runCase(server.url, key, query, 2);
        const load = loadavg()[0] ?? 0;
        const cpu = process.cpuUsage();
        const result = await runCase(server.url, key, query, SECONDS[context.scale]);
        const used = process.cpuUsage(cpu);
        const record = (metric: string, value: number, unit: string) => context.record({ bench: 'api-load', case: name, metric, value, unit });
        record('throughput', Math.round(result.requests.average), 'req/s');
        record('latency p50', result.latency.p50, 'ms');
        record('latency p99', result.latency.p99, 'ms');
        record('non-2xx + errors', result.non2xx + result.errors + result.timeouts, 'responses');
        record('server CPU per request', Math.round((used.user + used.system) / Math.max(1, result.requests.total)), 'µs');
        record('load average (1 min) at start', Math.round(load * 100) / 100, '');
      }
    } finally {
      await server.stop();
    }
  },
};
