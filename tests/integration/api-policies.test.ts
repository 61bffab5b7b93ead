import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lintPolicies } from '../../src/policy/index.js';
import { postGraphql, REPO_ROOT, startTestServer, TEST_KEYS, type TestServer } from '../../src/api/testing/start-test-server.js';

interface Body {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown>; path?: unknown[] }[];
}

const RULES = join(REPO_ROOT, 'rules');
const PUBLISH = 'mutation($bundle: PolicyBundleInput!) { publishPolicyBundle(bundle: $bundle) { version name rules publishedBy diagnostics { code } } }';
const ruleFile = (path: string) => ({ path, text: readFileSync(join(RULES, 'policies', path), 'utf8') });

describe('policies and publishing a bundle (src/policy lint, src/decision openPolicyBundle)', () => {
  let server: TestServer;
  const gql = async (query: string, key: string, variables?: Record<string, unknown>): Promise<Body> =>
    (await postGraphql(server.url, { query, ...(variables ? { variables } : {}) }, { 'x-api-key': key })).body;
  const audit = () => readFileSync(server.auditLogPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { operation: string; outcome: string; error?: string });

  beforeAll(async () => {
    server = await startTestServer({ policies: true });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('lists the active bundle’s rules for every role, by domain, with totalCount and truncated', async () => {
    const lint = lintPolicies({ dir: RULES });
    const ids = lint.bundle.rules.map((r) => r.rule.id).sort();
    const all = await gql('{ policies(first: 500) { totalCount truncated bundle { version name publishedAt } items { id } } }', TEST_KEYS.reader);
    expect(all.data).toEqual({ policies: { totalCount: ids.length, truncated: false, bundle: { version: lint.bundle.version, name: 'rules', publishedAt: null }, items: ids.map((id) => ({ id })) } });
    const energy = await gql('{ policies(domain: Energy, first: 2) { totalCount truncated items { id domain file } } }', TEST_KEYS.reader);
    const energyIds = lint.bundle.rules.filter((r) => r.rule.domain === 'Energy').map((r) => r.rule.id).sort();
    expect(energy.data).toEqual({
      policies: { totalCount: energyIds.length, truncated: energyIds.length > 2, items: energyIds.slice(0, 2).map((id) => ({ id, domain: 'Energy', file: `policies/energy/${id}.json` })) },
    });
  });

  it('refuses publishing to every role but architect with CG_API_FORBIDDEN, audited as refused', async () => {
    const bundle = { name: 'x', files: [ruleFile('energy/substation-breaker-trip.json')] };
    for (const key of [TEST_KEYS.soc, TEST_KEYS.analyst, TEST_KEYS.reader]) {
      expect((await gql(PUBLISH, key, { bundle })).errors?.map((e) => e.extensions?.['code'])).toEqual(['CG_API_FORBIDDEN']);
    }
    expect(audit().filter((e) => e.operation === 'publishPolicyBundle').map((e) => `${e.outcome}:${e.error}`)).toEqual(['refused:CG_API_FORBIDDEN', 'refused:CG_API_FORBIDDEN', 'refused:CG_API_FORBIDDEN']);
  });

  it('refuses a bundle with lint errors, with every located diagnostic, and keeps the active bundle', async () => {
    const before = (await gql('{ policies { bundle { version } } }', TEST_KEYS.reader)).data;
    const bundle = {
      name: 'broken',
      files: [ruleFile('energy/substation-breaker-trip.json'), { path: 'energy/broken.json', text: '{ "id": ' }, { path: 'water/no-fields.json', text: '{ "id": "no-fields" }' }],
    };
    const body = await gql(PUBLISH, TEST_KEYS.architect, { bundle });
    expect(body.errors?.map((e) => e.extensions?.['code'])).toEqual(['CG_API_POLICY_BUNDLE_INVALID']);
    const details = body.errors?.[0]?.extensions?.['details'] as { errorCount: number; diagnostics: { code: string; severity: string; location: string }[] };
    expect(details.diagnostics.map((d) => d.code)).toEqual(['CG_POLICY_JSON_SYNTAX', ...Array<string>(details.errorCount - 1).fill('CG_POLICY_SCHEMA')]);
    expect(details.diagnostics[0]?.location).toBe('policies/energy/broken.json:1:1');
    expect(new Set(details.diagnostics.slice(1).map((d) => d.location.split(' ')[0]))).toEqual(new Set(['policies/water/no-fields.json']));
    expect((await gql('{ policies { bundle { version } } }', TEST_KEYS.reader)).data).toEqual(before);
  });

  it('refuses paths outside the bundle layout with CG_API_BAD_REQUEST', async () => {
    const body = await gql(PUBLISH, TEST_KEYS.architect, { bundle: { name: 'evil', files: [{ path: '../../etc/x.json', text: '{}' }] } });
    expect(body.errors?.map((e) => [e.extensions?.['code'], (e.extensions?.['details'] as { field: string }).field])).toEqual([['CG_API_BAD_REQUEST', 'bundle.files.0.path']]);
  });

  it('publishes a clean bundle: lints it, swaps it in, and records who did it', async () => {
    const files = [ruleFile('energy/substation-breaker-trip.json'), ruleFile('water/pump-forced-off.json')];
    const body = await gql(PUBLISH, TEST_KEYS.architect, { bundle: { name: 'night-shift', files } });
    expect(body.errors).toBeUndefined();
    const published = body.data?.['publishPolicyBundle'] as { version: string; name: string; rules: number; publishedBy: string };
    expect(published).toMatchObject({ name: 'night-shift', rules: 2, publishedBy: 'api-key#1' });
    const listed = await gql('{ policies { totalCount bundle { version name publishedBy } items { id } } }', TEST_KEYS.reader);
    expect(listed.data).toEqual({
      policies: { totalCount: 2, bundle: { version: published.version, name: 'night-shift', publishedBy: 'api-key#1' }, items: [{ id: 'pump-forced-off' }, { id: 'substation-breaker-trip' }] },
    });
    expect(published.version).not.toBe(lintPolicies({ dir: RULES }).bundle.version);
    expect(audit().filter((e) => e.operation === 'publishPolicyBundle').slice(-2).map((e) => e.outcome)).toEqual(['started', 'succeeded']);
  });
});

describe('policies on a server without a rules folder', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('answers CG_API_POLICIES_UNAVAILABLE', async () => {
    const body = (await postGraphql(server.url, { query: '{ policies { totalCount } }' }, { 'x-api-key': TEST_KEYS.reader })).body;
    expect(body.errors?.map((e) => e.extensions?.['code'])).toEqual(['CG_API_POLICIES_UNAVAILABLE']);
  });
});
