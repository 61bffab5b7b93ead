import { auditServer, type AuditResult } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_KEYS, type TestServer } from '../../src/api/testing/start-test-server.js';

/** Adds the reader's API key to every audit request (the audits themselves send none). */
const fetchWithKey: typeof fetch = (input, init) => {
  const headers = new Headers(init?.headers);
  headers.set('x-api-key', TEST_KEYS.reader);
  return fetch(input, { ...init, headers });
};

function level(result: AuditResult): 'MUST' | 'SHOULD' | 'MAY' {
  return result.name.split(' ')[0] as 'MUST' | 'SHOULD' | 'MAY';
}

describe('GraphQL over HTTP conformance (graphql-http serverAudits)', () => {
  let server: TestServer;
  let results: AuditResult[];
  beforeAll(async () => {
    server = await startTestServer();
    results = await auditServer({ url: `${server.url}/graphql`, fetchFn: fetchWithKey });
    const tally = (l: string) => {
      const of = results.filter((r) => level(r) === l);
      return `${of.filter((r) => r.status === 'ok').length}/${of.length} ok`;
    };
    process.stdout.write(`graphql-http audits: MUST ${tally('MUST')}, SHOULD ${tally('SHOULD')}, MAY ${tally('MAY')}\n`);
    for (const r of results.filter((x) => x.status !== 'ok')) process.stdout.write(`  ${r.status}: ${r.name}\n`);
  });
  afterAll(async () => {
    await server.stop();
  });

  it('passes every MUST audit', () => {
    const failures = results.filter((r) => level(r) === 'MUST' && r.status !== 'ok').map((r) => r.name);
    expect(failures).toEqual([]);
    expect(results.filter((r) => level(r) === 'MUST').length).toBeGreaterThan(10);
  });
});
