import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { EngineError, type Logger } from '../../core/index.js';
import type { GraphStore } from '../../graph/port.js';
import { buildProjection } from '../../graph/projection/index.js';
import { bundledContextsDir, loadBundledContexts } from '../../ingest/index.js';
import { generateCity } from '../../sim/index.js';
import { bundleExplorerAssets, createApiServer, readExplorerAssets, resolveApiConfig, type ApiConfig, type ApiServer } from '../../api/index.js';
import { openStore } from '../open-store.js';
import { withStoreOptions, type CommandModule, type StoreFlags } from '../runtime.js';
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
}

function wholeNumber(name: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new EngineError('CG_ARGUMENT_INVALID', `--${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
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

export interface ServeOptions {
  readonly store: GraphStore;
  readonly api: Readonly<ApiConfig>;
  readonly logger: Logger;
  readonly rootDir?: string;
}

/** Builds the projection, loads schema, contexts and explorer assets, and starts the API server. */
export async function startServe(options: ServeOptions): Promise<{ server: ApiServer; url: string; port: number }> {
  const rootDir = options.rootDir ?? PACKAGE_ROOT;
  const projection = await buildProjection(options.store);
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
  });
  const { url, port } = await server.start();
  return { server, url, port };
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
      .option('--max-cost <n>', 'maximum estimated query cost (default 25000)');
    withStoreOptions(command).action((flags: ServeFlags) =>
      runtime.run(async () => {
        const api = apiConfigFrom(flags, runtime.io.env);
        const demoDevices = wholeNumber('demo-devices', flags.demoDevices, 500, 5_000_000);
        const seed = wholeNumber('seed', flags.seed, 0, 2 ** 31 - 1) ?? 1;
        const config = runtime.config(flags);
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
          const { server, url } = await startServe({ store, api, logger });
          runtime.io.err(`civgraph: serving GraphQL at ${url}/graphql and the explorer at ${url}/\n`);
          const signal = await waitForSignal();
          runtime.io.err(`civgraph: ${signal}: draining requests and closing the store\n`);
          await server.stop();
        } finally {
          await store.close();
        }
      }),
    );
  },
};
