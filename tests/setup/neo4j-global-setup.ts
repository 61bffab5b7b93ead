/**
 * vitest globalSetup that gives `*.int.test.ts` files a real Neo4j 5.26 (DESIGN.md "Neo4j 5.26";
 * docs/neo4j.md). Order: `NEO4J_URI` (+ `NEO4J_USER`, `NEO4J_PASSWORD`) when set; else the
 * tools/neo4j launcher when `java` is present (built with Maven first if needed); else a
 * testcontainers `neo4j:5.26` container when a container runtime answers; else the run fails with
 * instructions. `CIVGRAPH_SKIP_NEO4J=1` skips. The choice reaches tests via `inject('neo4j')`.
 */
import neo4j from 'neo4j-driver';
import { GenericContainer, Wait, getContainerRuntimeClient, type StartedTestContainer } from 'testcontainers';
import type { TestProject } from 'vitest/node';
import {
  buildLauncher,
  hasJava,
  hasMaven,
  launcherBuilt,
  startNeo4j,
  stopNeo4j,
  type Neo4jServer,
} from '../../tools/neo4j/neo4j.mjs';
import { NEO4J_PROVIDE_KEY, type Neo4jAvailable, type Neo4jTestTarget } from './neo4j-target.js';

/** Docker image used when neither NEO4J_URI nor the launcher is available. */
export const NEO4J_TEST_IMAGE = 'neo4j:5.26';
const HOW_TO_GET_NEO4J = [
  'No Neo4j for the integration tests (*.int.test.ts). Any one of these works:',
  '  - install a JDK 17+ and Maven, then: mvn -f tools/neo4j/pom.xml package (the launcher)',
  '  - start Docker or Podman (testcontainers will run neo4j:5.26)',
  '  - point at a server: NEO4J_URI=bolt://host:7687 NEO4J_USER=neo4j NEO4J_PASSWORD=...',
  '  - or skip them: CIVGRAPH_SKIP_NEO4J=1',
].join('\n');

type Teardown = () => Promise<void>;
interface Chosen {
  target: Neo4jTestTarget;
  teardown: Teardown;
}

async function verify(target: Neo4jAvailable): Promise<void> {
  const auth = target.password === null ? undefined : neo4j.auth.basic(target.user, target.password);
  const driver = neo4j.driver(target.uri, auth);
  try {
    await driver.executeQuery('RETURN 1', {}, { database: 'neo4j' });
  } catch (error) {
    throw new Error(`Neo4j at ${target.uri} (${target.source}) does not answer RETURN 1`, { cause: error });
  } finally {
    await driver.close();
  }
}

function fromEnv(uri: string): Chosen {
  const target: Neo4jAvailable = {
    available: true,
    source: 'env',
    uri,
    user: process.env.NEO4J_USER ?? 'neo4j',
    password: process.env.NEO4J_PASSWORD ?? null,
  };
  return { target, teardown: async () => {} };
}

async function fromLauncher(): Promise<Chosen> {
  if (!launcherBuilt()) {
    console.log('[neo4j] building the Neo4j launcher: mvn -q -f tools/neo4j/pom.xml package (first time downloads Neo4j)');
    buildLauncher();
  }
  const server: Neo4jServer = await startNeo4j({ exitWithParent: true, heap: '512m', pagecache: '128m' });
  console.log(`[neo4j] launcher ready at ${server.uri} in ${server.startMs} ms (pid ${server.pid})`);
  const target: Neo4jAvailable = { available: true, source: 'launcher', uri: server.uri, user: 'neo4j', password: null };
  return { target, teardown: async () => void (await stopNeo4j(server)) };
}

async function containerRuntimeAnswers(): Promise<boolean> {
  try {
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

async function fromContainer(): Promise<Chosen> {
  console.log(`[neo4j] starting container ${NEO4J_TEST_IMAGE} with testcontainers`);
  const container: StartedTestContainer = await new GenericContainer(NEO4J_TEST_IMAGE)
    .withEnvironment({ NEO4J_AUTH: 'none', NEO4J_server_memory_pagecache_size: '128m', NEO4J_server_memory_heap_max__size: '512m' })
    .withExposedPorts(7687)
    .withWaitStrategy(Wait.forLogMessage(/Started\./))
    .withStartupTimeout(180_000)
    .start();
  const uri = `bolt://${container.getHost()}:${container.getMappedPort(7687)}`;
  const target: Neo4jAvailable = { available: true, source: 'container', uri, user: 'neo4j', password: null };
  return { target, teardown: async () => void (await container.stop()) };
}

async function choose(): Promise<Chosen> {
  const uri = process.env.NEO4J_URI;
  if (uri !== undefined && uri !== '') return fromEnv(uri);
  if (hasJava() && (launcherBuilt() || hasMaven())) return fromLauncher();
  if (await containerRuntimeAnswers()) return fromContainer();
  const javaNote = hasJava() ? 'java is installed but the launcher is not built and mvn is missing.\n' : '';
  throw new Error(javaNote + HOW_TO_GET_NEO4J);
}

/** vitest globalSetup entry: provides the target and returns the teardown that stops it. */
export default async function setup(project: TestProject): Promise<Teardown> {
  if (process.env.CIVGRAPH_SKIP_NEO4J === '1') {
    const reason = 'CIVGRAPH_SKIP_NEO4J=1: Neo4j integration tests are skipped';
    console.log(`[neo4j] ${reason}`);
    project.provide(NEO4J_PROVIDE_KEY, { available: false, reason });
    return async () => {};
  }
  const chosen = await choose();
  try {
    if (chosen.target.available) await verify(chosen.target);
  } catch (error) {
    await chosen.teardown();
    throw error;
  }
  project.provide(NEO4J_PROVIDE_KEY, chosen.target);
  return chosen.teardown;
}
