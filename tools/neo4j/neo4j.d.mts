/**
 * Types for tools/neo4j/neo4j.mjs, the Node wrapper around the CivGraph Neo4j launcher (a real
 * Neo4j 5.26 Community server in one JVM, Bolt on 127.0.0.1). See docs/neo4j.md.
 */

/** Options for {@link startNeo4j}. Sizes are JVM/Neo4j sizes like `512m` or `1g`. */
export interface StartOptions {
  /** Bolt port; 0 (default) picks a free one, reported in `uri`. */
  port?: number;
  /** Persistent Neo4j home (data, transaction logs, debug log); omitted = temporary, deleted on stop. */
  data?: string;
  /** Password for user `neo4j` (8+ characters); omitted = authentication off. */
  password?: string;
  /** JVM heap (-Xms/-Xmx), default 512m. */
  heap?: string;
  /** Neo4j page cache (server.memory.pagecache.size), default 256m. */
  pagecache?: string;
  /** Memory all transactions together may use (dbms.memory.transaction.total.max), default 256m; raise it for write batches of 50,000+ entities. */
  txMemory?: string;
  /** Folder for launcher.log (stdout+stderr of the JVM); default a new temporary folder. */
  logDir?: string;
  /** Detach the JVM so it outlives this process (the CLI `start`). */
  detached?: boolean;
  /** Stop the JVM when this process exits or dies (stdin pipe closes). */
  exitWithParent?: boolean;
  /** Extra JVM flags; default FAST_START_JVM_FLAGS (C1 JIT, serial GC). */
  jvmArgs?: readonly string[];
  /** How long to wait for READY, default 120000 ms. */
  timeoutMs?: number;
}

/** A running launcher, as written to .neo4j/server.json by `start`. */
export interface Neo4jServer {
  pid: number;
  /** `bolt://127.0.0.1:<port>` */
  uri: string;
  user: 'neo4j';
  /** Null when authentication is off. */
  password: string | null;
  /** Absolute data folder, or null for a temporary one. */
  data: string | null;
  logFile: string;
  /** Temporary folder holding logFile, removed by stopNeo4j; null when logDir was given. */
  tempLogDir: string | null;
  /** Milliseconds from spawn to READY. */
  startMs: number;
}

export interface Neo4jStatus {
  running: boolean;
  server: Neo4jServer | null;
}

export declare const REPO_ROOT: string;
export declare const JVM_FLAGS: readonly string[];
export declare const FAST_START_JVM_FLAGS: readonly string[];
export declare function hasJava(): boolean;
export declare function hasMaven(): boolean;
export declare function launcherBuilt(): boolean;
export declare function buildLauncher(options?: { quiet?: boolean }): void;
export declare function startNeo4j(options?: StartOptions): Promise<Neo4jServer>;
export declare function stopNeo4j(server: { pid: number; tempLogDir?: string | null }, options?: { timeoutMs?: number }): Promise<{ forced: boolean }>;
export declare function neo4jStatus(stateFile?: string): Neo4jStatus;
/** JVM flags of a large offline import (full C2 JIT, parallel GC). */
export declare const IMPORTER_JVM_FLAGS: readonly string[];
/**
 * The java command line of the offline importer (civgraph.neo4j.BulkImport); `bulkImportArgs` are
 * `--home DIR [--overwrite] [--warm-up] [--serve …] (-- <neo4j-admin database import full options> | --arguments-from-stdin)`.
 * Heap default 1g; jvmArgs default FAST_START_JVM_FLAGS (pass IMPORTER_JVM_FLAGS for a large import).
 */
export declare function importerCommand(
  bulkImportArgs: readonly string[],
  options?: { heap?: string; jvmArgs?: readonly string[] },
): { file: string; args: string[] };
