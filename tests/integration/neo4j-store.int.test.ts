/**
 * The GraphStore contract suite (src/graph/contract) on the Neo4j store, and the Cypher for the
 * record (src/graph/neo4j/cypher-queries.ts) checked against the projection on a fixture city,
 * both against the real Neo4j of the integration global setup. The contract's own-store tests call `clear()`, which removes
 * every CivGraph node (`:CgNode`) of the database, so every test that writes CivGraph data to the
 * shared server lives in this one file and runs sequentially; other files use their own labels
 * (neo4j-server.int.test.ts) or their own server (neo4j-faults.int.test.ts).
 */
import neo4j from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractLabelsOf, describeGraphStoreContract } from '../../src/graph/contract/index.js';
import { openEmbeddedStore } from '../../src/graph/embedded/index.js';
import {
  openNeo4jStore,
  riskSubgraphQuery,
  shortestDependencyPathQuery,
  type CypherQuery,
  type Neo4jStore,
} from '../../src/graph/neo4j/index.js';
import { buildProjection, type Projection } from '../../src/graph/projection/index.js';
import { EDGE_SETS, labelsOf } from '../../src/ontology/index.js';
import { generateCity } from '../../src/sim/index.js';
import { neo4jTarget } from '../setup/neo4j-target.js';

const target = neo4jTarget();

describe.skipIf(!target.available)('neo4j store on the shared server', () => {
  if (!target.available) return;
  describeGraphStoreContract('neo4j', async () => {
    const store = await openNeo4jStore({
      uri: target.uri,
      user: target.user,
      password: target.password,
      database: 'neo4j',
      labelsOf: contractLabelsOf,
    });
    return { store, cleanup: () => store.close() };
  });
});

/** Node ids within `depth` hops of the focus over `mask`, in either direction (BFS on the projection). */
function projectionNeighbourhood(projection: Projection, focus: readonly string[], depth: number, mask: Uint8Array): Set<string> {
  const seen = new Set<number>(focus.map((id) => projection.nodeIndex(id)).filter((index) => index >= 0));
  let frontier = [...seen];
  for (let level = 0; level < depth && frontier.length > 0; level++) {
    const next: number[] = [];
    const visit = (neighbour: number): void => {
      if (!seen.has(neighbour)) {
        seen.add(neighbour);
        next.push(neighbour);
      }
    };
    for (const node of frontier) {
      projection.forEachOutMasked(node, mask, visit);
      projection.forEachInMasked(node, mask, visit);
    }
    frontier = next;
  }
  return new Set([...seen].map((index) => projection.nodeId(index)));
}

/** Edges over `mask` with both ends in `nodes` (the induced subgraph). */
function inducedEdges(projection: Projection, nodes: ReadonlySet<string>, mask: Uint8Array): Set<string> {
  const edges = new Set<string>();
  for (const id of nodes) {
    projection.forEachOutMasked(projection.nodeIndex(id), mask, (neighbour, edge) => {
      if (nodes.has(projection.nodeId(neighbour))) edges.add(projection.edgeId(edge));
    });
  }
  return edges;
}

/** Fewest hops from `from` to `to` following edges forward over `mask`, or null beyond `maxHops`. */
function projectionHops(projection: Projection, from: string, to: string, mask: Uint8Array, maxHops: number): number | null {
  const target = projection.nodeIndex(to);
  const seen = new Set<number>([projection.nodeIndex(from)]);
  let frontier = [...seen];
  for (let hops = 1; hops <= maxHops && frontier.length > 0; hops++) {
    const next: number[] = [];
    for (const node of frontier) {
      projection.forEachOutMasked(node, mask, (neighbour) => {
        if (!seen.has(neighbour)) {
          seen.add(neighbour);
          next.push(neighbour);
        }
      });
    }
    if (seen.has(target)) return hops;
    frontier = next;
  }
  return null;
}

describe.skipIf(!target.available)('Cypher for the record agrees with the projection on a fixture city', () => {
  const city = generateCity({ devices: 500, seed: 1 });
  const mask = (projection: Projection): Uint8Array => projection.edgeKindMask(EDGE_SETS.propagation);
  let neo: Neo4jStore;
  let projection: Projection;

  beforeAll(async () => {
    if (!target.available) return;
    const embedded = openEmbeddedStore({ path: ':memory:', labelsOf });
    neo = await openNeo4jStore({ uri: target.uri, user: target.user, password: target.password, labelsOf });
    await neo.clear();
    for (const batch of city.batches()) {
      embedded.bulkWrite(batch);
      await neo.write(batch);
    }
    projection = await buildProjection(embedded);
    await embedded.close();
  });
  afterAll(async () => {
    await neo?.clear();
    await neo?.close();
  });

  async function run(query: CypherQuery): Promise<Record<string, unknown>[]> {
    if (!target.available) return [];
    const driver = neo4j.driver(target.uri, target.password === null ? undefined : neo4j.auth.basic(target.user, target.password));
    try {
      const { records } = await driver.executeQuery(query.query, query.params, { database: 'neo4j' });
      return records.map((record) => record.toObject());
    } finally {
      await driver.close();
    }
  }

  it('holds the same graph as the embedded store (a projection built from either agrees)', async () => {
    const fromNeo4j = await buildProjection(neo);
    expect([fromNeo4j.liveNodeCount, fromNeo4j.edgeCount]).toEqual([projection.liveNodeCount, projection.edgeCount]);
    const sample = ['gw-shared', 'sub-0', 'hosp-0'].map((id) => projection.nodeIndex(id));
    expect(sample.every((index) => index >= 0)).toBe(true);
  });

  it('returns the risk subgraph the projection BFS finds', async () => {
    const { notable } = city;
    const cases = [
      { focus: [notable.sharedGateway], depth: 1 },
      { focus: [notable.sharedGateway], depth: 3 },
      { focus: [notable.hospitals[0] as string], depth: 2 },
      { focus: [notable.substations[0] as string, notable.ctownPlcs[0] as string], depth: 2 },
    ];
    for (const { focus, depth } of cases) {
      const [row] = await run(riskSubgraphQuery({ focus, depth }));
      const nodes = projectionNeighbourhood(projection, focus, depth, mask(projection));
      expect(nodes.size).toBeGreaterThan(focus.length);
      expect({ nodes: [...(row?.nodes as string[])].sort(), edges: [...(row?.edges as string[])].sort(), truncated: row?.truncated }).toEqual({
        nodes: [...nodes].sort(),
        edges: [...inducedEdges(projection, nodes, mask(projection))].sort(),
        truncated: false,
      });
    }
    expect(await run(riskSubgraphQuery({ focus: ['no-such-node'], depth: 2 }))).toEqual([]);
    const [cut] = await run(riskSubgraphQuery({ focus: [notable.sharedGateway], depth: 3, maxNodes: 5 }));
    expect([(cut?.nodes as string[]).length, cut?.truncated]).toEqual([5, true]);
  });

  it('finds shortest dependency paths as long as the projection BFS, along real edges', async () => {
    const ids = Array.from({ length: projection.nodeCount }, (_, index) => projection.nodeId(index));
    const sources = ['cam-int-0', 'sig-0-1', 'w0-PU1', 'w0-L_T1', 'aq-0', 'hosp-0-meter', 'svc-hospital-0', 'svc-water-0', 'int-0']
      .concat(ids.filter((id) => id.startsWith('spk-')).slice(0, 2));
    const targets = [...city.notable.substations, city.notable.sharedGateway, ...city.notable.ctownPlcs.slice(0, 2)];
    let found = 0;
    for (const from of sources) {
      for (const to of targets) {
        if (from === to) continue;
        const expected = projectionHops(projection, from, to, mask(projection), 6);
        const [row] = await run(shortestDependencyPathQuery({ from, to, maxHops: 6 }));
        expect([from, to, row === undefined ? null : Number(row.hops)]).toEqual([from, to, expected]);
        if (row === undefined) continue;
        found++;
        const nodes = row.nodes as string[];
        const edges = row.edges as string[];
        edges.forEach((id, i) => {
          const edge = projection.edgeIndex(id);
          expect([projection.nodeId(projection.edgeFrom(edge)), projection.nodeId(projection.edgeTo(edge))]).toEqual([nodes[i], nodes[i + 1]]);
        });
      }
    }
    expect(found).toBeGreaterThan(5);
  });
});

describe.skipIf(!target.available)('neo4j write paths: CREATE for new ids, lookups only where an id may exist', () => {
  let store: Neo4jStore;
  beforeAll(async () => {
    if (!target.available) return;
    store = await openNeo4jStore({ uri: target.uri, user: target.user, password: target.password, labelsOf, batchSize: 2 });
    await store.clear();
  });
  afterAll(async () => {
    await store?.clear();
    await store?.close();
  });

  it('moves a custom-id edge onto a new node, relabels a changed kind and updates edges between old nodes', async () => {
    await store.write({
      nodes: [{ id: 'wp-a', kind: 'Camera' }, { id: 'wp-b', kind: 'Zone' }, { id: 'wp-c', kind: 'Zone' }],
      edges: [
        { id: 'wp-e', kind: 'locatedIn', from: 'wp-a', to: 'wp-b' },
        { kind: 'networkedVia', from: 'wp-a', to: 'wp-b', props: { protocol: 'mqtt' } },
      ],
    });
    const { version } = await store.write({
      nodes: [{ id: 'wp-d', kind: 'Camera' }, { id: 'wp-a', kind: 'Gateway' }],
      edges: [
        { id: 'wp-e', kind: 'locatedIn', from: 'wp-d', to: 'wp-c', props: { moved: true } },
        { kind: 'networkedVia', from: 'wp-a', to: 'wp-b', props: { protocol: 'coap' } },
        { kind: 'locatedIn', from: 'wp-a', to: 'wp-c' },
        { kind: 'locatedIn', from: 'wp-d', to: 'wp-b' },
      ],
    });
    const edges = await store.listEdges({}, { first: 100 });
    expect(edges.items.map((edge) => [edge.id, edge.from, edge.to, edge.props, edge.version])).toEqual([
      ['wp-a|locatedIn|wp-c', 'wp-a', 'wp-c', {}, version],
      ['wp-a|networkedVia|wp-b', 'wp-a', 'wp-b', { protocol: 'coap' }, version],
      ['wp-d|locatedIn|wp-b', 'wp-d', 'wp-b', {}, version],
      ['wp-e', 'wp-d', 'wp-c', { moved: true }, version],
    ]);
    const a = await store.getNode('wp-a');
    expect([a?.kind, a?.labels]).toEqual(['Gateway', labelsOf('Gateway')]);
    const stats = await store.stats();
    expect([stats.nodes, stats.edges, stats.nodeKinds]).toEqual([4, 4, { Camera: 1, Gateway: 1, Zone: 2 }]);
  });

  it('rolls back a batch whose edge to a new node names a missing endpoint, naming the first such edge', async () => {
    const before = await store.version();
    await expect(
      store.write({
        nodes: [{ id: 'wp-new', kind: 'Camera' }],
        edges: [
          { kind: 'locatedIn', from: 'wp-new', to: 'wp-b' },
          { kind: 'networkedVia', from: 'wp-new', to: 'wp-ghost' },
        ],
      }),
    ).rejects.toMatchObject({ code: 'CG_EDGE_ENDPOINT_MISSING', details: { edgeId: 'wp-new|networkedVia|wp-ghost', missing: 'wp-ghost', endpoint: 'to' } });
    expect([await store.version(), await store.getNode('wp-new')]).toEqual([before, undefined]);
  });
});
