/**
 * The one-JVM bulk import (`bulkImport`: importer, then `BulkImport --serve` for the schema step)
 * against a real Neo4j 5.26: its data directory, served afterwards by an ordinary launcher, holds
 * exactly the database Neo4jStore.write builds from the same batches (labels, every property and
 * its type, versions, the `:CgMeta` node, fix-ups, the schema and its states), and its failures are
 * the coded errors of the two-JVM path with no JVM left running. (src/graph may not import the
 * simulator, so the bulk of the data is a small hand-made device graph.) The two-JVM path (runImport, a
 * launcher, finishImport) is tests/integration/neo4j-bulk-import.int.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import neo4j from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasJava, importerCommand, launcherBuilt, startNeo4j, stopNeo4j, type Neo4jServer } from '../../../../tools/neo4j/neo4j.mjs';
import { neo4jTarget } from '../../../../tests/setup/neo4j-target.js';
import { failure } from '../../../../tests/support/failure.js';
import { dumpDatabase } from '../../../../tests/support/neo4j-dump.js';
import { duplicateEdgeBatches, oddBatch } from '../../../../tests/support/neo4j-odd-batch.js';
import { labelsOf } from '../../../ontology/index.js';
import type { WriteBatch } from '../../port.js';
import { openNeo4jStore } from '../index.js';
import { bulkImport, type BulkImportReport } from './bulk-import.js';
import { finishImport } from './finish-import.js';
import { writeImportFiles } from './import-files.js';
import { runImportAndServe } from './serve-import.js';

const runnable = neo4jTarget().available && hasJava() && launcherBuilt();
const command = (args: readonly string[]): { file: string; args: string[] } => importerCommand(args, { heap: '512m' });
const serve = { pagecache: '64m' };

function batches(): WriteBatch[] {
  return [oddBatch(), ...devices()];
}

/** Five batches of cameras powered by one substation, each located by the one before. */
function devices(): WriteBatch[] {
  return Array.from({ length: 5 }, (_, batch) => {
    const numbers = Array.from({ length: 200 }, (_, n) => batch * 200 + n);
    return {
      nodes: numbers.map((n) => ({ id: `cam:${n}`, kind: 'Camera', props: { name: `Camera ${n}`, level: n / 4, on: n % 2 === 0, tags: ['a', `t${n % 3}`] } })),
      edges: numbers.flatMap((n) => [
        { kind: 'poweredBy', from: `cam:${n}`, to: 'odd:sub', ...(n % 4 === 0 ? { props: { weight: n } } : {}) },
        ...(n > 0 ? [{ kind: 'locatedIn', from: `cam:${n}`, to: `cam:${n - 1}` }] : []),
      ]),
    };
  });
}

/** The database a server at `uri` holds (tests/support/neo4j-dump.ts). */
async function dump(uri: string): Promise<unknown> {
  const driver = neo4j.driver(uri);
  try {
    return await dumpDatabase(driver);
  } finally {
    await driver.close();
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!runnable)('bulkImport: the importer JVM serves the schema step', () => {
  const work = mkdtempSync(join(tmpdir(), 'civgraph-bulk-served-'));
  const servers: Neo4jServer[] = [];
  let report: BulkImportReport;
  let reference: Neo4jServer;

  beforeAll(async () => {
    reference = await startNeo4j({ exitWithParent: true, heap: '512m', pagecache: '64m' });
    servers.push(reference);
    const store = await openNeo4jStore({ uri: reference.uri, labelsOf });
    for (const batch of batches()) await store.write(batch);
    await store.close();
    const phases: string[] = [];
    // The warm-up of large imports, so its path (warm-up import, serve warm-up, options from stdin) is the one proven here.
    const options = { labelsOf, filesDir: join(work, 'files'), home: join(work, 'home'), command, serve, warmUp: true };
    report = await bulkImport({ ...options, batches: batches(), onPhase: (phase) => phases.push(phase) });
    expect(phases).toEqual(['files', 'import', 'schema']);
  }, 300_000);

  afterAll(async () => {
    await Promise.all(servers.map((server) => stopNeo4j(server)));
    rmSync(work, { recursive: true, force: true });
  }, 120_000);

  it('reports the importer counts and the fix-ups it set', () => {
    const { files, imported, finished } = report;
    expect(imported).toEqual({ nodes: files.nodes + 1, relationships: files.edges, properties: expect.any(Number) as number, importMs: expect.any(Number) as number });
    expect([files.fixupCount, finished.fixups, files.multiline, files.version]).toEqual([2, 2, true, batches().length]);
    expect(report.serverStartMs).toBeGreaterThan(0);
    expect(report.importMs).toBeGreaterThan(report.serverStartMs);
  });

  it('leaves a data directory a launcher serves with exactly the database Neo4jStore.write builds', async () => {
    const served = await startNeo4j({ data: join(work, 'home'), exitWithParent: true, heap: '512m', pagecache: '64m' });
    servers.push(served);
    const [want, got] = await Promise.all([dump(reference.uri), dump(served.uri)]);
    expect(got).toEqual(want);
  });

  it('refuses an edge id written twice with CG_IMPORT_DUPLICATE_ID and stops its JVM', async () => {
    const dir = join(work, 'dup-edge');
    const dup = duplicateEdgeBatches();
    const files = await writeImportFiles(dup, { dir, labelsOf });
    const served = await runImportAndServe({ files, home: join(dir, 'home'), command, serve });
    const error = await failure(() => finishImport({ uri: served.uri, files }));
    await served.stop();
    expect(error.code).toBe('CG_IMPORT_DUPLICATE_ID');
    expect(error.message).toMatch(new RegExp(`^The imported graph in neo4j store ${served.uri} \\(database neo4j\\) holds an edge id twice: .*de:e`));
    expect(alive(served.pid)).toBe(false);
  }, 180_000);

  it('maps a dangling edge to CG_EDGE_ENDPOINT_MISSING, as the two-JVM path does, with no JVM left', async () => {
    const dir = join(work, 'dangling');
    const files = await writeImportFiles([{ nodes: [{ id: 'd:a', kind: 'Camera' }], edges: [{ kind: 'poweredBy', from: 'd:a', to: 'd:nowhere' }] }], { dir, labelsOf });
    const target = join(dir, 'home');
    const error = await failure(() => runImportAndServe({ files, home: target, command, serve }));
    expect([error.code, error.message]).toEqual([
      'CG_EDGE_ENDPOINT_MISSING',
      `Neo4j bulk import into ${target}: d:a (global id space)-[POWERED_BY]->d:nowhere (global id space) referring to missing node d:nowhere (${join(dir, 'edges-1.csv')} line 1)`,
    ]);
  });

  it('stops the started (warming-up) JVM when the files cannot be written, and reports the input error', async () => {
    const dir = join(work, 'deletes');
    const error = await failure(() =>
      bulkImport({ batches: [{ nodes: [{ id: 'x:a', kind: 'Camera' }] }, { deleteNodes: ['x:a'] }], labelsOf, filesDir: join(dir, 'files'), home: join(dir, 'home'), command, serve, warmUp: true }),
    );
    expect([error.code, error.message]).toEqual([
      'CG_IMPORT_INPUT_INVALID',
      "batch 2 deletes ids; a bulk import creates a new database and takes upserts only (apply deletes with the store's write after the import)",
    ]);
  });

  it('refuses a non-empty target with CG_IMPORT_TARGET_NOT_EMPTY', async () => {
    const home = join(work, 'home');
    const error = await failure(() => runImportAndServe({ files: report.files, home, command, serve }));
    expect([error.code, error.message]).toEqual([
      'CG_IMPORT_TARGET_NOT_EMPTY',
      `Neo4j bulk import into ${home}: database neo4j in ${home} already holds data; pass --overwrite to replace it, or import into an empty data directory`,
    ]);
  });
});
