import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requiredRoles } from './auth/guard-schema.js';
import { loadSchema, readTypeDefs } from './load-schema.js';
import { REPO_ROOT } from './testing/start-test-server.js';

const GRAPHQL_DIR = join(REPO_ROOT, 'graphql');

describe('served schema', () => {
  it('serves the operations of DESIGN.md §9 with the roles each needs', async () => {
    const schema = await loadSchema(GRAPHQL_DIR);
    expect(Object.keys(schema.getQueryType()?.getFields() ?? {}).sort()).toEqual([
      'alert', 'alerts', 'assets', 'blastRadius', 'chokePoints', 'decision', 'decisionLogIntegrity', 'decisions', 'devices', 'graphStats', 'incident', 'incidents', 'node', 'policies', 'propagationPaths', 'riskGraph', 'services', 'simulate',
    ]);
    const mutations = schema.getMutationType()!.getFields();
    expect(Object.fromEntries(Object.entries(mutations).map(([name, field]) => [name, requiredRoles(field)]))).toEqual({
      ingest: ['architect', 'soc'],
      approveAction: ['soc'],
      rejectAction: ['soc'],
      giveFeedback: ['soc', 'analyst'],
      publishPolicyBundle: ['architect'],
    });
    const subscriptions = schema.getSubscriptionType()!.getFields();
    expect(Object.fromEntries(Object.entries(subscriptions).map(([name, field]) => [name, requiredRoles(field) ?? null]))).toEqual({
      alerts: ['soc', 'analyst', 'architect'],
      decisions: ['soc', 'analyst', 'architect'],
      serviceRiskCrossed: null,
    });
    for (const field of Object.values(subscriptions)) expect(typeof field.subscribe).toBe('function');
  });

  it('gives every connection and list result totalCount and truncated', async () => {
    const schema = await loadSchema(GRAPHQL_DIR);
    for (const name of ['GraphNodeConnection', 'NeighbourConnection', 'RiskGraph', 'DecisionConnection', 'AlertConnection', 'IncidentConnection', 'PolicyList', 'SimulationResult']) {
      const type = schema.getType(name) as { getFields(): Record<string, unknown> };
      expect(Object.keys(type.getFields())).toEqual(expect.arrayContaining(['totalCount', 'truncated']));
    }
  });

  it('refuses a folder without schema files with CG_API_SCHEMA_LOAD_FAILED', async () => {
    await expect(loadSchema(join(REPO_ROOT, 'no-such-folder'))).rejects.toMatchObject({ code: 'CG_API_SCHEMA_LOAD_FAILED' });
  });

  it('reads only the files directly in the folder', async () => {
    const names = await readTypeDefs(GRAPHQL_DIR);
    expect(names).toHaveLength(10);
  });
});
