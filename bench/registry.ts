import type { Benchmark } from './figures.js';
import type { runScoringBench } from './scoring.bench.js';

/** Every benchmark by name, loaded lazily so one run imports only what it needs. */
const LOADERS: Readonly<Record<string, () => Promise<Benchmark>>> = {
  'store-load': async () => (await import('./store-load.bench.js')).storeLoadBenchmark,
  scoring: async () => scoringBenchmark(await import('./scoring.bench.js')),
  ingest: async () => (await import('./ingest.bench.js')).ingestBenchmark,
  risk: async () => (await import('./risk.bench.js')).riskBenchmark,
  'api-load': async () => (await import('./api-load.bench.js')).apiLoadBenchmark,
  policy: async () => (await import('./policy.bench.js')).policyBenchmark,
  'neo4j-load': async () => (await import('./neo4j-load.js')).neo4jLoadBenchmark,
  'cypher-paths': async () => (await import('./cypher-paths.js')).cypherPathsBenchmark,
  pipeline: async () => (await import('./pipeline.bench.js')).pipelineBenchmark,
  'pipeline-neo4j': async () => (await import('./pipeline-neo4j.bench.js')).pipelineNeo4jBenchmark,
};

/** Adapts the scoring bench's result object to figures. */
function scoringBenchmark(module: { readonly runScoringBench: typeof runScoringBench }): Benchmark {
  return {
    name: 'scoring',
    description: 'gradient-boosted trees scoring and exact TreeSHAP (200 trees, depth 6, 43 features)',
    async run(context) {
      const r = module.runScoringBench();
      const ensemble = `${r.trees} trees depth ${r.depth}`;
      const figure = (caseName: string, metric: string, value: number): void =>
        context.record({ bench: 'scoring', case: caseName, metric, value: Math.round(value * 10) / 10, unit: 'µs' });
      figure(ensemble, 'score per event', r.scoreMicrosPerEvent);
      figure(ensemble, 'TreeSHAP p50 wall', r.shapMicrosP50);
      figure(ensemble, 'TreeSHAP p95 wall', r.shapMicrosP95);
      figure(ensemble, 'TreeSHAP p99 wall', r.shapMicrosP99);
      figure(ensemble, 'TreeSHAP p95 CPU', r.shapCpuMicrosP95);
      figure(ensemble, 'TreeSHAP p95 CPU (previous method)', r.shapPreviousCpuMicrosP95);
      figure(`XGBoost fixture (${r.fixture.trees} trees)`, 'score per event', r.fixture.scoreMicrosPerEvent);
      figure(`XGBoost fixture (${r.fixture.trees} trees)`, 'TreeSHAP p95 wall', r.fixture.shapMicrosP95);
    },
  };
}

export const BENCHMARK_NAMES: readonly string[] = Object.keys(LOADERS);

export async function loadBenchmark(name: string): Promise<Benchmark> {
  const loader = LOADERS[name];
  if (!loader) throw new Error(`unknown benchmark ${name}; known: ${BENCHMARK_NAMES.join(', ')}`);
  return loader();
}
