/**
 * The importer and the schema step in one JVM (issue 3, "bulk load ≥ 50,000
 * entities/s"): tools/neo4j `BulkImport --serve` runs `neo4j-admin database
 * import full` exactly as ./run-import.ts does, prints its `RESULT` line, then
 * serves the imported home as `Launcher --data <home> --exit-on-stdin-eof`
 * would (same settings, same `READY bolt://…` line). ./finish-import.ts then
 * builds the schema over Bolt without a second JVM start (about 7 s of the
 * separate-server path on the 2-core machine) and on a JIT the import warmed.
 * Closing the process's stdin stops the database cleanly.
 *
 * {@link startImporter} starts that JVM before the import files exist
 * (`--arguments-from-stdin`): while the caller writes them on one core, the JVM
 * boots on the other and, with `warmUp` (large imports), runs a small throw-away
 * import (tools/neo4j WarmUp.java) so the real import runs on compiled code —
 * 500k-device city: 18.2–18.8 s warm against 31.5–35.4 s cold, back to back.
 *
 * Failures are those of ./run-import.ts; a server that cannot start on the
 * imported home is CG_IMPORT_FAILED naming the log.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EngineError } from '../../../core/index.js';
import type { ImportFiles } from './import-files.js';
import { bulkArguments, importArguments, importFailure, importResult, type ImportResult, type RunImportOptions } from './run-import.js';

/**
 * Entities (nodes + edges) from which an import pays for the full C2 JIT and the warm-up import
 * ({@link importerProfile}). Measured on the shared 2-core machine (bench/neo4j-load.ts offline,
 * whole load): 2.2M entities (500k devices) 36.9–38.9 s with C2 and the warm-up; 0.22M entities
 * (50k devices) 15.0–17.6 s with the C1-only fast-start JIT and no warm-up, 21.1 s with C2 with or
 * without the warm-up (whose fixed ~15 s outlasts the small import it speeds up).
 */
export const LARGE_IMPORT_ENTITIES = 1_000_000;

/** How to run the importer JVM for about `entities` nodes + edges: its JIT and whether it warms up. */
export function importerProfile(entities: number): { readonly jit: 'c1' | 'c2'; readonly warmUp: boolean } {
  const large = entities >= LARGE_IMPORT_ENTITIES;
  return { jit: large ? 'c2' : 'c1', warmUp: large };
}

/** Sizes of the server that runs on the imported home (Launcher `--pagecache`, `--tx-memory`). */
export interface ServeOptions {
  /** Page cache, e.g. `1g`; default the Launcher's (256m). Sized to the store, population reads from it. */
  readonly pagecache?: string;
  readonly txMemory?: string;
}

export interface ServeImportOptions extends RunImportOptions {
  readonly serve?: ServeOptions;
  /** Run a small throw-away import first, so the real one runs on compiled code (large imports: {@link importerProfile}); default false. */
  readonly warmUp?: boolean;
}

export interface StartImporterOptions extends Omit<ServeImportOptions, 'files'> {
  /** Folder of the JVM's log `importer.log` (the import files' folder; created if missing). */
  readonly logDir: string;
}

/** A started importer JVM waiting for its files. */
export interface ImporterProcess {
  /** Sends the import options of `files`; resolves once the imported home is served. */
  serve(files: ImportFiles): Promise<ServedImport>;
  /** Stops the JVM without importing (its files could not be written), warm-up or not. */
  cancel(): Promise<void>;
}

/** The imported home, served by the importer's JVM until {@link ServedImport.stop}. */
export interface ServedImport {
  readonly imported: ImportResult;
  readonly uri: string;
  /** The JVM's process id (its CPU time is in /proc/<pid>/stat until it exits). */
  readonly pid: number;
  /** Wall milliseconds from the importer's RESULT line to READY: the database start in the warm JVM. */
  readonly startMs: number;
  /** Closes stdin (clean shutdown); SIGKILL after `timeoutMs` (default 60 s). */
  stop(timeoutMs?: number): Promise<void>;
}

const SIZE = /^\d+[kmg]?$/i;

/** Whether `value` is a JVM memory size the launcher takes (`512m`, `1g`, a byte count). */
export function isMemorySize(value: string): boolean {
  return SIZE.test(value);
}

function serveArguments(serve: ServeOptions): string[] {
  const args = ['--serve', '--port', '0'];
  const sized: [string, string | undefined][] = [
    ['--pagecache', serve.pagecache],
    ['--tx-memory', serve.txMemory],
  ];
  for (const [flag, value] of sized) {
    if (value === undefined) continue;
    if (!isMemorySize(value)) throw new EngineError('CG_IMPORT_FAILED', `${flag} must be a size like 512m or 1g, got "${value}"`, { details: { flag, value } });
    args.push(flag, value);
  }
  return args;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((done) => child.once('close', () => done()));
}

/** Closes stdin (a served database shuts down cleanly) or sends SIGTERM; SIGKILL after `timeoutMs`. */
async function stopChild(child: ChildProcess, timeoutMs: number, how: 'stdin' | 'signal' = 'stdin'): Promise<void> {
  child.stdin?.end();
  if (how === 'signal' && child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  const gone = exited(child);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((done) => (timer = setTimeout(() => done('late'), timeoutMs)));
  if ((await Promise.race([gone, late])) === 'late') child.kill('SIGKILL');
  clearTimeout(timer);
  await gone;
}

/** Reads the protocol lines of a `BulkImport --serve` process until READY, or its failure. */
function awaitServed(child: ChildProcess, home: string, logFile: string): Promise<ServedImport> {
  return new Promise((done, fail) => {
    let out = '';
    let failed = '';
    let result: { line: string; at: number } | undefined;
    const take = (line: string): void => {
      if (line.startsWith('FAILED ')) failed = line;
      if (line.startsWith('RESULT ')) result = { line, at: performance.now() };
      if (!line.startsWith('READY ') || result === undefined) return;
      const startMs = performance.now() - result.at;
      const served = { imported: importResult(result.line), uri: line.slice('READY '.length).trim(), pid: child.pid ?? -1, startMs };
      done({ ...served, stop: (timeoutMs = 60_000) => stopChild(child, timeoutMs) });
    };
    child.stdout?.setEncoding('utf8').on('data', (text: string) => {
      const lines = `${out}${text}`.split('\n');
      out = lines.pop() ?? '';
      lines.forEach(take);
    });
    child.once('error', (spawnError) => fail(importFailure({ line: '', exit: null, spawnError }, home, logFile)));
    child.once('close', (exit) => {
      take(out);
      if (result === undefined || failed !== '') return fail(importFailure({ line: failed, exit }, home, logFile));
      const reason = `imported, but Neo4j could not start on it (exit ${exit}; log: ${logFile})`;
      fail(new EngineError('CG_IMPORT_FAILED', `Neo4j bulk import into ${home}: ${reason}`, { details: { home, log: logFile } }));
    });
  });
}

/** One stdin line of importer options, each URL-encoded (BulkImport `--arguments-from-stdin`). */
function argumentLine(args: readonly string[]): string {
  return `${args.map(encodeURIComponent).join(' ')}\n`;
}

/**
 * Starts the importer JVM for `home` now (its log: `<logDir>/importer.log`);
 * {@link ImporterProcess.serve} hands it the files once they are written.
 */
export function startImporter(options: StartImporterOptions): ImporterProcess {
  const home = resolve(options.home);
  mkdirSync(options.logDir, { recursive: true });
  const logFile = join(options.logDir, 'importer.log');
  const own = [...(options.warmUp === true ? ['--warm-up'] : []), '--arguments-from-stdin', ...serveArguments(options.serve ?? {})];
  const command = options.command(bulkArguments(home, options, own));
  const log = createWriteStream(logFile);
  const child = spawn(command.file, [...command.args], { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.on('error', () => {});
  child.stderr.pipe(log);
  child.once('close', () => log.end());
  const served = awaitServed(child, home, logFile);
  served.catch(() => {});
  return {
    serve: async (files) => {
      child.stdin.write(argumentLine(importArguments(files, options)));
      try {
        return await served;
      } catch (error) {
        await stopChild(child, 10_000);
        throw error;
      }
    },
    cancel: () => stopChild(child, 10_000, 'signal'),
  };
}

/**
 * Imports `files` into the database `neo4j` under `home` and serves it from the
 * importer's JVM; the JVM's log goes to `<files.dir>/importer.log`.
 */
export function runImportAndServe(options: ServeImportOptions): Promise<ServedImport> {
  return startImporter({ ...options, logDir: options.files.dir }).serve(options.files);
}
