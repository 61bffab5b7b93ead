import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { graphqlRuntime } from './graphql-runtime.js';
import { requiredRoles } from './auth/guard-schema.js';
import { loadSchema, readTypeDefs } from './load-schema.js';
import { REPO_ROOT } from './testing/start-test-server.js';

const { buildASTSchema, concatAST, parse } = graphqlRuntime;
const GRAPHQL_DIR = join(REPO_ROOT, 'graphql');

describe('served schema', () => {
  it('serves exactly the operations whose capability exists', async () => {
    const schema = await loadSchema(GRAPHQL_DIR);
    expect(Object.keys(schema.getQueryType()?.getFields() ?? {}).sort()).toEqual(['assets', 'blastRadius', 'chokePoints', 'devices', 'graphStats', 'node', 'propagationPaths', 'riskGraph', 'services']);
    expect(Object.keys(schema.getMutationType()?.getFields() ?? {})).toEqual(['ingest']);
    expect(schema.getSubscriptionType()).toBeUndefined();
    expect(requiredRoles(schema.getMutationType()!.getFields()['ingest']!)).toEqual(['architect', 'soc']);
  });

  it('gives every connection and list result totalCount and truncated', async () => {
    const schema = await loadSchema(GRAPHQL_DIR);
    for (const name of ['GraphNodeConnection', 'NeighbourConnection', 'RiskGraph']) {
      const type = schema.getType(name) as { getFields(): Record<string, unknown> };
      expect(Object.keys(type.getFields())).toEqual(expect.arrayContaining(['totalCount', 'truncated']));
    }
  });

  it('refuses a folder without schema files with CG_API_SCHEMA_LOAD_FAILED', async () => {
    await expect(loadSchema(join(REPO_ROOT, 'no-such-folder'))).rejects.toMatchObject({ code: 'CG_API_SCHEMA_LOAD_FAILED' });
  });
});

describe('planned schema (graphql/planned, not served)', () => {
  it('builds together with the served schema, and every planned mutation names its roles', async () => {
    const docs = [...(await readTypeDefs(GRAPHQL_DIR)), ...(await readTypeDefs(join(GRAPHQL_DIR, 'planned')))];
    const schema = buildASTSchema(concatAST(docs.map((d) => parse(d))));
    expect(Object.keys(schema.getQueryType()?.getFields() ?? {}).sort()).toEqual([
      'assets', 'blastRadius', 'chokePoints', 'decision', 'decisions', 'devices', 'graphStats', 'incidents', 'node', 'policies', 'propagationPaths', 'riskGraph', 'services', 'simulate',
    ]);
    const mutations = schema.getMutationType()!.getFields();
    expect(Object.fromEntries(Object.entries(mutations).map(([name, field]) => [name, requiredRoles(field)]))).toEqual({
      ingest: ['architect', 'soc'],
      approveAction: ['soc'],
      rejectAction: ['soc'],
      publishPolicyBundle: ['architect'],
      giveFeedback: ['soc', 'analyst'],
    });
    expect(Object.keys(schema.getSubscriptionType()?.getFields() ?? {}).sort()).toEqual(['alerts', 'decisions', 'serviceRiskCrossed']);
  });
});
