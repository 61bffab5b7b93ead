/**
 * Smoke test of the Neo4j server the integration tests run against (tests/setup/neo4j-global-setup.ts)
 * and of the fault-injection path (tests/setup/neo4j-server-control.ts): a stopped server surfaces
 * as `Neo4jError.code` ServiceUnavailable, and a restart on the same data folder keeps the data.
 */
import { randomUUID } from 'node:crypto';
import neo4j, { Neo4jError, type Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { neo4jTarget } from '../setup/neo4j-target.js';
import {
  CONTROLLED_NEO4J_REQUIREMENT,
  canControlNeo4j,
  startControlledNeo4j,
  type ControlledNeo4j,
} from '../setup/neo4j-server-control.js';

const target = neo4jTarget();
const DATABASE = { database: 'neo4j' } as const;
/** A label of this run only, so the test never sees another test's nodes. */
const label = `Smoke_${randomUUID().replaceAll('-', '')}`;

async function errorOf(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe.skipIf(!target.available)('shared Neo4j server', () => {
  let driver: Driver;

  beforeAll(() => {
    if (!target.available) return;
    const auth = target.password === null ? undefined : neo4j.auth.basic(target.user, target.password);
    driver = neo4j.driver(target.uri, auth);
  });

  afterAll(async () => {
    await driver.executeQuery(`MATCH (n:${label}) DELETE n`, {}, DATABASE);
    await driver.executeQuery(`DROP CONSTRAINT ${label}_id IF EXISTS`, {}, DATABASE);
    await driver.close();
  });

  it('creates a node and reads it back', async () => {
    await driver.executeQuery(`CREATE (:${label} {id: $id, name: $name})`, { id: 'a', name: 'Pump 7' }, DATABASE);
    const { records } = await driver.executeQuery(`MATCH (n:${label}) RETURN n.id AS id, n.name AS name`, {}, DATABASE);
    expect(records.map((record) => record.toObject())).toEqual([{ id: 'a', name: 'Pump 7' }]);
  });

  it('enforces a uniqueness constraint with Neo.ClientError.Schema.ConstraintValidationFailed', async () => {
    await driver.executeQuery(`CREATE CONSTRAINT ${label}_id IF NOT EXISTS FOR (n:${label}) REQUIRE n.id IS UNIQUE`, {}, DATABASE);
    await driver.executeQuery(`MERGE (:${label} {id: 'u'})`, {}, DATABASE);
    const error = await errorOf(() => driver.executeQuery(`CREATE (:${label} {id: 'u'})`, {}, DATABASE));
    expect(error).toBeInstanceOf(Neo4jError);
    expect((error as Neo4jError).code).toBe('Neo.ClientError.Schema.ConstraintValidationFailed');
    const { records } = await driver.executeQuery(`MATCH (n:${label} {id: 'u'}) RETURN count(n) AS c`, {}, DATABASE);
    expect(records.map((record) => record.get('c').toNumber())).toEqual([1]);
  });

  it('hosts only the default database neo4j besides system (Community)', async () => {
    const { records } = await driver.executeQuery('SHOW DATABASES YIELD name RETURN name ORDER BY name', {}, { database: 'system' });
    expect(records.map((record) => record.get('name'))).toEqual(['neo4j', 'system']);
  });
});

// Runs whenever Neo4j tests run and this machine can launch its own server, whatever the shared one is.
describe.skipIf(!target.available || !canControlNeo4j())(`stopping and restarting a server (${CONTROLLED_NEO4J_REQUIREMENT})`, () => {
  let server: ControlledNeo4j;
  let driver: Driver;

  beforeAll(async () => {
    server = await startControlledNeo4j();
    // No retries: a stopped server must fail fast instead of being retried for 30 s.
    driver = neo4j.driver(server.uri, undefined, { maxTransactionRetryTime: 0, connectionTimeout: 2_000 });
  });

  afterAll(async () => {
    await driver.close();
    await server.dispose();
  });

  it('fails with ServiceUnavailable while stopped and keeps the data across a restart', async () => {
    await driver.executeQuery(`CREATE (:${label} {id: 'kept'})`, {}, DATABASE);
    await server.stop();
    expect(server.running).toBe(false);

    const error = await errorOf(() => driver.executeQuery('RETURN 1', {}, DATABASE));
    expect(error).toBeInstanceOf(Neo4jError);
    expect((error as Neo4jError).code).toBe(neo4j.error.SERVICE_UNAVAILABLE);

    await server.restart();
    expect(server.running).toBe(true);
    const { records } = await driver.executeQuery(`MATCH (n:${label}) RETURN n.id AS id`, {}, DATABASE);
    expect(records.map((record) => record.get('id'))).toEqual(['kept']);
  });
});
