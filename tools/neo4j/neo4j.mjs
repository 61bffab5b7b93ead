#!/usr/bin/env node
// Starts, stops and reports on the CivGraph Neo4j launcher (tools/neo4j, a real Neo4j 5.26 server
// in one JVM, Bolt on 127.0.0.1). Plain Node ESM, no build step. See docs/neo4j.md.
//
//   node tools/neo4j/neo4j.mjs start [--port N (default 7687)] [--data DIR] [--password P] [--heap 512m] [--pagecache 256m]
//                                    [--tx-memory 256m]
//   node tools/neo4j/neo4j.mjs stop
//   node tools/neo4j/neo4j.mjs status
//
// Also a library: startNeo4j / stopNeo4j / neo4jStatus / buildLauncher for the vitest global setup.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const TOOL_DIR = dirname(fileURLToPath(import.meta.url));
/** Repository root (two levels above this file). */
export const REPO_ROOT = resolve(TOOL_DIR, '..', '..');
const TARGET_DIR = join(TOOL_DIR, 'target');
const LAUNCHER_JAR = join(TARGET_DIR, 'civgraph-neo4j-launcher.jar');
const LAUNCHER_LIB = join(TARGET_DIR, 'lib');
const DEFAULT_STATE_FILE = join(REPO_ROOT, '.neo4j', 'server.json');
const BUILD_HINT = 'run mvn -f tools/neo4j/pom.xml package';
/** Flags Neo4j 5 needs on Java 17+ (its page cache and Netty use reflective access). */
export const JVM_FLAGS = Object.freeze([
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '-Dio.netty.tryReflectionSetAccessible=true',
]);
/**
 * Default extra JVM flags: C1-only JIT and the serial collector roughly halve cold start on a
 * small shared machine (measured 16.8 s -> 7.7 s) at the same idle RSS; pass `jvmArgs: []` for
 * the JVM defaults (full C2 JIT, G1), which suit a long-running, busy server better.
 */
export const FAST_START_JVM_FLAGS = Object.freeze(['-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1']);
const READY_LINE = /^READY (bolt:\/\/\S+)$/m;
const SIZE = /^\d+[kmg]?$/i;

/** True when `cmd -version`-style probing finds an executable on PATH. */
function hasCommand(cmd, args) {
  const probe = spawnSync(cmd, args, { stdio: 'ignore' });
  return probe.error === undefined && probe.status === 0;
}

/** True when a Java runtime is on PATH. */
export function hasJava() {
  return hasCommand('java', ['-version']);
}

/** True when Maven is on PATH. */
export function hasMaven() {
  return hasCommand('mvn', ['-v']);
}

/** True when `mvn package` has produced the launcher jar and its dependency folder. */
export function launcherBuilt() {
  return existsSync(LAUNCHER_JAR) && existsSync(LAUNCHER_LIB);
}

/** Builds the launcher with Maven (first build downloads Neo4j from Maven Central). */
export function buildLauncher({ quiet = true } = {}) {
  const args = [...(quiet ? ['-q'] : []), '-B', '-f', join(TOOL_DIR, 'pom.xml'), 'package'];
  const result = spawnSync('mvn', args, { stdio: 'inherit' });
  if (result.error !== undefined || result.status !== 0) {
    throw new Error(`Maven build of the Neo4j launcher failed (exit ${result.status}); ${BUILD_HINT} to see why`);
  }
}

function checkSize(name, value) {
  if (!SIZE.test(value)) throw new Error(`--${name} must be a size like 512m or 1g, got "${value}"`);
  return value;
}

function launcherArgs(options) {
  const heap = checkSize('heap', options.heap ?? '512m');
  const args = [`-Xmx${heap}`, ...JVM_FLAGS, ...(options.jvmArgs ?? FAST_START_JVM_FLAGS), '-cp', `${LAUNCHER_JAR}:${join(LAUNCHER_LIB, '*')}`];
  args.push('civgraph.neo4j.Launcher', '--port', String(options.port ?? 0));
  args.push('--pagecache', checkSize('pagecache', options.pagecache ?? '256m'));
  if (options.txMemory !== undefined) args.push('--tx-memory', checkSize('tx-memory', options.txMemory));
  if (options.data !== undefined) args.push('--data', resolve(options.data));
  if (options.password !== undefined) args.push('--password', options.password);
  if (options.exitWithParent === true) args.push('--exit-on-stdin-eof');
  return args;
}

/**
 * JVM flags of a large offline import (src/graph/neo4j/bulk-import `importerProfile`): the full C2
 * JIT and the parallel collector. Such an import is tens of CPU-seconds of hot loops (CSV parsing,
 * id mapping, record writing), where the C1-only fast-start flags cost far more than they save:
 * 500k-device city, importer CPU 66.8 s with FAST_START_JVM_FLAGS vs 38.3 s with these. A small one
 * (50k devices) is faster on FAST_START_JVM_FLAGS, the default of {@link importerCommand}.
 */
export const IMPORTER_JVM_FLAGS = Object.freeze(['-XX:+UseParallelGC']);

/**
 * The java command line of the offline importer (civgraph.neo4j.BulkImport, `neo4j-admin database
 * import full` into the launcher's `--data` layout, then with `--serve` the launcher on its result).
 * `bulkImportArgs` are BulkImport's own (`--home DIR [--overwrite] [--warm-up] [--serve …] (-- <import full
 * options> | --arguments-from-stdin)`). JVM flags default to FAST_START_JVM_FLAGS (IMPORTER_JVM_FLAGS for
 * large imports).
 * @param {readonly string[]} bulkImportArgs
 * @param {{ heap?: string, jvmArgs?: readonly string[] }} [options]
 * @returns {{ file: string, args: string[] }}
 */
export function importerCommand(bulkImportArgs, options = {}) {
  preflight();
  const heap = checkSize('heap', options.heap ?? '1g');
  const args = [`-Xmx${heap}`, ...JVM_FLAGS, ...(options.jvmArgs ?? FAST_START_JVM_FLAGS), '-cp', `${LAUNCHER_JAR}:${join(LAUNCHER_LIB, '*')}`];
  return { file: 'java', args: [...args, 'civgraph.neo4j.BulkImport', ...bulkImportArgs] };
}

function preflight() {
  if (!hasJava()) throw new Error(`java was not found on PATH: install a JDK 17 or 21, then ${BUILD_HINT}`);
  if (!launcherBuilt()) throw new Error(`the Neo4j launcher is not built (${LAUNCHER_JAR} missing): ${BUILD_HINT}`);
}

function sleep(ms) {
  return new Promise((done) => setTimeout(done, ms));
}

function readLog(logFile) {
  return existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
}

function tail(text, lines = 30) {
  return text.split('\n').slice(-lines).join('\n');
}

/** Polls the launcher's log until READY, the process exits, or the timeout passes. */
async function awaitReady(child, logFile, timeoutMs) {
  let exit;
  child.once('exit', (code, signal) => (exit = { code, signal }));
  child.once('error', (error) => (exit = { code: null, signal: String(error) }));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = READY_LINE.exec(readLog(logFile));
    if (match !== null) return match[1];
    if (exit !== undefined) {
      throw new Error(`Neo4j launcher exited (code ${exit.code}, signal ${exit.signal}) before READY:\n${tail(readLog(logFile))}`);
    }
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error(`Neo4j launcher was not READY within ${timeoutMs} ms:\n${tail(readLog(logFile))}`);
}

/**
 * Spawns the launcher and resolves once Bolt accepts connections.
 * @param {import('./neo4j.d.mts').StartOptions} [options]
 * @returns {Promise<import('./neo4j.d.mts').Neo4jServer>}
 */
export async function startNeo4j(options = {}) {
  preflight();
  const args = launcherArgs(options);
  const tempLogDir = options.logDir === undefined ? mkdtempSync(join(tmpdir(), 'civgraph-neo4j-log-')) : null;
  const logDir = options.logDir ?? tempLogDir;
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, 'launcher.log');
  const fd = openSync(logFile, 'w');
  const detached = options.detached === true;
  const stdin = options.exitWithParent === true ? 'pipe' : 'ignore';
  const startedAt = Date.now();
  const child = spawn('java', args, { detached, stdio: [stdin, fd, fd] });
  closeSync(fd);
  let uri;
  try {
    uri = await awaitReady(child, logFile, options.timeoutMs ?? 120_000);
  } catch (error) {
    if (tempLogDir !== null) rmSync(tempLogDir, { recursive: true, force: true });
    throw error;
  }
  if (detached) child.unref();
  const server = {
    pid: child.pid,
    uri,
    user: 'neo4j',
    password: options.password ?? null,
    data: options.data === undefined ? null : resolve(options.data),
    logFile,
    tempLogDir,
    startMs: Date.now() - startedAt,
  };
  // The stdin pipe (exitWithParent) must not keep this process alive; closing it stops the server.
  if (child.stdin !== null) {
    child.stdin.on('error', () => {});
    child.stdin.unref?.();
  }
  return server;
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Sends SIGTERM (clean Neo4j shutdown) and waits; SIGKILL after the timeout. Removes the
 * temporary log folder, if startNeo4j made one.
 * @param {{ pid: number, tempLogDir?: string | null }} server
 * @param {{ timeoutMs?: number }} [options]
 * @returns {Promise<{ forced: boolean }>}
 */
export async function stopNeo4j(server, options = {}) {
  const result = await terminate(server.pid, options.timeoutMs ?? 60_000);
  if (typeof server.tempLogDir === 'string') rmSync(server.tempLogDir, { recursive: true, force: true });
  return result;
}

async function terminate(pid, timeoutMs) {
  if (!alive(pid)) return { forced: false };
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!alive(pid)) return { forced: false };
    await sleep(100);
  }
  process.kill(pid, 'SIGKILL');
  while (alive(pid)) await sleep(50);
  return { forced: true };
}

/**
 * Reads the state file written by `start` and checks the process is still there.
 * @returns {import('./neo4j.d.mts').Neo4jStatus}
 */
export function neo4jStatus(stateFile = DEFAULT_STATE_FILE) {
  if (!existsSync(stateFile)) return { running: false, server: null };
  const server = JSON.parse(readFileSync(stateFile, 'utf8'));
  return { running: alive(server.pid), server };
}

const CLI_FLAGS = { '--port': 'port', '--data': 'data', '--data-dir': 'data', '--password': 'password', '--heap': 'heap', '--pagecache': 'pagecache', '--tx-memory': 'txMemory' };

function parseCliOptions(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i += 2) {
    const key = CLI_FLAGS[argv[i]];
    if (key === undefined || argv[i + 1] === undefined) throw new Error(`bad option ${argv[i]}; options: ${Object.keys(CLI_FLAGS).join(' ')} (each with a value)`);
    options[key] = argv[i + 1];
  }
  if (options.port !== undefined && !/^\d+$/.test(options.port)) throw new Error(`--port must be a number, got "${options.port}"`);
  if (options.port !== undefined) options.port = Number(options.port);
  return options;
}

async function cliStart(argv) {
  const { running, server: current } = neo4jStatus();
  if (running) throw new Error(`Neo4j is already running at ${current.uri} (pid ${current.pid}); stop it first`);
  const options = parseCliOptions(argv);
  options.data ??= join(REPO_ROOT, '.neo4j', 'data');
  // The engine's default store.neo4j.uri is bolt://127.0.0.1:7687: match it unless told otherwise.
  options.port ??= 7687;
  // A server a user keeps running: the JVM defaults (G1, full C2 JIT). The C1-only fast-start flags
  // roughly double the server's CPU per write once warm (bench/pipeline-neo4j.bench.ts).
  const server = await startNeo4j({ ...options, jvmArgs: [], detached: true, logDir: join(REPO_ROOT, '.neo4j') });
  writeFileSync(DEFAULT_STATE_FILE, `${JSON.stringify(server, null, 2)}\n`);
  console.log(server.uri);
}

async function cliStop() {
  const { running, server } = neo4jStatus();
  if (server === null) return console.log('Neo4j is not running (no .neo4j/server.json)');
  if (running) {
    const { forced } = await stopNeo4j(server);
    console.log(forced ? `Neo4j (pid ${server.pid}) killed after timeout` : `Neo4j (pid ${server.pid}) stopped`);
  } else {
    console.log(`Neo4j (pid ${server.pid}) was not running`);
  }
  rmSync(DEFAULT_STATE_FILE, { force: true });
}

function cliStatus() {
  const { running, server } = neo4jStatus();
  console.log(running ? `running ${server.uri} pid ${server.pid} data ${server.data}` : 'stopped');
  process.exitCode = running ? 0 : 3;
}

const COMMANDS = { start: cliStart, stop: cliStop, status: cliStatus };

async function main(argv) {
  const command = COMMANDS[argv[0]];
  if (command === undefined) {
    console.error('usage: neo4j.mjs start [--port N] [--data DIR] [--password P] [--heap 512m] [--pagecache 256m] [--tx-memory 256m] | stop | status');
    process.exitCode = 2;
    return;
  }
  try {
    await command(argv.slice(1));
  } catch (error) {
    console.error(`neo4j: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await main(process.argv.slice(2));
}
