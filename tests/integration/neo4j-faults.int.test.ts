/**
 * Failure paths of the Neo4j store against real servers (issue 3 "Fault" and "Bad input"): a
 * server stopped in the middle of a batched ingest fails the write with CG_STORE_UNAVAILABLE
 * naming the store, every batch acknowledged before the fault survives a restart and a re-run
 * completes; wrong credentials, an unreachable URI and a missing database each give their code
 * and a one-line message naming the store. Servers that are stopped or need a password are this
 * file's own (tests/setup/neo4j-server-control.ts, tools/neo4j), never the shared one.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineError } from '../../src/core/index.js';
import type { WriteBatch } from '../../src/graph/port.js';
import { openNeo4jStore, type Neo4jStore } from '../../src/graph/neo4j/index.js';
import { labelsOf } from '../../src/ontology/index.js';
import { generateCity } from '../../src/sim/index.js';
import { startNeo4j, stopNeo4j, type Neo4jServer } from '../../tools/neo4j/neo4j.mjs';
import { neo4jTarget } from '../setup/neo4j-target.js';
import { failure } from '../support/failure.js';
import {
  CONTROLLED_NEO4J_REQUIREMENT,
  canControlNeo4j,
  startControlledNeo4j,
  type ControlledNeo4j,
} from '../setup/neo4j-server-control.js';

const target = neo4jTarget();
const canControl = target.available && canControlNeo4j();

/** A loopback port nothing listens on: bound by the OS, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function view(error: EngineError): { code: string; message: string; oneLine: boolean } {
  return { code: error.code, message: error.message, oneLine: !error.message.includes('\n') };
}

describe.skipIf(!target.available)('neo4j store: bad input at open', () => {
  it('refuses an unreachable URI with CG_STORE_UNAVAILABLE naming the URI', async () => {
    const uri = `bolt://127.0.0.1:${await closedPort()}`;
    const error = await failure(() => openNeo4jStore({ uri, labelsOf }));
    expect(view(error)).toEqual({
      code: 'CG_STORE_UNAVAILABLE',
      message: `The neo4j store ${uri} (database neo4j) cannot be reached at ${uri}; check the URI and that Neo4j is running`,
      oneLine: true,
    });
    expect(error.details).toMatchObject({ uri, database: 'neo4j', operation: 'open', neo4jCode: 'ServiceUnavailable' });
  });

  it('refuses a database the server does not host with CG_STORE_DATABASE_NOT_FOUND naming it', async () => {
    if (!target.available) return;
    const options = { uri: target.uri, user: target.user, password: target.password, database: 'nosuchdb', labelsOf };
    const error = await failure(() => openNeo4jStore(options));
    expect(view(error)).toEqual({
      code: 'CG_STORE_DATABASE_NOT_FOUND',
      message: `The neo4j store ${target.uri} (database nosuchdb) has no database named "nosuchdb"; create it or fix the database name`,
      oneLine: true,
    });
    expect(error.details).toMatchObject({ neo4jCode: 'Neo.ClientError.Database.DatabaseNotFound' });
  });

  it('refuses bad options with CG_ARGUMENT_INVALID before connecting', async () => {
    const codes = await Promise.all([
      failure(() => openNeo4jStore({ uri: ' ', labelsOf })),
      failure(() => openNeo4jStore({ uri: 'bolt://127.0.0.1:1', batchSize: 0, labelsOf })),
    ]);
    expect(codes.map((error) => [error.code, error.details.option])).toEqual([
      ['CG_ARGUMENT_INVALID', 'uri'],
      ['CG_ARGUMENT_INVALID', 'batchSize'],
    ]);
  });
});

describe.skipIf(!canControl)(`neo4j store: wrong credentials (${CONTROLLED_NEO4J_REQUIREMENT})`, () => {
  const password = 'civgraph-secret-1';
  let server: Neo4jServer;

  beforeAll(async () => {
    server = await startNeo4j({ password, exitWithParent: true, heap: '384m', pagecache: '64m' });
  });
  afterAll(async () => {
    await stopNeo4j(server);
  });

  it('refuses a wrong password with CG_STORE_AUTH_FAILED and opens with the right one', async () => {
    const error = await failure(() => openNeo4jStore({ uri: server.uri, user: 'neo4j', password: 'not-the-password', labelsOf }));
    expect(view(error)).toEqual({
      code: 'CG_STORE_AUTH_FAILED',
      message: `The neo4j store ${server.uri} (database neo4j) rejected the credentials; check the user and password`,
      oneLine: true,
    });
    expect(error.details).toMatchObject({ neo4jCode: 'Neo.ClientError.Security.Unauthorized' });
    const store = await openNeo4jStore({ uri: server.uri, user: 'neo4j', password, labelsOf });
    try {
      const result = await store.write({ nodes: [{ id: 'auth-ok', kind: 'Zone' }] });
      expect((await store.getNode('auth-ok'))?.version).toBe(result.version);
    } finally {
      await store.close();
    }
  });
});

/** Ids a batch writes (nodes and default edge ids). */
function idsOf(batch: WriteBatch): { nodes: string[]; edges: string[] } {
  return {
    nodes: (batch.nodes ?? []).map((node) => node.id),
    edges: (batch.edges ?? []).map((edge) => edge.id ?? `${edge.from}|${edge.kind}|${edge.to}`),
  };
}

async function missingOf(store: Neo4jStore, batches: readonly WriteBatch[]): Promise<string[]> {
  const missing: string[] = [];
  for (const batch of batches) {
    const { nodes, edges } = idsOf(batch);
    const found = await store.getNodes(nodes);
    missing.push(...nodes.filter((id) => !found.has(id)));
    const records = await Promise.all(edges.map((id) => store.getEdge(id)));
    missing.push(...edges.filter((_, index) => records[index] === undefined));
  }
  return missing;
}

describe.skipIf(!canControl)(`neo4j store: server stopped during an ingest (${CONTROLLED_NEO4J_REQUIREMENT})`, () => {
  let server: ControlledNeo4j;
  let store: Neo4jStore;
  const city = generateCity({ devices: 600, seed: 7, batchSize: 300 });
  const batches = [...city.batches()];

  beforeAll(async () => {
    server = await startControlledNeo4j();
    store = await openNeo4jStore({ uri: server.uri, labelsOf, batchSize: 200, retryTimeMs: 1000, connectionTimeoutMs: 2000 });
  });
  afterAll(async () => {
    await store?.close();
    await server?.dispose();
  });

  it('fails the write with CG_STORE_UNAVAILABLE, keeps acknowledged batches, and a re-run completes', async () => {
    const acknowledged: WriteBatch[] = [];
    let stopping: Promise<void> | undefined;
    const error = await failure(async () => {
      for (const batch of batches) {
        await store.write(batch);
        acknowledged.push(batch);
        if (acknowledged.length === 3) stopping = server.stop();
      }
    });
    await stopping;
    expect(acknowledged.length).toBeGreaterThanOrEqual(3);
    expect(acknowledged.length).toBeLessThan(batches.length);
    expect(view(error)).toMatchObject({ code: 'CG_STORE_UNAVAILABLE', oneLine: true });
    expect(error.message).toContain(`neo4j store ${server.uri} (database neo4j)`);

    await server.restart();
    expect(await missingOf(store, acknowledged)).toEqual([]);

    for (const batch of batches) await store.write(batch);
    const stats = await store.stats();
    const expected = { nodes: new Set<string>(), edges: new Set<string>() };
    for (const batch of batches) {
      const { nodes, edges } = idsOf(batch);
      nodes.forEach((id) => expected.nodes.add(id));
      edges.forEach((id) => expected.edges.add(id));
    }
    expect([stats.nodes, stats.edges]).toEqual([expected.nodes.size, expected.edges.size]);
  }, 240_000);
});
