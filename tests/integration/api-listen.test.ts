import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveApiConfig } from '../../src/api/api-config.js';
import { createApiServer, type ApiServer } from '../../src/api/create-api-server.js';
import { REPO_ROOT, TEST_KEYS } from '../../src/api/testing/start-test-server.js';
import { createLogger } from '../../src/core/index.js';
import { openEmbeddedStore } from '../../src/graph/embedded/index.js';
import type { GraphStore } from '../../src/graph/port.js';
import { buildProjection, type Projection } from '../../src/graph/projection/index.js';
import { bundledContextsDir, loadBundledContexts, type BundledContexts } from '../../src/ingest/index.js';
import { labelsOf } from '../../src/ontology/index.js';
import { generateCity } from '../../src/sim/index.js';

/** Handles that keep a process alive, by kind: sockets, servers, timers (the runner's pipes aside). */
const KEEP_ALIVE = new Set(['TCPServerWrap', 'TCPSocketWrap', 'TCPWrap', 'Timeout', 'Immediate']);
const handles = (): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) if (KEEP_ALIVE.has(kind)) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
};

describe('createApiServer when it cannot listen', () => {
  let store: GraphStore;
  let projection: Projection;
  let contexts: BundledContexts;
  let blocker: Server;
  let taken: number;
  const server = (port: number): Promise<ApiServer> =>
    createApiServer({
      store,
      projection,
      config: resolveApiConfig({ port, apiKeys: `${TEST_KEYS.reader}:reader`, auditLogPath: join(REPO_ROOT, 'never-written.jsonl'), refreshIntervalMs: 0 }),
      logger: createLogger({ level: 'silent' }),
      schemaDir: join(REPO_ROOT, 'graphql'),
      contexts,
    });

  beforeAll(async () => {
    store = openEmbeddedStore({ path: ':memory:', labelsOf });
    for (const batch of generateCity({ devices: 500, seed: 1 }).batches()) await store.write(batch);
    projection = await buildProjection(store);
    contexts = await loadBundledContexts(bundledContextsDir(REPO_ROOT));
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    taken = (blocker.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => (blocker === undefined ? resolve() : blocker.close(() => resolve())));
    await store.close();
  });

  it('answers CG_API_LISTEN_FAILED for a port in use, leaves nothing open, and a new server starts on a free port', async () => {
    await new Promise((resolve) => setImmediate(resolve));
    const before = handles();
    const refused = await server(taken);
    await expect(refused.start()).rejects.toMatchObject({ code: 'CG_API_LISTEN_FAILED', details: { host: '127.0.0.1', port: taken, reason: 'EADDRINUSE' } });
    await new Promise((resolve) => setImmediate(resolve));
    const after = handles();
    expect(Object.entries(after).filter(([kind, n]) => n > (before[kind] ?? 0))).toEqual([]);
    expect(after['TCPServerWrap']).toBe(1);
    const working = await server(0);
    const { url } = await working.start();
    expect((await fetch(`${url}/health`)).status).toBe(200);
    await working.stop();
  });
});
