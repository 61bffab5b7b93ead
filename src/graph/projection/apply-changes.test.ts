import { describe, expect, it } from 'vitest';
import { createRandom, isEngineError, type Random } from '../../core/index.js';
import type { EdgeInput, NodeInput, WriteBatch } from '../port.js';
import { FakeGraphStore } from './fake-graph-store.test-support.js';
import { buildProjection, type Projection } from './index.js';
import { snapshotProjection } from './snapshot-projection.test-support.js';

const BASE_NODES: NodeInput[] = [
  { id: 'S1', kind: 'Substation', props: { criticality: 5 } },
  { id: 'H1', kind: 'Hospital', props: { peopleServed: 1000 } },
  { id: 'C1', kind: 'Camera', props: { zone: 'z1' } },
  { id: 'G1', kind: 'Gateway' },
];
const BASE_EDGES: EdgeInput[] = [
  { kind: 'poweredBy', from: 'H1', to: 'S1' },
  { kind: 'poweredBy', from: 'C1', to: 'S1' },
  { kind: 'networkedVia', from: 'C1', to: 'G1' },
];

function ids(p: Projection, node: string, kind: string, direction: 'out' | 'in'): string[] {
  const found: string[] = [];
  const v = p.nodeIndex(node);
  if (v === -1) return found;
  const visit = (n: number): void => void found.push(p.nodeId(n));
  if (direction === 'out') p.forEachOut(v, p.edgeKindCode(kind), visit);
  else p.forEachIn(v, p.edgeKindCode(kind), visit);
  return found.sort();
}

async function setUp(feed: 'log' | 'compacted' = 'log', cascadeTombstones = true): Promise<{ store: FakeGraphStore; p: Projection }> {
  const store = new FakeGraphStore(feed, cascadeTombstones);
  store.write({ nodes: BASE_NODES, edges: BASE_EDGES });
  return { store, p: await buildProjection(store) };
}

describe('applying the change feed', () => {
  it('shows an added and a removed edge immediately', async () => {
    const { store, p } = await setUp();
    store.write({ nodes: [{ id: 'C2', kind: 'Camera' }], edges: [{ kind: 'poweredBy', from: 'C2', to: 'S1', props: { transmission: 0.25 } }] });
    const first = await p.refresh(store);
    expect(first).toEqual({ applied: 2, skipped: 0, compacted: false, version: 2, pages: 1 });
    expect(ids(p, 'S1', 'poweredBy', 'in')).toEqual(['C1', 'C2', 'H1']);
    expect(ids(p, 'C2', 'poweredBy', 'out')).toEqual(['S1']);
    expect(p.edgeTransmission(p.edgeIndex('C2|poweredBy|S1'))).toBe(0.25);
    store.write({ deleteEdges: ['H1|poweredBy|S1'] });
    await p.refresh(store);
    expect(ids(p, 'S1', 'poweredBy', 'in')).toEqual(['C1', 'C2']);
    expect([p.edgeIndex('H1|poweredBy|S1'), p.edgeCount, p.version]).toEqual([-1, 3, 3]);
  });

  it('compacts once the delta passes the threshold and keeps the same neighbours', async () => {
    const store = new FakeGraphStore();
    store.write({ nodes: BASE_NODES, edges: BASE_EDGES });
    const p = await buildProjection(store, { compactionMinimum: 2, compactionRatio: 0.5 });
    store.write({ edges: [{ kind: 'dependsOn', from: 'H1', to: 'S1' }] });
    const small = await p.refresh(store);
    expect([small.compacted, p.generation, p.raw().overlay.base]).toEqual([false, 0, 3]);
    store.write({ edges: [{ kind: 'dependsOn', from: 'C1', to: 'S1' }], deleteEdges: ['C1|networkedVia|G1'] });
    const large = await p.refresh(store);
    expect([large.compacted, p.generation, p.raw().overlay.base, p.edgeSlotCount]).toEqual([true, 1, 4, 4]);
    expect([ids(p, 'S1', 'dependsOn', 'in'), ids(p, 'G1', 'networkedVia', 'in')]).toEqual([['C1', 'H1'], []]);
  });

  it('deletes a node with its edges in both directions and revives the id later', async () => {
    const { store, p } = await setUp('log', false);
    store.write({ deleteNodes: ['S1'] });
    await p.refresh(store);
    expect([p.nodeIndex('S1'), p.liveNodeCount, p.edgeCount]).toEqual([-1, 3, 1]);
    expect(ids(p, 'H1', 'poweredBy', 'out')).toEqual([]);
    expect(ids(p, 'C1', 'networkedVia', 'out')).toEqual(['G1']);
    store.write({ nodes: [{ id: 'S1', kind: 'Feeder' }], edges: [{ kind: 'poweredBy', from: 'H1', to: 'S1' }] });
    await p.refresh(store);
    expect([p.nodeKind(p.nodeIndex('S1')), ...ids(p, 'S1', 'poweredBy', 'in')]).toEqual(['Feeder', 'H1']);
    expect(snapshotProjection(p)).toEqual(snapshotProjection(await buildProjection(store)));
  });

  it('replaces node attributes and edge overrides on upsert', async () => {
    const { store, p } = await setUp();
    store.write({
      nodes: [{ id: 'C1', kind: 'Camera', props: { criticality: 3, domain: 'PublicSafety' } }],
      edges: [{ kind: 'networkedVia', from: 'C1', to: 'G1', props: { transmission: 0.9, delayHours: 2 } }],
    });
    await p.refresh(store);
    const c1 = p.nodeIndex('C1');
    const e = p.edgeIndex('C1|networkedVia|G1');
    expect([p.columns.criticality[c1], p.domains[p.columns.domain[c1] as number], p.columns.zone[c1]]).toEqual([3, 'PublicSafety', -1]);
    expect([p.edgeTransmission(e), p.edgeDelay(e), p.edgeCount]).toEqual([Math.fround(0.9), 2, 3]);
  });

  it('follows cg:site and cg:element through upserts, deletes and devices added later', async () => {
    const { store, p } = await setUp();
    const at = (id: string): (string | null)[] => {
      const v = p.nodeIndex(id);
      if (v === -1) return [];
      const { site, element } = p.columns;
      return [site[v] === -1 ? null : (p.sites[site[v] as number] as string), element[v] === -1 ? null : (p.elements[element[v] as number] as string)];
    };
    store.write({ nodes: [{ id: 'P4', kind: 'Pump', props: { site: 'w0', element: 'PU4' } }, { id: 'C1', kind: 'Camera', props: { zone: 'z1', site: 'int-0', element: 'camera' } }] });
    await p.refresh(store);
    expect([at('P4'), at('C1')]).toEqual([['w0', 'PU4'], ['int-0', 'camera']]);
    store.write({ nodes: [{ id: 'C1', kind: 'Camera', props: { zone: 'z1' } }], deleteNodes: ['P4'] });
    await p.refresh(store);
    expect([at('P4'), at('C1'), p.sites, p.elements]).toEqual([[], [null, null], ['w0', 'int-0'], ['PU4', 'camera']]);
    store.write({ nodes: [{ id: 'P4', kind: 'Pump', props: { site: 'w0', element: 'PU5' } }] });
    await p.refresh(store);
    expect([at('P4'), p.elements]).toEqual([['w0', 'PU5'], ['PU4', 'camera', 'PU5']]);
    expect(snapshotProjection(p)).toEqual(snapshotProjection(await buildProjection(store)));
  });

  it('moves a custom-id edge whose endpoints change', async () => {
    const { store, p } = await setUp();
    store.write({ edges: [{ id: 'link-1', kind: 'dependsOn', from: 'H1', to: 'S1' }] });
    await p.refresh(store);
    store.write({ edges: [{ id: 'link-1', kind: 'dependsOn', from: 'H1', to: 'G1' }] });
    await p.refresh(store);
    expect([ids(p, 'H1', 'dependsOn', 'out'), ids(p, 'S1', 'dependsOn', 'in')]).toEqual([['G1'], []]);
    expect(p.edgeId(p.edgeIndex('link-1'))).toBe('link-1');
  });

  it('holds an edge whose endpoint arrives later in a compacted feed, and skips replayed changes', async () => {
    const { store, p } = await setUp('compacted');
    store.write({ nodes: [{ id: 'P1', kind: 'Plc' }] });
    store.write({ edges: [{ kind: 'controlledBy', from: 'C1', to: 'P1' }] });
    store.write({ nodes: [{ id: 'P1', kind: 'Plc', props: { criticality: 4 } }] });
    const page = await store.changes(p.version, 1);
    expect(page.changes.map((c) => `${c.version}:${c.op}:${c.entity}`)).toEqual(['3:upsert:edge']);
    expect(p.applyChanges(page)).toEqual({ applied: 1, skipped: 0, compacted: false, version: 3 });
    expect([p.pendingEdgeCount, ids(p, 'C1', 'controlledBy', 'out')]).toEqual([1, []]);
    expect(p.applyChanges(page)).toEqual({ applied: 0, skipped: 1, compacted: false, version: 3 });
    await p.refresh(store);
    expect([p.pendingEdgeCount, ids(p, 'C1', 'controlledBy', 'out')]).toEqual([0, ['P1']]);
  });

  it('throws CG_PROJECTION_STALE when the feed ends with an edge whose endpoint never came', async () => {
    const { p } = await setUp();
    const feed = {
      changes: () =>
        Promise.resolve({
          changes: [{ version: 9, op: 'upsert' as const, entity: 'edge' as const, record: { id: 'C1|poweredBy|NOPE', kind: 'poweredBy', from: 'C1', to: 'NOPE', props: {}, version: 9 } }],
          version: 9,
          hasMore: false,
        }),
    };
    const error: unknown = await p.refresh(feed).catch((caught: unknown) => caught);
    expect(isEngineError(error) && [error.code, error.details['edgeIds']]).toEqual(['CG_PROJECTION_STALE', ['C1|poweredBy|NOPE']]);
  });

  it('catches up with writes made while the export ran', async () => {
    const store = new FakeGraphStore();
    store.write({ nodes: BASE_NODES, edges: BASE_EDGES });
    const racing = Object.create(store) as FakeGraphStore;
    racing.exportEdges = async function* (options) {
      store.write({ nodes: [{ id: 'N9', kind: 'Pump' }], edges: [{ kind: 'poweredBy', from: 'N9', to: 'S1' }], deleteNodes: ['G1'] });
      yield* store.exportEdges(options);
    };
    racing.exportNodes = (options) => store.exportNodes(options);
    racing.changes = (since, limit) => store.changes(since, limit);
    racing.version = () => store.version();
    racing.stats = () => store.stats();
    const p = await buildProjection(racing);
    expect([p.version, ids(p, 'S1', 'poweredBy', 'in'), p.nodeIndex('G1')]).toEqual([2, ['C1', 'H1', 'N9'], -1]);
    expect(snapshotProjection(p)).toEqual(snapshotProjection(await buildProjection(store)));
  });
});

const KINDS = ['Camera', 'Substation', 'Gateway', 'Pump', 'Hospital'];
const EDGE_KINDS = ['poweredBy', 'networkedVia', 'locatedIn', 'dependsOn'];

/** One random store batch over a small id space, valid against the store's current nodes. */
function randomBatch(store: FakeGraphStore, random: Random): WriteBatch {
  const nodeId = (): string => `n${random.int(0, 24)}`;
  const live = [...store.nodes.keys()];
  const roll = random.next();
  if (roll < 0.25 || live.length < 2) {
    return { nodes: [{ id: nodeId(), kind: random.pick(KINDS), props: { criticality: random.int(1, 5), zone: `z${random.int(0, 3)}` } }] };
  }
  const from = random.pick(live);
  const to = random.pick(live);
  const kind = random.pick(EDGE_KINDS);
  if (roll < 0.6) {
    const id = random.chance(0.2) ? `custom-${random.int(0, 9)}` : undefined;
    return { edges: [{ id, kind, from, to, props: random.chance(0.5) ? { transmission: random.int(0, 10) / 10 } : {} }] };
  }
  const edges = [...store.edges.keys()];
  if (roll < 0.85 && edges.length > 0) return { deleteEdges: [random.pick(edges)] };
  if (roll < 0.93) return { deleteNodes: [from] };
  return { deleteNodes: [from], nodes: [{ id: from, kind: random.pick(KINDS) }], edges: [{ kind, from, to: from }] };
}

describe('incremental upkeep matches a rebuild', () => {
  const cases = [
    { feed: 'log' as const, cascade: true, compactionMinimum: 0, compactionRatio: 0 },
    { feed: 'log' as const, cascade: false, compactionMinimum: 1_000_000, compactionRatio: 1 },
    { feed: 'compacted' as const, cascade: true, compactionMinimum: 8, compactionRatio: 0.2 },
    { feed: 'compacted' as const, cascade: true, compactionMinimum: 1_000_000, compactionRatio: 1 },
  ];
  // A compacted feed without cascade tombstones is lossy (a node deleted and re-created shows
  // only its upsert, so its old edges are never reported gone); stores must not combine them.
  for (const { feed, cascade, compactionMinimum, compactionRatio } of cases) {
    it(`over random change sequences (${feed} feed, cascade tombstones ${cascade}, compaction at ${compactionMinimum}/${compactionRatio})`, async () => {
      for (let seed = 1; seed <= 12; seed++) {
        const random = createRandom(seed).fork(feed);
        const store = new FakeGraphStore(feed, cascade);
        for (let i = 0; i < 20; i++) store.write(randomBatch(store, random));
        const p = await buildProjection(store, { compactionMinimum, compactionRatio });
        for (let step = 0; step < 15; step++) {
          for (let i = random.int(1, 8); i > 0; i--) store.write(randomBatch(store, random));
          await p.refresh(store, { pageSize: random.int(1, 6) });
          const rebuilt = await buildProjection(store);
          expect({ seed, step, ...snapshotProjection(p) }).toEqual({ seed, step, ...snapshotProjection(rebuilt) });
          expect([p.edgeCount, p.liveNodeCount, p.version]).toEqual([store.edges.size, store.nodes.size, await store.version()]);
        }
        const before = snapshotProjection(p);
        const generation = p.generation;
        p.compact();
        expect([p.generation, p.raw().overlay.base]).toEqual([generation + 1, p.edgeCount]);
        expect(snapshotProjection(p)).toEqual(before);
      }
    });
  }
});

describe('edges waiting for an endpoint', () => {
  const edge = (version: number, to: string) => ({
    version,
    op: 'upsert' as const,
    entity: 'edge' as const,
    record: { id: `C1|poweredBy|${to}`, kind: 'poweredBy', from: 'C1', to, props: {}, version },
  });
  const node = (version: number, id: string) => ({
    version,
    op: 'upsert' as const,
    entity: 'node' as const,
    record: { id, kind: 'Substation', labels: ['Substation'], props: {}, version },
  });

  it('join at the version their endpoint arrives and leave with a deleted endpoint', async () => {
    const { p } = await setUp();
    const result = p.applyChanges({
      changes: [edge(5, 'S7'), edge(5, 'S8'), node(6, 'S7'), node(7, 'S8'), { version: 8, op: 'delete', entity: 'node', id: 'S8' }],
      version: 8,
      hasMore: false,
    });
    expect(result).toEqual({ applied: 5, skipped: 0, compacted: false, version: 8 });
    expect([ids(p, 'C1', 'poweredBy', 'out'), p.pendingEdgeCount, p.edgeIndex('C1|poweredBy|S8')]).toEqual([['S1', 'S7'], 0, -1]);
    p.applyChanges({ changes: [edge(9, 'S9'), { version: 10, op: 'delete', entity: 'node', id: 'S9' }], version: 10, hasMore: false });
    expect(p.pendingEdgeCount).toBe(0);
  });
});
