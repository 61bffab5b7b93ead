import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../../core/index.js';
import { openEmbeddedStore } from '../../graph/embedded/index.js';
import type { GraphStore } from '../../graph/port.js';
import { buildProjection } from '../../graph/projection/index.js';
import { bundledContextsDir, loadBundledContexts } from '../../ingest/index.js';
import { labelsOf } from '../../ontology/index.js';
import { generateCity } from '../../sim/index.js';
import type { LiveFeed } from '../../pipeline/live-feed.js';
import { resolveApiConfig, type ApiConfigInput } from '../api-config.js';
import { createApiServer, type ApiServer } from '../create-api-server.js';
import { bundleExplorerAssets } from '../explorer/load-explorer-assets.js';
import { writeTestDecisionLog } from './test-decisions.js';

/** Test and benchmark support (not exported from src/api/index.ts). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Keys of every role, long enough for parseApiKeys. */
export const TEST_KEYS = {
  architect: 'architect-key-0123456789',
  soc: 'soc-key-0123456789abcdef',
  analyst: 'analyst-key-0123456789ab',
  reader: 'reader-key-0123456789abc',
} as const;

export const TEST_JWT_SECRET = 'test-secret-that-is-at-least-32-bytes-long!';

export interface TestServer {
  readonly url: string;
  readonly store: GraphStore;
  readonly server: ApiServer;
  readonly auditLogPath: string;
  /** The decision log file (written with the test decisions when asked for). */
  readonly decisionLogPath: string;
  /** Where published policy bundles go. */
  readonly publishDir: string;
  stop(): Promise<void>;
}

export interface TestServerOptions {
  readonly devices?: number;
  readonly explorer?: boolean;
  readonly api?: ApiConfigInput;
  readonly live?: LiveFeed;
  /** Write real decisions (test-decisions.ts) to a fresh decision log and serve it. */
  readonly decisions?: boolean;
  /** Serve the repository's rules/ as the policy bundle. */
  readonly policies?: boolean;
  readonly metrics?: () => string;
  /**
   * Serve the files of this folder (audit log, decision log, approval journal) instead of a fresh
   * temporary one, so a second server can reopen what a first one wrote; the test decisions are
   * written only when the decision log does not exist yet.
   */
  readonly workDir?: string;
}

/** A server on loopback over an in-memory store holding a simulated city of `devices` devices. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const store = openEmbeddedStore({ path: ':memory:', labelsOf });
  for (const batch of generateCity({ devices: options.devices ?? 500, seed: 1 }).batches()) await store.write(batch);
  const projection = await buildProjection(store);
  const work = options.workDir ?? mkdtempSync(join(tmpdir(), 'civgraph-api-'));
  const auditLogPath = join(work, 'audit.jsonl');
  const decisionLogPath = join(work, 'decisions.jsonl');
  const publishDir = join(work, 'policy-bundles');
  const rulesDir = join(REPO_ROOT, 'rules');
  if (options.decisions === true && !existsSync(decisionLogPath)) writeTestDecisionLog(decisionLogPath, rulesDir, options.devices ?? 500);
  const config = resolveApiConfig({
    port: 0,
    apiKeys: Object.entries(TEST_KEYS).map(([role, key]) => `${key}:${role}`).join(','),
    jwtSecret: TEST_JWT_SECRET,
    auditLogPath,
    refreshIntervalMs: 0,
    ...options.api,
  });
  const explorer = options.explorer ? await bundleExplorerAssets(REPO_ROOT) : undefined;
  const server = await createApiServer({
    store,
    projection,
    config,
    logger: createLogger({ level: 'silent' }),
    schemaDir: join(REPO_ROOT, 'graphql'),
    contexts: await loadBundledContexts(bundledContextsDir(REPO_ROOT)),
    ...(explorer === undefined ? {} : { explorer }),
    ...(options.live === undefined ? {} : { live: options.live }),
    ...(options.decisions === true ? { decisionLog: decisionLogPath } : {}),
    ...(options.policies === true ? { policies: { dir: rulesDir, publishDir } } : {}),
    ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
  });
  const { url } = await server.start();
  return {
    url,
    store,
    server,
    auditLogPath,
    decisionLogPath,
    publishDir,
    async stop() {
      await server.stop();
      await store.close();
    },
  };
}

/** POSTs one GraphQL request; returns the HTTP status and the parsed body. */
export async function postGraphql(
  url: string,
  body: { readonly query: string; readonly variables?: Record<string, unknown> },
  headers: Readonly<Record<string, string>> = {},
): Promise<{ status: number; body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown>; path?: unknown[] }[] } }> {
  const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as never };
}
