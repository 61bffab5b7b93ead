import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbeddedStore } from '../../graph/embedded/index.js';
import type { GraphStore } from '../../graph/port.js';
import { buildProjection, type Projection } from '../../graph/projection/index.js';
import { labelsOf } from '../../ontology/index.js';
import { computeRiskGraph, type RiskGraphRequest } from './risk-graph.js';

/*
 *  sub ◄─poweredBy(0.95)─ feeder ◄─poweredBy(0.95)─ plc ◄─controlledBy(0.8)─ pump
 *                                                    plc ─networkedVia(0.5, both)─ gw
 *  sub ─locatedIn─► zone   (structure edge: no propagation)
 *  feeder ─poweredBy, transmission override 0.1─► sub2
 */
const NODES = [
  { id: 'sub', kind: 'Substation' },
  { id: 'sub2', kind: 'Substation' },
  { id: 'feeder', kind: 'Feeder' },
  { id: 'plc', kind: 'Plc' },
  { id: 'pump', kind: 'Pump' },
  { id: 'gw', kind: 'Gateway' },
  { id: 'zone', kind: 'Zone' },
];
const EDGES = [
  { kind: 'poweredBy', from: 'feeder', to: 'sub' },
  { kind: 'poweredBy', from: 'plc', to: 'feeder' },
  { kind: 'controlledBy', from: 'pump', to: 'plc' },
  { kind: 'networkedVia', from: 'plc', to: 'gw' },
  { kind: 'locatedIn', from: 'sub', to: 'zone' },
  { kind: 'poweredBy', from: 'feeder', to: 'sub2', props: { transmission: 0.1 } },
];

describe('computeRiskGraph', () => {
  let store: GraphStore;
  let projection: Projection;
  beforeAll(async () => {
    store = openEmbeddedStore({ path: ':memory:', labelsOf });
    await store.write({ nodes: NODES, edges: EDGES });
    projection = await buildProjection(store);
  });
  afterAll(async () => {
    await store.close();
  });
  const request = (over: Partial<RiskGraphRequest>): RiskGraphRequest => ({ focus: 'sub', depth: 3, minRisk: 0, direction: 'DOWNSTREAM', maxNodes: 100, ...over });

  it('follows each kind’s propagation direction downstream with most-probable-path risks', () => {
    const graph = computeRiskGraph(projection, request({ depth: 4 }));
    expect(graph.nodes.map((n) => [n.id, Number(n.risk.toFixed(6)), n.hops, n.via])).toEqual([
      ['sub', 1, 0, null],
      ['feeder', 0.95, 1, 'sub'],
      ['plc', 0.9025, 2, 'feeder'],
      ['pump', 0.722, 3, 'plc'],
      ['gw', 0.45125, 3, 'plc'],
    ]);
    expect(graph.edges.map((e) => e.id).sort()).toEqual(['feeder|poweredBy|sub', 'plc|networkedVia|gw', 'plc|poweredBy|feeder', 'pump|controlledBy|plc']);
    expect({ totalCount: graph.totalCount, truncated: graph.truncated }).toEqual({ totalCount: 5, truncated: false });
  });

  it('never exceeds depth hops', () => {
    expect(computeRiskGraph(projection, request({ depth: 2 })).nodes.map((n) => n.id)).toEqual(['sub', 'feeder', 'plc']);
  });

  it('goes upstream for exposure and uses per-edge transmission overrides', () => {
    const graph = computeRiskGraph(projection, request({ focus: 'pump', direction: 'UPSTREAM', depth: 4 }));
    expect(graph.nodes.map((n) => [n.id, Number(n.risk.toFixed(6))])).toEqual([
      ['pump', 1],
      ['plc', 0.8],
      ['feeder', 0.76],
      ['sub', 0.722],
      ['gw', 0.4],
      ['sub2', 0.076],
    ]);
  });

  it('applies minRisk, then maxNodes, and says what it left out', () => {
    const graph = computeRiskGraph(projection, request({ depth: 4, minRisk: 0.5, maxNodes: 2 }));
    expect({ ids: graph.nodes.map((n) => n.id), totalCount: graph.totalCount, truncated: graph.truncated }).toEqual({ ids: ['sub', 'feeder'], totalCount: 4, truncated: true });
  });

  it('refuses unknown focus and out-of-range arguments with coded errors', () => {
    expect(() => computeRiskGraph(projection, request({ focus: 'nope' }))).toThrow(expect.objectContaining({ code: 'CG_API_NOT_FOUND', details: { id: 'nope' } }));
    for (const [field, over] of [
      ['depth', { depth: 0 }],
      ['depth', { depth: 7 }],
      ['minRisk', { minRisk: 1.5 }],
      ['maxNodes', { maxNodes: 0 }],
    ] as const) {
      expect(() => computeRiskGraph(projection, request(over))).toThrow(expect.objectContaining({ code: 'CG_API_BAD_REQUEST', details: { field } }));
    }
  });
});
