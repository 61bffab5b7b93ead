/**
 * The whole offline load (issue 3, "bulk load ≥ 50,000 entities/s"): write the
 * import files (./import-files.ts) while the importer's JVM starts and warms
 * up, run Neo4j's offline importer into an empty Neo4j home and serve the
 * result from the same JVM (./serve-import.ts), build
 * the store's schema and set the fix-ups over Bolt (./finish-import.ts), stop
 * it. Afterwards `npm run neo4j:start -- --data <home>` serves a database that
 * `openNeo4jStore` reads, feeds and writes exactly as if the same batches had
 * gone through Neo4jStore.write.
 */
import type { WriteBatch } from '../../port.js';
import { finishImport, type FinishImportResult } from './finish-import.js';
import { writeImportFiles, type ImportFiles } from './import-files.js';
import type { ImportResult } from './run-import.js';
import { startImporter, type ServeImportOptions } from './serve-import.js';

export interface BulkImportOptions extends Omit<ServeImportOptions, 'files'> {
  /** The batches Neo4jStore.write would take (upserts only), e.g. a generated city or a store's export. */
  readonly batches: Iterable<WriteBatch> | AsyncIterable<WriteBatch>;
  readonly labelsOf: (kind: string) => readonly string[];
  /** Folder for the CSV files (kept: `import.json` lists them for a `neo4j-admin` run elsewhere). */
  readonly filesDir: string;
  /** Called as each phase ends, for progress output. */
  readonly onPhase?: (phase: 'files' | 'import' | 'schema', ms: number) => void;
}

export interface BulkImportReport {
  readonly files: ImportFiles;
  readonly imported: ImportResult;
  readonly finished: FinishImportResult;
  /** Wall time per phase, milliseconds. */
  readonly filesMs: number;
  /** From the files written to READY: the importer (and any warm-up left), then the database start ({@link serverStartMs}). */
  readonly importMs: number;
  readonly serverStartMs: number;
  /** Schema population, fix-ups and the server's stop. */
  readonly schemaMs: number;
}

/** Loads `batches` into a new Neo4j database under `home`, offline. */
export async function bulkImport(options: BulkImportOptions): Promise<BulkImportReport> {
  const t0 = performance.now();
  // The JVM boots (and warms up) on the other core while this one writes the files.
  const importer = startImporter({ ...options, logDir: options.filesDir });
  let files: ImportFiles;
  try {
    files = await writeImportFiles(options.batches, { dir: options.filesDir, labelsOf: options.labelsOf });
  } catch (error) {
    await importer.cancel();
    throw error;
  }
  const t1 = performance.now();
  options.onPhase?.('files', t1 - t0);
  const served = await importer.serve(files);
  const t2 = performance.now();
  options.onPhase?.('import', t2 - t1);
  let finished: FinishImportResult;
  try {
    finished = await finishImport({ uri: served.uri, files });
  } finally {
    await served.stop();
  }
  const t3 = performance.now();
  options.onPhase?.('schema', t3 - t2);
  return { files, imported: served.imported, finished, filesMs: t1 - t0, importMs: t2 - t1, serverStartMs: served.startMs, schemaMs: t3 - t2 };
}
