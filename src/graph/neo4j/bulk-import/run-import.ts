/**
 * Runs Neo4j 5.26's offline importer on the files of ./import-files.ts as a
 * child process: the tools/neo4j `civgraph.neo4j.BulkImport` main class, which
 * runs `neo4j-admin database import full` (the parallel BatchImporter) into the
 * database `neo4j` of a Neo4j home the launcher serves with `--data`. Its one
 * stdout line (`RESULT {json}` or `FAILED <kind> <message>`) becomes a result or
 * a coded EngineError:
 *
 * | kind | code |
 * | --- | --- |
 * | `target_not_empty` | CG_IMPORT_TARGET_NOT_EMPTY |
 * | `duplicate_id` | CG_IMPORT_DUPLICATE_ID |
 * | `dangling_edge` | CG_EDGE_ENDPOINT_MISSING (refused, as Neo4jStore.write refuses it) |
 * | `bad_input` | CG_IMPORT_INPUT_INVALID |
 * | anything else, no line, spawn failure | CG_IMPORT_FAILED |
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { EngineError, type ErrorCode } from '../../../core/index.js';
import type { ImportFiles } from './import-files.js';

/** The java invocation of the importer (tools/neo4j/neo4j.mjs `importerCommand`). */
export interface ImporterCommand {
  readonly file: string;
  readonly args: readonly string[];
}

export interface RunImportOptions {
  readonly files: ImportFiles;
  /** Neo4j home: the folder `Launcher --data` (npm run neo4j:start -- --data) serves. */
  readonly home: string;
  /** Replace a database that already holds data (else CG_IMPORT_TARGET_NOT_EMPTY). */
  readonly overwrite?: boolean;
  /** Builds the java command line from the BulkImport arguments. */
  readonly command: (bulkImportArgs: readonly string[]) => ImporterCommand;
  /** Importer worker threads (`--threads`); default: the importer's (available processors). */
  readonly threads?: number;
  /** Importer off-heap memory cap (`--max-off-heap-memory`), default `1g`. */
  readonly maxOffHeapMemory?: string;
}

export interface ImportResult {
  readonly nodes: number;
  readonly relationships: number;
  readonly properties: number;
  /** Importer time inside the JVM. */
  readonly importMs: number;
}

const KIND_CODES: Readonly<Record<string, ErrorCode>> = {
  target_not_empty: 'CG_IMPORT_TARGET_NOT_EMPTY',
  duplicate_id: 'CG_IMPORT_DUPLICATE_ID',
  dangling_edge: 'CG_EDGE_ENDPOINT_MISSING',
  bad_input: 'CG_IMPORT_INPUT_INVALID',
};

const group = (labels: readonly string[], header: string, data: string): string => `${labels.join(':')}${labels.length > 0 ? '=' : ''}${header},${data}`;

/**
 * The options of `neo4j-admin database import full` for `files` (without the
 * database name): the same command works on a server installation.
 */
export function importArguments(files: ImportFiles, options: { threads?: number; maxOffHeapMemory?: string; reportFile?: string } = {}): string[] {
  const args = [
    `--nodes=${group(files.metaFile.labels, files.metaFile.header, files.metaFile.data)}`,
    ...files.nodeFiles.map((file) => `--nodes=${group(file.labels, file.header, file.data)}`),
    ...files.edgeFiles.map((file) => `--relationships=${group([], file.header, file.data)}`),
    '--id-type=string',
    '--input-encoding=UTF-8',
    // The importer's own `U+001F` notation (four hex digits), so the command line carries no control character.
    `--array-delimiter=U+${files.arrayDelimiter.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}`,
    `--multiline-fields=${files.multiline}`,
    '--ignore-empty-strings=false',
    '--trim-strings=false',
    '--legacy-style-quoting=false',
    '--strict=true',
    '--skip-bad-relationships=false',
    '--skip-duplicate-nodes=false',
    '--bad-tolerance=0',
    `--report-file=${options.reportFile ?? join(files.dir, 'import.report')}`,
    `--max-off-heap-memory=${options.maxOffHeapMemory ?? '1g'}`,
  ];
  if (options.threads !== undefined) args.push(`--threads=${options.threads}`);
  return args;
}

/** How the importer process ended: its protocol line, exit code, or why it could not start. */
export interface Outcome {
  readonly line: string;
  readonly exit: number | null;
  readonly spawnError?: Error;
}

function runProcess(command: ImporterCommand, logFile: string): Promise<Outcome> {
  return new Promise((done) => {
    const log = createWriteStream(logFile);
    const child = spawn(command.file, [...command.args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (out += text));
    child.stderr.pipe(log);
    child.once('error', (spawnError) => done({ line: '', exit: null, spawnError }));
    child.once('close', (exit) => {
      log.end();
      const line = out.split('\n').find((text) => text.startsWith('RESULT ') || text.startsWith('FAILED ')) ?? '';
      done({ line, exit });
    });
  });
}

/** The coded error of a failed importer run (see the table above). */
export function importFailure(outcome: Outcome, home: string, logFile: string): EngineError {
  if (outcome.spawnError !== undefined) {
    return new EngineError('CG_IMPORT_FAILED', `Neo4j bulk import into ${home} could not start java: ${outcome.spawnError.message}`, {
      details: { home },
      cause: outcome.spawnError,
    });
  }
  const match = /^FAILED (\S+) (.*)$/.exec(outcome.line);
  const kind = match?.[1] ?? 'failed';
  const reason = match?.[2] ?? `the importer exited with code ${outcome.exit} and no result (log: ${logFile})`;
  const code = KIND_CODES[kind] ?? 'CG_IMPORT_FAILED';
  return new EngineError(code, `Neo4j bulk import into ${home}: ${reason}`, { details: { home, kind, log: logFile } });
}

/** BulkImport's own options (before `--`): the target home, `--overwrite`, then `extra` (e.g. `--serve …`). */
export function bulkArguments(home: string, options: Pick<RunImportOptions, 'overwrite'>, extra: readonly string[] = []): string[] {
  return ['--home', home, ...(options.overwrite === true ? ['--overwrite'] : []), ...extra];
}

/** The counts of a `RESULT {json}` line. */
export function importResult(line: string): ImportResult {
  const parsed = JSON.parse(line.slice('RESULT '.length)) as { nodes: number; relationships: number; properties: number; ms: number };
  return { nodes: parsed.nodes, relationships: parsed.relationships, properties: parsed.properties, importMs: parsed.ms };
}

/** Imports `files` into the database `neo4j` under `home`; the importer's log goes to `<files.dir>/importer.log`. */
export async function runImport(options: RunImportOptions): Promise<ImportResult> {
  const home = resolve(options.home);
  const logFile = join(options.files.dir, 'importer.log');
  const outcome = await runProcess(options.command([...bulkArguments(home, options), '--', ...importArguments(options.files, options)]), logFile);
  if (outcome.exit !== 0 || !outcome.line.startsWith('RESULT ')) throw importFailure(outcome, home, logFile);
  return importResult(outcome.line);
}
