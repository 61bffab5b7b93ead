/**
 * The Neo4j server the vitest global setup chose for `*.int.test.ts` files, handed to tests with
 * vitest `provide`/`inject` (key `neo4j`). DESIGN.md "Neo4j 5.26": tests pick, in order,
 * `NEO4J_URI`, the tools/neo4j launcher, a testcontainers container.
 */
import { inject } from 'vitest';

/** Where the server came from. */
export type Neo4jSource = 'env' | 'launcher' | 'container';

/** A reachable server; `password` is null when authentication is off. */
export interface Neo4jAvailable {
  readonly available: true;
  readonly source: Neo4jSource;
  /** Bolt URI, for example `bolt://127.0.0.1:40123`. */
  readonly uri: string;
  readonly user: string;
  readonly password: string | null;
}

/** No server: the run was told to skip Neo4j (`CIVGRAPH_SKIP_NEO4J=1`). */
export interface Neo4jSkipped {
  readonly available: false;
  readonly reason: string;
}

/** What `inject('neo4j')` returns. */
export type Neo4jTestTarget = Neo4jAvailable | Neo4jSkipped;

declare module 'vitest' {
  export interface ProvidedContext {
    neo4j: Neo4jTestTarget;
  }
}

/** Key under which the global setup provides the {@link Neo4jTestTarget}. */
export const NEO4J_PROVIDE_KEY = 'neo4j';

/**
 * The target for this test file. Outside a run that used the Neo4j global setup nothing was
 * provided; that is reported as skipped rather than as a crash so unit-only configs still load.
 */
export function neo4jTarget(): Neo4jTestTarget {
  const target = inject(NEO4J_PROVIDE_KEY) as Neo4jTestTarget | undefined;
  return target ?? { available: false, reason: 'Neo4j global setup (tests/setup/neo4j-global-setup.ts) is not configured' };
}
