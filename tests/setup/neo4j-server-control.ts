/**
 * A Neo4j server a test owns and may stop and restart: the fault-injection path for store tests
 * (a Bolt endpoint that goes away must surface as `Neo4jError.code` ServiceUnavailable, and come
 * back with its data). Runs its own tools/neo4j launcher on a temporary, persistent data folder,
 * separate from the shared server of the global setup, so stopping it disturbs no other test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasJava, launcherBuilt, startNeo4j, stopNeo4j, type Neo4jServer } from '../../tools/neo4j/neo4j.mjs';

/** A test-owned server. `uri` stays the same across restarts (same port). */
export interface ControlledNeo4j {
  readonly uri: string;
  /** Data folder kept across stop/restart, removed by `dispose`. */
  readonly data: string;
  /** True between a successful start/restart and the next stop. */
  readonly running: boolean;
  /** SIGTERM and wait: afterwards connections fail with ServiceUnavailable. */
  stop(): Promise<void>;
  /** Starts again on the same port and data folder. */
  restart(): Promise<void>;
  /** Stops (if running) and deletes the data folder. */
  dispose(): Promise<void>;
}

/** Whether {@link startControlledNeo4j} can run here (a JDK and a built launcher). */
export function canControlNeo4j(): boolean {
  return hasJava() && launcherBuilt();
}

/** Why {@link canControlNeo4j} is false, for skip messages. */
export const CONTROLLED_NEO4J_REQUIREMENT = 'needs java and a built launcher (mvn -f tools/neo4j/pom.xml package)';

const LAUNCH = { exitWithParent: true, heap: '384m', pagecache: '64m' } as const;

/** Starts a launcher the calling test controls; authentication is off. */
export async function startControlledNeo4j(): Promise<ControlledNeo4j> {
  const data = mkdtempSync(join(tmpdir(), 'civgraph-neo4j-controlled-'));
  let server: Neo4jServer | null = await startNeo4j({ ...LAUNCH, data: join(data, 'home') });
  const uri = server.uri;
  const port = Number(new URL(uri).port);
  const stop = async (): Promise<void> => {
    if (server === null) return;
    await stopNeo4j(server);
    server = null;
  };
  return {
    uri,
    data,
    get running() {
      return server !== null;
    },
    stop,
    async restart() {
      await stop();
      server = await startNeo4j({ ...LAUNCH, data: join(data, 'home'), port });
    },
    async dispose() {
      await stop();
      rmSync(data, { recursive: true, force: true });
    },
  };
}
