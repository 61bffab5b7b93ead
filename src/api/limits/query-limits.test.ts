import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GraphQLSchema } from 'graphql';
import { graphqlRuntime } from '../graphql-runtime.js';
import { loadSchema } from '../load-schema.js';
import { REPO_ROOT } from '../testing/start-test-server.js';
import { queryLimitsRule } from './query-limits.js';

const { parse, validate } = graphqlRuntime;

describe('queryLimitsRule', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await loadSchema(join(REPO_ROOT, 'graphql'));
  });
  const check = (query: string, maxDepth = 5, maxCost = 1_000) =>
    validate(schema, parse(query), [queryLimitsRule({ maxDepth, maxCost })]).map((e) => ({ code: e.extensions['code'], details: e.extensions['details'] }));

  it('accepts a query within both limits', () => {
    expect(check('{ devices(first: 10) { totalCount nodes { id name } } }')).toEqual([]);
  });

  it('measures depth through fragments and inline fragments', () => {
    const query = `
      query { node(id: "x") { ...N } }
      fragment N on GraphNode { neighbours(first: 1) { nodes { node { ... on GraphNode { neighbours(first: 1) { nodes { node { id } } } } } } } }`;
    expect(check(query, 7)).toEqual([{ code: 'CG_API_QUERY_TOO_DEEP', details: { depth: 8, limit: 7 } }]);
    expect(check(query, 8)).toEqual([]);
  });

  it('multiplies page sizes through nesting, using schema defaults and variable maxima', () => {
    // devices: 1 + 20 × (nodes 1 + id 1) with the default first = 20 → 41
    expect(check('{ devices { nodes { id } } }', 5, 40)).toEqual([{ code: 'CG_API_QUERY_TOO_COSTLY', details: { cost: 41, limit: 40 } }]);
    // a variable page size counts as its maximum, 500: 1 + 500 × 2 = 1001
    expect(check('query($n: Int) { devices(first: $n) { nodes { id } } }')).toEqual([{ code: 'CG_API_QUERY_TOO_COSTLY', details: { cost: 1001, limit: 1000 } }]);
  });

  it('does not count or descend into introspection', () => {
    expect(check('{ __schema { types { name fields { name type { name ofType { name ofType { name } } } } } } }', 2, 1)).toEqual([]);
  });

  it('survives fragment cycles (reported by the spec rule, not looped on)', () => {
    const query = 'query { node(id: "x") { ...A } } fragment A on GraphNode { neighbours { nodes { node { ...A } } } }';
    expect(check(query, 10, 1_000_000)).toEqual([]);
  });
});
