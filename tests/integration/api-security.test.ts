import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postGraphql, REPO_ROOT, startTestServer, TEST_JWT_SECRET, TEST_KEYS, type TestServer } from '../../src/api/testing/start-test-server.js';

const STATS = '{ graphStats { nodes } }';
const INGEST = 'mutation { ingest(input: { source: "t", text: "id,kind\\n", format: "csv" }) { failed } }';

function jwt(claims: Record<string, unknown>, secret = TEST_JWT_SECRET, expires = '5m'): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('alice').setIssuedAt().setExpirationTime(expires).sign(new TextEncoder().encode(secret));
}

function codes(body: { errors?: { extensions?: Record<string, unknown> }[] }): unknown[] {
  return (body.errors ?? []).map((e) => e.extensions?.['code']);
}

describe('API security (api keys, JWT, roles, audit)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('refuses an unauthenticated request with 401 and CG_API_UNAUTHENTICATED', async () => {
    const { status, body } = await postGraphql(server.url, { query: STATS });
    expect(status).toBe(401);
    expect(body).toEqual({ errors: [{ message: 'send an X-API-Key header or an Authorization: Bearer token', extensions: { code: 'CG_API_UNAUTHENTICATED', category: 'forbidden' } }] });
  });

  it('refuses an unknown API key and a wrongly signed, expired or role-less JWT with CG_API_TOKEN_INVALID', async () => {
    const attempts: Record<string, string>[] = [
      { 'x-api-key': 'not-a-key-of-this-server' },
      { authorization: `Bearer ${await jwt({ role: 'reader' }, 'another-secret-that-is-32-bytes-long!!')}` },
      { authorization: `Bearer ${await jwt({ role: 'reader' }, TEST_JWT_SECRET, '-1m')}` },
      { authorization: `Bearer ${await jwt({ role: 'admin' })}` },
      { authorization: 'Basic dXNlcjpwYXNz' },
    ];
    for (const headers of attempts) {
      const { status, body } = await postGraphql(server.url, { query: STATS }, headers);
      expect({ status, codes: codes(body) }).toEqual({ status: 401, codes: ['CG_API_TOKEN_INVALID'] });
    }
  });

  it('accepts every role by API key and by JWT for reads', async () => {
    for (const key of Object.values(TEST_KEYS)) {
      const { status, body } = await postGraphql(server.url, { query: STATS }, { 'x-api-key': key });
      expect({ status, nodes: (body.data?.['graphStats'] as { nodes: number }).nodes }).toEqual({ status: 200, nodes: 693 });
    }
    const { body } = await postGraphql(server.url, { query: STATS }, { authorization: `Bearer ${await jwt({ role: 'analyst' })}` });
    expect(body).toEqual({ data: { graphStats: { nodes: 693 } } });
  });

  it('refuses a mutation by an under-privileged role with CG_API_FORBIDDEN and records the refusal', async () => {
    for (const role of ['reader', 'analyst'] as const) {
      const { body } = await postGraphql(server.url, { query: INGEST }, { 'x-api-key': TEST_KEYS[role] });
      expect(body.data).toBeNull();
      expect(body.errors?.[0]?.extensions).toEqual({
        code: 'CG_API_FORBIDDEN',
        category: 'forbidden',
        details: { field: 'Mutation.ingest', required: ['architect', 'soc'], role },
      });
    }
    const refusals = auditLines(server.auditLogPath).filter((l) => l['outcome'] === 'refused');
    expect(refusals.map((l) => [l['role'], l['operation'], l['error']])).toEqual([
      ['reader', 'ingest', 'CG_API_FORBIDDEN'],
      ['analyst', 'ingest', 'CG_API_FORBIDDEN'],
    ]);
  });

  it('runs an architect mutation and records its start and end in the audit log', async () => {
    const text = readFileSync(join(REPO_ROOT, 'fixtures', 'sources', 'ngsi-ld', 'device.keyvalues-v2.json'), 'utf8');
    const query = `mutation($t: String!) { ingest(input: { source: "device.json", text: $t, format: "ngsi-ld" }) { accepted rejected nodesWritten failed } }`;
    const { body } = await postGraphql(server.url, { query, variables: { t: text } }, { 'x-api-key': TEST_KEYS.architect });
    expect(body).toEqual({ data: { ingest: { accepted: 1, rejected: 0, nodesWritten: 1, failed: false } } });
    const found = await postGraphql(server.url, { query: '{ devices(filter: { search: "9845A" }) { totalCount nodes { kind domain } } }' }, { 'x-api-key': TEST_KEYS.reader });
    expect(found.body).toEqual({ data: { devices: { totalCount: 1, nodes: [{ kind: 'LevelSensor', domain: 'Water' }] } } });
    const entries = auditLines(server.auditLogPath).filter((l) => l['role'] === 'architect');
    expect(entries.map((l) => [l['subject'], l['operation'], l['outcome'], (l['arguments'] as Record<string, unknown>)['textLength']])).toEqual([
      ['api-key#1', 'ingest', 'started', text.length],
      ['api-key#1', 'ingest', 'succeeded', text.length],
    ]);
  });
});

describe('API anonymous reads (local demo mode)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ api: { allowAnonymousRead: true } });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('lets anonymous callers read but never mutate', async () => {
    expect((await postGraphql(server.url, { query: STATS })).body).toEqual({ data: { graphStats: { nodes: 693 } } });
    const { body } = await postGraphql(server.url, { query: INGEST });
    expect(codes(body)).toEqual(['CG_API_UNAUTHENTICATED']);
  });
});

function auditLines(path: string): Record<string, unknown>[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
