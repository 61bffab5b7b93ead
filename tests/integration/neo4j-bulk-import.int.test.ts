/**
 * Offline bulk import into a real Neo4j 5.26 (issue 3, src/graph/neo4j/bulk-import): the same
 * batches written through Neo4jStore.write (a reference launcher of this file) and imported with
 * the offline importer (its own data directory, then a launcher on it) give the same database —
 * labels, properties (nulls, arrays, odd keys, -0, unicode, line breaks), relationship types and
 * properties, versions, the `:CgMeta` version node, the schema — and the same store answers
 * (listing, the change feed); a write on top then gives the same change feed on both. Error cases
 * run the real importer: a non-empty target, a duplicate node id, a dangling edge, a CSV the
 * importer rejects, a java that cannot start. Servers here are this file's own (tools/neo4j).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import neo4j, { type Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { neo4jImportCommand } from '../../src/cli/commands/neo4j-import.js';
import { runCommands } from '../../src/cli/testing/run-commands.test-support.js';
import { openEmbeddedStore } from '../../src/graph/embedded/index.js';
import { finishImport, runImport, writeImportFiles, type ImportFiles } from '../../src/graph/neo4j/bulk-import/index.js';
import { openNeo4jStore, type Neo4jStore } from '../../src/graph/neo4j/index.js';
import type { GraphStore, WriteBatch } from '../../src/graph/port.js';
import { labelsOf } from '../../src/ontology/index.js';
import { generateCity } from '../../src/sim/index.js';
import { hasJava, importerCommand, launcherBuilt, startNeo4j, stopNeo4j, type Neo4jServer } from '../../tools/neo4j/neo4j.mjs';
import { neo4jTarget } from '../setup/neo4j-target.js';
import { failure } from '../support/failure.js';
import { canonical, dumpDatabase as dump } from '../support/neo4j-dump.js';
import { duplicateEdgeBatches, oddBatch } from '../support/neo4j-odd-batch.js';

const runnable = neo4jTarget().available && hasJava() && launcherBuilt();
const command = (args: readonly string[]): { file: string; args: string[] } => importerCommand(args, { heap: '512m' });

function oddBatches(): WriteBatch[] {
  return [oddBatch(), ...generateCity({ devices: 500, seed: 7, batchSize: 1000 }).batches()];
}

const TOP_UP: WriteBatch = {
  nodes: [
    { id: 'odd:bare', kind: 'Hospital', props: { beds: 12 } },
    { id: 'odd:new', kind: 'Camera', props: { list: [] } },
  ],
  edges: [{ kind: 'locatedIn', from: 'odd:new', to: 'odd:sub' }],
  deleteEdges: ['odd:custom-edge'],
};

/** What the store answers about the whole graph. */
async function storeView(store: Neo4jStore): Promise<unknown> {
  const nodes = await store.listNodes({}, { first: 10_000 });
  const edges = await store.listEdges({}, { first: 10_000 });
  const feed = await store.changes(0, 100_000);
  return canonical({ nodes: nodes.items, edges: edges.items, feed, version: await store.version(), stats: await store.stats() });
}

describe.skipIf(!runnable)('neo4j offline bulk import', () => {
  const work = mkdtempSync(join(tmpdir(), 'civgraph-bulk-'));
  const home = join(work, 'home');
  let reference: Neo4jServer;
  let imported: Neo4jServer;
  let files: ImportFiles;
  const drivers: Driver[] = [];
  const driver = (uri: string): Driver => {
    const made = neo4j.driver(uri);
    drivers.push(made);
    return made;
  };

  beforeAll(async () => {
    files = await writeImportFiles(oddBatches(), { dir: join(work, 'files'), labelsOf });
    const [ref, result] = await Promise.all([
      startNeo4j({ exitWithParent: true, heap: '512m', pagecache: '64m' }),
      runImport({ files, home, command }),
    ]);
    reference = ref;
    expect(result).toMatchObject({ nodes: files.nodes + 1, relationships: files.edges });
    imported = await startNeo4j({ data: home, exitWithParent: true, heap: '512m', pagecache: '64m' });
    const store = await openNeo4jStore({ uri: reference.uri, labelsOf });
    for (const batch of oddBatches()) await store.write(batch);
    await store.close();
    const finished = await finishImport({ uri: imported.uri, files });
    expect(finished.fixups).toBe(files.fixupCount);
  }, 300_000);

  afterAll(async () => {
    await Promise.all(drivers.map((made) => made.close()));
    await Promise.all([reference, imported].filter((server) => server !== undefined).map((server) => stopNeo4j(server)));
    rmSync(work, { recursive: true, force: true });
  }, 120_000);

  it('writes odd values the CSV cannot carry as fix-ups and flags line breaks', () => {
    expect(files.multiline).toBe(true);
    expect(files.version).toBe(oddBatches().length);
    // One line for the node and one for the edge with ODD_PROPS: none, one, delimited, ':colon', 'line\nkey'.
    expect(files.fixupCount).toBe(2);
  });

  it('stores exactly the database Neo4jStore.write stores for the same batches', async () => {
    const [want, got] = await Promise.all([dump(driver(reference.uri)), dump(driver(imported.uri))]);
    expect(got).toEqual(want);
  });

  it('answers listing, stats and the change feed as the written store does, then continues the feed after a write', async () => {
    const [want, got] = await Promise.all([
      openNeo4jStore({ uri: reference.uri, labelsOf }),
      openNeo4jStore({ uri: imported.uri, labelsOf }),
    ]);
    try {
      expect(await storeView(got)).toEqual(await storeView(want));
      const version = await got.version();
      const [a, b] = await Promise.all([want.write(TOP_UP), got.write(TOP_UP)]);
      expect(b).toEqual(a);
      expect(b.version).toBe(version + 1);
      expect(canonical(await got.changes(version))).toEqual(canonical(await want.changes(version)));
      expect(await storeView(got)).toEqual(await storeView(want));
    } finally {
      await Promise.all([want.close(), got.close()]);
    }
  });

  it('refuses a non-empty target with CG_IMPORT_TARGET_NOT_EMPTY', async () => {
    const error = await failure(() => runImport({ files, home, command }));
    expect([error.code, error.message]).toEqual([
      'CG_IMPORT_TARGET_NOT_EMPTY',
      `Neo4j bulk import into ${home}: database neo4j in ${home} already holds data; pass --overwrite to replace it, or import into an empty data directory`,
    ]);
  });

  it('refuses a node id written in two batches with CG_IMPORT_DUPLICATE_ID naming it', async () => {
    const dir = join(work, 'dup');
    const batches: WriteBatch[] = [{ nodes: [{ id: 'dup:a', kind: 'Camera' }] }, { nodes: [{ id: 'dup:a', kind: 'Camera' }] }];
    const dupFiles = await writeImportFiles(batches, { dir, labelsOf });
    const error = await failure(() => runImport({ files: dupFiles, home: join(dir, 'home'), command }));
    expect([error.code, error.message]).toEqual([
      'CG_IMPORT_DUPLICATE_ID',
      `Neo4j bulk import into ${join(dir, 'home')}: Id 'dup:a' is defined more than once in group 'global id space'`,
    ]);
  });

  it('refuses an edge id written in two batches with CG_IMPORT_DUPLICATE_ID when its constraint is built', async () => {
    const dir = join(work, 'dup-edge');
    const batches = duplicateEdgeBatches();
    const dupFiles = await writeImportFiles(batches, { dir, labelsOf });
    await runImport({ files: dupFiles, home: join(dir, 'home'), command });
    const server = await startNeo4j({ data: join(dir, 'home'), exitWithParent: true, heap: '512m', pagecache: '64m' });
    try {
      const error = await failure(() => finishImport({ uri: server.uri, files: dupFiles }));
      expect(error.code).toBe('CG_IMPORT_DUPLICATE_ID');
      expect(error.message).toMatch(new RegExp(`^The imported graph in neo4j store ${server.uri} \\(database neo4j\\) holds an edge id twice: .*de:e`));
      expect(error.message.includes('\n')).toBe(false);
    } finally {
      await stopNeo4j(server);
    }
  }, 180_000);

  it('refuses a dangling edge with CG_EDGE_ENDPOINT_MISSING naming the edge, file and line, and leaves no database', async () => {
    const dir = join(work, 'dangling');
    const batches: WriteBatch[] = [{ nodes: [{ id: 'd:a', kind: 'Camera' }], edges: [{ kind: 'poweredBy', from: 'd:a', to: 'd:nowhere' }] }];
    const danglingFiles = await writeImportFiles(batches, { dir, labelsOf });
    const target = join(dir, 'home');
    const error = await failure(() => runImport({ files: danglingFiles, home: target, command }));
    expect([error.code, error.message]).toEqual([
      'CG_EDGE_ENDPOINT_MISSING',
      `Neo4j bulk import into ${target}: d:a (global id space)-[POWERED_BY]->d:nowhere (global id space) referring to missing node d:nowhere (${join(dir, 'edges-1.csv')} line 1)`,
    ]);
    // The failed import was removed, so a corrected retry needs no --overwrite.
    const retry = await writeImportFiles([{ nodes: [{ id: 'd:a', kind: 'Camera' }] }], { dir, labelsOf });
    expect(await runImport({ files: retry, home: target, command })).toMatchObject({ nodes: 2, relationships: 0 });
  });

  it('maps a row the importer rejects to CG_IMPORT_INPUT_INVALID naming file and line', async () => {
    const dir = join(work, 'bad');
    const badFiles = await writeImportFiles([{ nodes: [{ id: 'b:a', kind: 'Camera' }] }], { dir, labelsOf });
    writeFileSync(join(dir, 'nodes-1.csv'), 'b:a,Camera,1,extra\n');
    const error = await failure(() => runImport({ files: badFiles, home: join(dir, 'home'), command }));
    expect([error.code, error.message]).toEqual([
      'CG_IMPORT_INPUT_INVALID',
      `Neo4j bulk import into ${join(dir, 'home')}: Extra column not present in header on line 1 in ${join(dir, 'nodes-1.csv')} with value extra (${join(dir, 'nodes-1.csv')} line 1)`,
    ]);
  });

  it('maps a java that cannot start to CG_IMPORT_FAILED', async () => {
    const target = join(work, 'nojava');
    const error = await failure(() => runImport({ files, home: target, command: (args) => ({ file: join(work, 'no-such-java'), args: [...args] }) }));
    expect(error.code).toBe('CG_IMPORT_FAILED');
    expect(error.message).toMatch(new RegExp(`^Neo4j bulk import into ${target} could not start java: spawn .*no-such-java ENOENT$`));
  });
});

/** Nodes and edges as the port gives them, without versions (the import numbers its own batches). */
async function content(store: GraphStore): Promise<unknown> {
  const nodes: unknown[] = [];
  const edges: unknown[] = [];
  for await (const batch of store.exportNodes()) for (const { version: _v, ...node } of batch) nodes.push(node);
  for await (const batch of store.exportEdges()) for (const { version: _v, ...edge } of batch) edges.push(edge);
  const byId = (a: unknown, b: unknown): number => ((a as { id: string }).id < (b as { id: string }).id ? -1 : 1);
  return canonical({ nodes: nodes.sort(byId), edges: edges.sort(byId) });
}

describe.skipIf(!runnable)('civgraph neo4j-import --from-store', () => {
  const work = mkdtempSync(join(tmpdir(), 'civgraph-bulk-cli-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('moves an embedded store into a new Neo4j data directory that the launcher serves with the same graph', async () => {
    const source = openEmbeddedStore({ path: join(work, 'city.db'), labelsOf });
    for (const batch of oddBatches()) await source.write(batch);
    const { out, err, code } = await runCommands([neo4jImportCommand], ['neo4j-import', '--from-store', 'city.db', '--data-dir', 'neo', '--heap', '512m', '--json'], work);
    expect([code, err]).toEqual([0, '']);
    const report = JSON.parse(out) as { dataDir: string; files: { nodes: number; edges: number; version: number } };
    const stats = await source.stats();
    expect(report).toMatchObject({ dataDir: join(work, 'neo'), files: { nodes: stats.nodes, edges: stats.edges } });
    const server = await startNeo4j({ data: join(work, 'neo'), exitWithParent: true, heap: '512m', pagecache: '64m' });
    const store = await openNeo4jStore({ uri: server.uri, labelsOf });
    try {
      expect(await content(store)).toEqual(await content(source));
      expect(await store.version()).toBe(report.files.version);
    } finally {
      await store.close();
      await source.close();
      await stopNeo4j(server);
    }
  }, 300_000);
});
