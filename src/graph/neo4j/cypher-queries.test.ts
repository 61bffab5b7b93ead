/** Golden tests: query builder → exact Cypher text and parameters (STYLE.md "query → Cypher and parameters"). */
import { describe, expect, it } from 'vitest';
import { riskSubgraphQuery, shortestDependencyPathQuery } from './cypher-queries.js';

const PROPAGATION =
  '`CONTROLLED_BY`|`DEPENDS_ON`|`HAS_MEMBER`|`MONITORED_BY`|`NETWORKED_VIA`|`POWERED_BY`|`SUPPLIED_BY`|`SUPPORTS`';

function codeOf(work: () => unknown): [string, unknown] {
  try {
    work();
  } catch (error) {
    const { code, details } = error as { code: string; details: unknown };
    return [code, details];
  }
  return ['none', null];
}

describe('riskSubgraphQuery', () => {
  it('walks the propagation edge set both ways up to depth and returns the induced subgraph', () => {
    expect(riskSubgraphQuery({ focus: ['gw-shared', 'sub-0'], depth: 2 })).toEqual({
      query: [
        'MATCH (focus:CgNode) WHERE focus.id IN $focus',
        `MATCH (focus)-[:${PROPAGATION}*0..2]-(n:CgNode)`,
        'WITH collect(DISTINCT n.id) AS reached',
        'WITH reached[0..toInteger($maxNodes)] AS kept, size(reached) > $maxNodes AS truncated',
        'UNWIND kept AS id',
        'MATCH (a:CgNode {id: id})',
        `OPTIONAL MATCH (a)-[r:${PROPAGATION}]->(b) WHERE b.id IN kept`,
        'RETURN kept AS nodes, collect(DISTINCT r.id) AS edges, truncated',
      ].join('\n'),
      params: { focus: ['gw-shared', 'sub-0'], maxNodes: 10_000 },
    });
  });

  it('takes edge kinds, direction and maxNodes, quoting types and deduplicating them', () => {
    const { query, params } = riskSubgraphQuery({
      focus: ['hosp-0'],
      depth: 3,
      edgeKinds: ['poweredBy', 'suppliedBy', 'poweredBy', 'custom`Kind'],
      direction: 'in',
      maxNodes: 50,
    });
    expect(query.split('\n')[1]).toBe('MATCH (focus)<-[:`CUSTOM``KIND`|`POWERED_BY`|`SUPPLIED_BY`*0..3]-(n:CgNode)');
    expect(params).toEqual({ focus: ['hosp-0'], maxNodes: 50 });
  });

  it('refuses hop bounds and sizes it cannot write safely with CG_ARGUMENT_INVALID', () => {
    expect(codeOf(() => riskSubgraphQuery({ focus: ['a'], depth: 11 }))).toEqual(['CG_ARGUMENT_INVALID', { depth: 11 }]);
    expect(codeOf(() => riskSubgraphQuery({ focus: ['a'], depth: 1.5 }))).toEqual(['CG_ARGUMENT_INVALID', { depth: 1.5 }]);
    expect(codeOf(() => riskSubgraphQuery({ focus: ['a'], depth: 1, maxNodes: 0 }))).toEqual(['CG_ARGUMENT_INVALID', { maxNodes: 0 }]);
    expect(codeOf(() => riskSubgraphQuery({ focus: ['a'], depth: 1, edgeKinds: [] }))).toEqual(['CG_ARGUMENT_INVALID', { edgeKinds: [] }]);
  });
});

describe('shortestDependencyPathQuery', () => {
  it('follows propagation edges subject to object with a bounded shortestPath', () => {
    expect(shortestDependencyPathQuery({ from: 'cam-1', to: 'sub-0' })).toEqual({
      query: [
        'MATCH (source:CgNode {id: $from}), (target:CgNode {id: $to})',
        `MATCH path = shortestPath((source)-[:${PROPAGATION}*..6]->(target))`,
        'RETURN [x IN nodes(path) | x.id] AS nodes, [r IN relationships(path) | r.id] AS edges, length(path) AS hops',
      ].join('\n'),
      params: { from: 'cam-1', to: 'sub-0' },
    });
  });

  it('takes maxHops, edge kinds and direction', () => {
    const { query } = shortestDependencyPathQuery({ from: 'a', to: 'b', maxHops: 4, edgeKinds: ['dependsOn'], direction: 'both' });
    expect(query.split('\n')[1]).toBe('MATCH path = shortestPath((source)-[:`DEPENDS_ON`*..4]-(target))');
  });

  it('refuses a path from an asset to itself and unbounded hops', () => {
    expect(codeOf(() => shortestDependencyPathQuery({ from: 'a', to: 'a' }))).toEqual(['CG_ARGUMENT_INVALID', { from: 'a', to: 'a' }]);
    expect(codeOf(() => shortestDependencyPathQuery({ from: 'a', to: 'b', maxHops: 0 }))).toEqual(['CG_ARGUMENT_INVALID', { maxHops: 0 }]);
  });
});
