/**
 * The whole offline load (issue 3, "bulk load ≥ 50,000 entities/s"): write the
 * import files (./import-files.ts), run Neo4j's offline importer into an empty
 * Neo4j home (./run-import.ts), start a server on it once to build the store's
 * schema and set the fix-ups (./finish-import.ts), stop it. Afterwards
 * `npm run neo4j:start -- --data <home>` serves a database that
 * `openNeo4jStore` reads, feeds and writes exactly as if the same batches had
 * gone through Neo4jStore.write.
 */
import type { WriteBatch } from '../../port.js';
import { finishImport, type FinishImportResult } from './finish-import.js';
import { writeImportFiles, type ImportFiles } from './import-files.js';
import { runImport, type ImportResult, type RunImportOptions } from './run-import.js';

/** A server running on the imported home (tools/neo4j/neo4j.mjs `startNeo4j`). */
export interface ImportServer {
  readonly uri: string;
  readonly user?: string;
  readonly password?: string | null;
  stop(): Promise<void>;
}

export interface BulkImportOptions extends Omit<RunImportOptions, 'files'> {
  /** The batches Neo4jStore.write would take (upserts only), e.g. a generated city or a store's export. */
  readonly batches: Iterable<WriteBatch> | AsyncIterable<WriteBatch>;
  readonly labelsOf: (kind: string) => readonly string[];
  /** Folder for the CSV files (kept: `import.json` lists them for a `neo4j-admin` run elsewhere). */
  readonly filesDir: string;
  /** Starts a server on `home` for the schema step. */
  readonly startServer: (home: string) => Promise<ImportServer>;
  /** Called as each phase ends, for progress output. */
  readonly onPhase?: (phase: 'files' | 'import' | 'schema', ms: number) => void;
}

export interface BulkImportReport {
  readonly files: ImportFiles;
  readonly imported: ImportResult;
  readonly finished: FinishImportResult;
  /** Wall time per phase, milliseconds. */
  readonly filesMs: number;
  readonly importMs: number;
  /** Server start, schema population and fix-ups, and stop. */
  readonly schemaMs: number;
}

/** Loads `batches` into a new Neo4j database under `home`, offline. */
export async function bulkImport(options: BulkImportOptions): Promise<BulkImportReport> {
  const t0 = performance.now();
  const files = await writeImportFiles(options.batches, { dir: options.filesDir, labelsOf: options.labelsOf });
  const t1 = performance.now();
  options.onPhase?.('files', t1 - t0);
  const imported = await runImport({ ...options, files });
  const t2 = performance.now();
  options.onPhase?.('import', t2 - t1);
  const server = await options.startServer(options.home);
  let finished: FinishImportResult;
  try {
    finished = await finishImport({ uri: server.uri, user: server.user, password: server.password, files });
  } finally {
    await server.stop();
  }
  const t3 = performance.now();
  options.onPhase?.('schema', t3 - t2);
  return { files, imported, finished, filesMs: t1 - t0, importMs: t2 - t1, schemaMs: t3 - t2 };
}
