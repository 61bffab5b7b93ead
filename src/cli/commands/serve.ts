import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { EngineError, type Logger } from '../../core/index.js';
import type { GraphStore } from '../../graph/port.js';
import { buildProjection } from '../../graph/projection/index.js';
import { bundledContextsDir, loadBundledContexts } from '../../ingest/index.js';
import { SIM_LIVE_MODEL_PATH } from '../../scoring/index.js';
import { generateCity } from '../../sim/index.js';
import { bundleExplorerAssets, createApiServer, readExplorerAssets, resolveApiConfig, type ApiConfig, type ApiServer } from '../../api/index.js';
import { openLiveLoop, type OpenLiveLoop } from '../../pipeline/index.js';
import type { OpenPolicyBundle } from '../../decision/index.js';
import { openStore } from '../open-store.js';
import { wholeNumber, withStoreOptions, type CommandModule, type StoreFlags } from '../runtime.js';
import type { CliIO } from '../io.js';

/** The repository (or installed package) root: graphql/, fixtures/ and dist/explorer/ live there. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

interface ServeFlags extends StoreFlags {
  readonly port: string;
  readonly host: string;
  readonly demoDevices?: string;
  readonly seed: string;
  readonly allowAnonymousRead?: boolean;
  readonly auditLog?: string;
  readonly requestTimeout?: string;
  readonly maxDepth?: string;
  readonly maxCost?: string;
  readonly mqtt?: string;
  readonly topics: string;
  readonly workerGroup?: string;
  readonly clientId?: string;
  readonly decisionLog: string;
  readonly model?: string;
  readonly live?: boolean;
  readonly storeThread?: boolean;
  readonly publishDir?: string;
}

/**
 * Fills an EMPTY store with a simulated city (`--demo-devices`); a store holding anything is
 * never touched. Returns the number of nodes written (0 when the store was not empty).
 */
export async function fillDemoCity(store: GraphStore, devices: number, seed: number, logger: Logger): Promise<number> {
  const stats = await store.stats();
  if (stats.nodes > 0) {
    logger.warn({ nodes: stats.nodes }, '--demo-devices ignored: the store is not empty');
    return 0;
  }
  let nodes = 0;
  for (const batch of generateCity({ devices, seed }).batches()) nodes += (await store.write(batch)).nodesWritten;
  return nodes;
}

/** The live loop of `serve` (issue 9): decisions to a hash-chained log, events from MQTT and/or HTTP. */
export interface ServeLiveOptions {
  readonly decisionLog: string;
  /** Streaming-scorer model; default fixtures/models/sim-live/sim-live-scorer.json under the root. */
  readonly modelFile?: string;
  readonly mqtt?: { readonly url: string; readonly topics: readonly string[]; readonly group?: string; readonly clientId: string };
  /** The embedded store's file, written from a worker thread (`--store-thread`). */
  readonly storeThread?: { readonly path: string };
}

export interface ServeOptions {
  readonly store: GraphStore;
  readonly api: Readonly<ApiConfig>;
  readonly logger: Logger;
  readonly rootDir?: string;
  readonly live?: ServeLiveOptions;
  /**
   * The hash-chained decision log the API serves (`decision`, `decisions`); the live loop appends
   * to it when it runs. Default: the live loop's log, else none.
   */
  readonly decisionLog?: string;
  /** Where `publishPolicyBundle` writes published bundles (default: none, publishing refused). */
  readonly publishDir?: string;
}

/** Builds the projection, loads schema, contexts and explorer assets, and starts the API server. */
export async function startServe(options: ServeOptions): Promise<{ server: ApiServer; url: string; port: number; live?: OpenLiveLoop }> {
  const rootDir = options.rootDir ?? PACKAGE_ROOT;
  const projection = await buildProjection(options.store);
  const live = options.live === undefined ? undefined : await openLiveLoop({
    store: options.store, projection, logger: options.logger, rulesDir: join(rootDir, 'rules'), decisionLog: options.live.decisionLog,
    modelFile: options.live.modelFile ?? join(rootDir, SIM_LIVE_MODEL_PATH),
    ...(options.live.mqtt === undefined ? {} : { mqtt: options.live.mqtt }),
    ...(options.live.storeThread === undefined ? {} : { storeThread: options.live.storeThread }),
  });
  const decisionLog = options.decisionLog ?? options.live?.decisionLog;
  try {
    const contexts = await loadBundledContexts(bundledContextsDir(rootDir));
    const explorer = (await readExplorerAssets(join(rootDir, 'dist', 'explorer'))) ?? (await bundleExplorerAssets(rootDir));
    const server = await createApiServer({
      store: options.store,
      projection,
      config: options.api,
      logger: options.logger,
      schemaDir: join(rootDir, 'graphql'),
      contexts,
      ...(explorer === undefined ? {} : { explorer }),
      ...(live === undefined ? {} : { live: live.feed, metrics: live.renderMetrics }),
      ...(decisionLog === undefined ? {} : { decisionLog }),
      ...(options.publishDir === undefined
        ? {}
        : { policies: { dir: join(rootDir, 'rules'), publishDir: options.publishDir, onPublished: (bundle: OpenPolicyBundle) => live?.loop.useBundle(bundle) } }),
    });
    const { url, port } = await server.start();
    return { server, url, port, ...(live === undefined ? {} : { live }) };
  } catch (error) {
    // The worker is already consuming: disconnect it so its session keeps what it has not acknowledged.
    await live?.close();
    throw error;
  }
}

function apiConfigFrom(flags: ServeFlags, env: CliIO['env']): Readonly<ApiConfig> {
  const timeout = wholeNumber('request-timeout', flags.requestTimeout, 1, 600_000);
  const maxDepth = wholeNumber('max-depth', flags.maxDepth, 1, 100);
  const maxCost = wholeNumber('max-cost', flags.maxCost, 1, 10_000_000);
  const jwtSecret = env['CIVGRAPH_JWT_SECRET'];
  return resolveApiConfig({
    host: flags.host,
    port: wholeNumber('port', flags.port, 0, 65_535) ?? 4000,
    apiKeys: env['CIVGRAPH_API_KEYS'] ?? '',
    ...(jwtSecret ? { jwtSecret } : {}),
    allowAnonymousRead: flags.allowAnonymousRead === true,
    ...(timeout === undefined ? {} : { requestTimeoutMs: timeout }),
    ...(maxDepth === undefined ? {} : { maxDepth }),
    ...(maxCost === undefined ? {} : { maxCost }),
    ...(flags.auditLog === undefined ? {} : { auditLogPath: flags.auditLog }),
  });
}

/** The live loop runs with --mqtt (MQTT and HTTP ingest) or --live (HTTP ingest only), and is off otherwise. */
function liveOptionsFrom(flags: ServeFlags, cwd: string): ServeLiveOptions | undefined {
  if (flags.mqtt === undefined) {
    if (flags.live !== true) return undefined;
    return { decisionLog: resolve(cwd, flags.decisionLog), ...(flags.model === undefined ? {} : { modelFile: resolve(cwd, flags.model) }) };
  }
  if (!/^mqtts?:\/\/[^/]+/.test(flags.mqtt)) throw new EngineError('CG_ARGUMENT_INVALID', `--mqtt must be a broker URL such as mqtt://127.0.0.1:1883, got "${flags.mqtt}"`);
  const topics = flags.topics.split(',').map((t) => t.trim()).filter((t) => t !== '');
  if (topics.length === 0) throw new EngineError('CG_ARGUMENT_INVALID', '--topics needs at least one topic filter');
  const group = flags.workerGroup;
  const clientId = flags.clientId ?? `civgraph-${group ?? 'solo'}-${process.pid}`;
  return {
    decisionLog: resolve(cwd, flags.decisionLog),
    ...(flags.model === undefined ? {} : { modelFile: resolve(cwd, flags.model) }),
    mqtt: { url: flags.mqtt, topics, clientId, ...(group === undefined ? {} : { group }) },
  };
}

/** `--store-thread` needs the live loop and the embedded store; checked before the store is opened. */
function withStoreThread(live: ServeLiveOptions | undefined, flags: ServeFlags, store: { readonly kind: string; readonly path: string }): ServeLiveOptions | undefined {
  if (flags.storeThread !== true) return live;
  if (live === undefined) throw new EngineError('CG_ARGUMENT_INVALID', '--store-thread needs the live loop (--live or --mqtt)');
  if (store.kind !== 'embedded') throw new EngineError('CG_ARGUMENT_INVALID', `--store-thread needs the embedded store, not ${store.kind}`);
  return { ...live, storeThread: { path: resolve(store.path) } };
}

function waitForSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (signal: string) => () => resolve(signal);
    process.once('SIGINT', on('SIGINT'));
    process.once('SIGTERM', on('SIGTERM'));
  });
}

/** `civgraph serve`: the GraphQL API and the risk explorer (DESIGN.md §9). */
export const serveCommand: CommandModule = {
  register(program, runtime) {
    const command = program
      .command('serve')
      .description('serve the GraphQL API and the risk explorer page')
      .option('--port <n>', 'TCP port (0 picks a free one)', '4000')
      .option('--host <address>', 'address to listen on', '127.0.0.1')
      .option('--demo-devices <n>', 'fill an EMPTY store with a simulated city of n devices first (500 to 5,000,000)')
      .option('--seed <n>', 'random seed of the demo city', '1')
      .option('--allow-anonymous-read', 'let callers without a key read (never write): local demos only')
      .option('--audit-log <file>', 'append-only JSONL audit log of mutations (default ./civgraph-audit.jsonl)')
      .option('--request-timeout <ms>', 'budget of one GraphQL operation in milliseconds (default 10000)')
      .option('--max-depth <n>', 'maximum query depth (default 10)')
      .option('--max-cost <n>', 'maximum estimated query cost (default 25000)')
      .option('--mqtt <url>', 'run the live loop on this MQTT broker, e.g. mqtt://127.0.0.1:1883')
      .option('--topics <filters>', 'comma-separated topic filters to consume (with --mqtt)', 'city/#')
      .option('--worker-group <name>', 'shared-subscription group ($share/<name>/...): workers of one group split the stream')
      .option('--client-id <id>', 'stable MQTT client id of this worker (its persistent session); default civgraph-<group>-<pid>')
      .option('--live', 'run the live loop without a broker: events arrive by POST /ingest/events (implied by --mqtt)')
      .option('--decision-log <file>', 'hash-chained JSONL decision log: served by the API, appended to by the live loop', 'decisions.jsonl')
      .option('--publish-dir <dir>', 'folder where publishPolicyBundle writes published bundles (default: publishing is refused)')
      .option('--model <file>', 'streaming-scorer model file (default: the shipped sim-live model)')
      .option('--store-thread', 'embedded store: the live loop commits from a worker thread, off the loop\'s thread (faster under load)');
    withStoreOptions(command).action((flags: ServeFlags) =>
      runtime.run(async () => {
        const api = apiConfigFrom(flags, runtime.io.env);
        const demoDevices = wholeNumber('demo-devices', flags.demoDevices, 500, 5_000_000);
        const seed = wholeNumber('seed', flags.seed, 0, 2 ** 31 - 1) ?? 1;
        // Every flag is checked before the store is opened (a bad --mqtt must not create a store file).
        const options = liveOptionsFrom(flags, runtime.io.cwd);
        const config = runtime.config(flags);
        const live = withStoreThread(options, flags, config.store);
        const logger = runtime.logger(config);
        const store = await openStore(config);
        try {
          if (demoDevices !== undefined) {
            const written = await fillDemoCity(store, demoDevices, seed, logger);
            runtime.io.err(written > 0 ? `civgraph: filled ${store.description} with a simulated city (${written} nodes)\n` : `civgraph: ${store.description} is not empty; --demo-devices ignored\n`);
          }
          if (api.apiKeys.size === 0 && api.jwtSecret === undefined && !api.allowAnonymousRead) {
            runtime.io.err('civgraph: no CIVGRAPH_API_KEYS or CIVGRAPH_JWT_SECRET set: every request will be refused (use --allow-anonymous-read for a local demo)\n');
          }
          const { server, url, live: loop } = await startServe({
            store, api, logger, decisionLog: resolve(runtime.io.cwd, flags.decisionLog),
            ...(live === undefined ? {} : { live }),
            ...(flags.publishDir === undefined ? {} : { publishDir: resolve(runtime.io.cwd, flags.publishDir) }),
          });
          runtime.io.err(`civgraph: serving GraphQL at ${url}/graphql and the explorer at ${url}/\n`);
          if (loop?.worker !== undefined) runtime.io.err(`civgraph: live loop consuming ${loop.worker.filters.join(', ')} from ${flags.mqtt}; metrics at ${url}/metrics\n`);
          else if (loop !== undefined) runtime.io.err(`civgraph: live loop taking events at ${url}/ingest/events; metrics at ${url}/metrics\n`);
          const signal = await waitForSignal();
          runtime.io.err(`civgraph: ${signal}: draining requests and closing the store\n`);
          await server.stop();
          await loop?.close();
        } finally {
          await store.close();
        }
      }),
    );
  },
};
