import type { Benchmark } from './figures.js';

/** Every benchmark by name, loaded lazily so one run imports only what it needs. */
const LOADERS: Readonly<Record<string, () => Promise<Benchmark>>> = {
  'store-load': async () => (await import('./store-load.bench.js')).storeLoadBenchmark,
};

export const BENCHMARK_NAMES: readonly string[] = Object.keys(LOADERS);

export async function loadBenchmark(name: string): Promise<Benchmark> {
  const loader = LOADERS[name];
  if (!loader) throw new Error(`unknown benchmark ${name}; known: ${BENCHMARK_NAMES.join(', ')}`);
  return loader();
}
