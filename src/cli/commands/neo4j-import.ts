import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EngineError } from '../../core/index.js';
import { openEmbeddedStore } from '../../graph/embedded/index.js';
import { bulkImport, importerProfile, isMemorySize, storeBatches, type BulkImportReport, type ImporterCommand } from '../../graph/neo4j/bulk-import/index.js';
import type { GraphStore, WriteBatch } from '../../graph/port.js';
import { labelsOf } from '../../ontology/index.js';
import { generateCity } from '../../sim/index.js';
import { printJson } from '../io.js';
import { wholeNumber, type CommandModule } from '../runtime.js';

interface Neo4jImportFlags {
  readonly fromStore?: string;
  readonly city?: string;
  readonly seed: string;
  readonly dataDir: string;
  readonly filesDir?: string;
  readonly overwrite?: boolean;
  readonly heap: string;
  readonly pagecache: string;
  readonly json?: boolean;
}

/** What this command uses of tools/neo4j/neo4j.mjs (loaded at run time: it is outside src/). */
interface LauncherTools {
  hasJava(): boolean;
  launcherBuilt(): boolean;
  importerCommand(args: readonly string[], options?: { heap?: string; jvmArgs?: readonly string[] }): ImporterCommand;
  /** JVM flags of a short import (C1-only JIT) and of a long one (C2). */
  readonly FAST_START_JVM_FLAGS: readonly string[];
  readonly IMPORTER_JVM_FLAGS: readonly string[];
}

/** tools/neo4j/neo4j.mjs, three folders up from src/cli/commands and from dist/cli/commands alike. */
async function launcherTools(): Promise<LauncherTools> {
  const url = new URL('../../../tools/neo4j/neo4j.mjs', import.meta.url);
  if (!existsSync(url)) {
    throw new EngineError('CG_IMPORT_FAILED', `the Neo4j tools (${url.pathname}) are missing: neo4j-import runs from a CivGraph checkout with tools/neo4j built`);
  }
  const tools = (await import(url.href)) as LauncherTools;
  if (!tools.hasJava()) throw new EngineError('CG_IMPORT_FAILED', 'java was not found on PATH: install a JDK 17 or 21 (the Neo4j importer runs on it)');
  if (!tools.launcherBuilt()) throw new EngineError('CG_IMPORT_FAILED', 'the Neo4j launcher is not built: run mvn -f tools/neo4j/pom.xml package');
  return tools;
}

interface Source {
  readonly batches: Iterable<WriteBatch> | AsyncIterable<WriteBatch>;
  readonly describe: string;
  /** About how many nodes + edges it holds (picks the importer's JIT and warm-up). */
  readonly entities: () => Promise<number>;
  readonly close: () => Promise<void>;
}

function openSource(flags: Neo4jImportFlags, cwd: string): Source {
  if ((flags.fromStore === undefined) === (flags.city === undefined)) {
    throw new EngineError('CG_ARGUMENT_INVALID', 'neo4j-import needs exactly one of --from-store FILE (an embedded store) or --city DEVICES (a generated city)');
  }
  if (flags.fromStore !== undefined) {
    const path = resolve(cwd, flags.fromStore);
    if (!existsSync(path)) throw new EngineError('CG_FILE_UNREADABLE', `embedded store ${flags.fromStore} does not exist`, { details: { path } });
    const store: GraphStore = openEmbeddedStore({ path, labelsOf });
    const entities = async (): Promise<number> => {
      const stats = await store.stats();
      return stats.nodes + stats.edges;
    };
    return { batches: storeBatches(store), describe: `embedded store ${flags.fromStore}`, entities, close: () => store.close() };
  }
  const devices = wholeNumber('city', flags.city, 500, 5_000_000);
  const seed = wholeNumber('seed', flags.seed, 0, 2 ** 31 - 1);
  // A generated city holds about 4.5 nodes + edges per device (2,233,735 at 500,000 devices); 4 errs towards the large profile.
  const expected = (devices ?? 0) * 4;
  const entities = async (): Promise<number> => expected;
  return { batches: generateCity({ devices, seed }).batches(), describe: `generated city of ${devices} devices (seed ${seed})`, entities, close: async () => {} };
}

function summary(report: BulkImportReport, dataDir: string): string {
  const seconds = (ms: number): string => (ms / 1000).toFixed(1);
  const entities = report.files.nodes + report.files.edges;
  const total = report.filesMs + report.importMs + report.schemaMs;
  return [
    `imported ${report.files.nodes} nodes and ${report.files.edges} edges (store version ${report.files.version}) into ${dataDir}`,
    `  csv files ${seconds(report.filesMs)} s, importer ${seconds(report.importMs)} s (server start ${seconds(report.serverStartMs)} s), schema ${seconds(report.schemaMs)} s: ${Math.round(entities / (total / 1000))} entities/s`,
    `  serve it with: npm run neo4j:start -- --data ${dataDir}`,
    '',
  ].join('\n');
}

/**
 * `civgraph neo4j-import --from-store FILE | --city DEVICES --data-dir DIR [--overwrite] [--json]`:
 * loads an embedded store, or a generated city, into a new Neo4j database offline (Neo4j's
 * `neo4j-admin database import full` through tools/neo4j), then builds the store's schema on it
 * from the importer's own JVM (one JVM start, `BulkImport --serve`).
 */
export const neo4jImportCommand: CommandModule = {
  register(program, runtime) {
    program
      .command('neo4j-import')
      .description('bulk-load an embedded store or a generated city into a new Neo4j database offline (neo4j-admin import)')
      .option('--from-store <file>', 'embedded store file to move into Neo4j')
      .option('--city <devices>', 'generate a city of this many devices instead')
      .option('--seed <n>', 'seed of the generated city', '1')
      .requiredOption('--data-dir <dir>', 'Neo4j data directory to create (the one `npm run neo4j:start -- --data DIR` serves)')
      .option('--files-dir <dir>', 'where the CSV import files go (default <data-dir>/import; kept for neo4j-admin)')
      .option('--overwrite', 'replace a database that already holds data')
      .option('--heap <size>', 'importer JVM heap (it also serves the schema step)', '1g')
      .option('--pagecache <size>', 'page cache of the schema step (index population reads the store through it)', '512m')
      .option('--json', 'print one JSON object on stdout')
      .action((flags: Neo4jImportFlags) =>
        runtime.run(async () => {
          if (!isMemorySize(flags.pagecache)) throw new EngineError('CG_ARGUMENT_INVALID', `--pagecache must be a size like 512m or 1g, got "${flags.pagecache}"`);
          const source = openSource(flags, runtime.io.cwd);
          const home = resolve(runtime.io.cwd, flags.dataDir);
          try {
            const tools = await launcherTools();
            const profile = importerProfile(await source.entities());
            const jvmArgs = profile.jit === 'c2' ? tools.IMPORTER_JVM_FLAGS : tools.FAST_START_JVM_FLAGS;
            if (flags.json !== true) runtime.io.err(`importing ${source.describe} into ${home}\n`);
            const report = await bulkImport({
              batches: source.batches,
              labelsOf,
              filesDir: flags.filesDir === undefined ? join(home, 'import') : resolve(runtime.io.cwd, flags.filesDir),
              home,
              overwrite: flags.overwrite === true,
              command: (args) => tools.importerCommand(args, { heap: flags.heap, jvmArgs }),
              serve: { pagecache: flags.pagecache },
              warmUp: profile.warmUp,
              onPhase: (phase, ms) => flags.json !== true && runtime.io.err(`  ${phase} done in ${(ms / 1000).toFixed(1)} s\n`),
            });
            if (flags.json === true) printJson(runtime.io, { dataDir: home, ...report });
            else runtime.io.out(summary(report, home));
          } finally {
            await source.close();
          }
        }),
      );
  },
};
