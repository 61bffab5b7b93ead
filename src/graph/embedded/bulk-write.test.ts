/**
 * Batches of a few hundred rows (bulk-load shape): fresh rows, re-ingest,
 * duplicate ids, rollback and error locations, asserted on whole results.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EdgeInput, NodeInput } from '../port.js';
import { openEmbeddedStore, type EmbeddedStore } from './index.js';

const labelsOf = (kind: string): readonly string[] => [kind];
/** A split point well inside the batch, and the batch size. */
const CHUNK_ROWS = 128;
const SIZE = CHUNK_ROWS * 2 + 7;

function nodes(count: number, props: (i: number) => Record<string, number> = () => ({})): NodeInput[] {
  return Array.from({ length: count }, (_, i) => ({ id: `n${i}`, kind: i % 2 === 0 ? 'Zone' : 'Camera', props: props(i) }));
}

function chain(count: number): EdgeInput[] {
  return Array.from({ length: count - 1 }, (_, i) => ({ kind: 'dependsOn', from: `n${i + 1}`, to: `n${i}` }));
}

describe('embedded store bulk-shaped writes', () => {
  let store: EmbeddedStore;
  beforeEach(() => {
    store = openEmbeddedStore({ path: ':memory:', labelsOf });
  });
  afterEach(async () => {
    await store.close();
  });

  it('writes a large batch with the right counts and endpoints', async () => {
    const written = await store.write({ nodes: nodes(SIZE, (i) => ({ rank: i })), edges: chain(SIZE) });
    expect(written).toEqual({ version: 1, nodesWritten: SIZE, edgesWritten: SIZE - 1, nodesDeleted: 0, edgesDeleted: 0 });
    const stats = await store.stats();
    expect([stats.nodes, stats.edges, stats.nodeKinds, stats.edgeKinds]).toEqual([
      SIZE,
      SIZE - 1,
      { Zone: Math.ceil(SIZE / 2), Camera: Math.floor(SIZE / 2) },
      { dependsOn: SIZE - 1 },
    ]);
    const around = await store.neighbours({ id: `n${CHUNK_ROWS}`, direction: 'both' });
    expect(around.map((n) => [n.direction, n.node.id, n.node.props])).toEqual([
      ['out', `n${CHUNK_ROWS - 1}`, { rank: CHUNK_ROWS - 1 }],
      ['in', `n${CHUNK_ROWS + 1}`, { rank: CHUNK_ROWS + 1 }],
    ]);
    const more = await store.write({ edges: [{ kind: 'near', from: `n${SIZE - 1}`, to: 'n0' }] });
    expect((await store.getEdge(`n${SIZE - 1}|near|n0`))?.version).toBe(more.version);
  });

  it('re-ingesting a large batch updates every row in place', async () => {
    await store.write({ nodes: nodes(SIZE), edges: chain(SIZE) });
    const again = await store.write({
      nodes: nodes(SIZE, (i) => ({ rank: i * 2 })),
      edges: chain(SIZE).map((edge) => ({ ...edge, props: { w: 1 } })),
    });
    const stats = await store.stats();
    expect([stats.nodes, stats.edges]).toEqual([SIZE, SIZE - 1]);
    expect(await store.getNode(`n${SIZE - 1}`)).toMatchObject({ props: { rank: (SIZE - 1) * 2 }, version: again.version });
    expect(await store.getEdge('n200|dependsOn|n199')).toMatchObject({ props: { w: 1 }, version: again.version });
    const feed = await store.changes(1);
    expect(feed.changes.length).toBe(SIZE + SIZE - 1);
  });

  it('a duplicate id inside one batch ends with the later row, counted once', async () => {
    const batch = nodes(SIZE);
    batch[CHUNK_ROWS - 1] = { id: 'n3', kind: 'Gateway', props: { last: true } };
    await store.write({ nodes: batch });
    expect(await store.getNode('n3')).toMatchObject({ kind: 'Gateway', props: { last: true } });
    const stats = await store.stats();
    expect([stats.nodes, stats.nodeKinds.Gateway, stats.nodeKinds.Camera]).toEqual([SIZE - 1, 1, Math.floor(SIZE / 2) - 2]);
  });

  it('a missing endpoint late in a batch rolls the whole batch back', async () => {
    const edges = chain(SIZE);
    edges[CHUNK_ROWS + 3] = { kind: 'dependsOn', from: 'n1', to: 'ghost' };
    await expect(store.write({ nodes: nodes(SIZE), edges })).rejects.toMatchObject({
      code: 'CG_EDGE_ENDPOINT_MISSING',
      details: { edgeId: 'n1|dependsOn|ghost', missing: 'ghost', endpoint: 'to' },
    });
    const stats = await store.stats();
    expect([stats.nodes, stats.edges, stats.version]).toEqual([0, 0, 0]);
    const retry = await store.write({ nodes: nodes(SIZE), edges: chain(SIZE) });
    expect([retry.version, (await store.stats()).edges]).toEqual([1, SIZE - 1]);
  });

  it('locates invalid input late in a batch by JSON pointer and writes nothing', async () => {
    const bad = nodes(SIZE);
    bad[CHUNK_ROWS + 2] = { id: 'x', kind: 'Zone', props: { level: Number.NaN } };
    await expect(store.write({ nodes: bad })).rejects.toMatchObject({
      code: 'CG_WRITE_INPUT_INVALID',
      details: { pointer: `/nodes/${CHUNK_ROWS + 2}/props/level` },
    });
    const edges = chain(SIZE);
    edges[CHUNK_ROWS + 5] = { kind: 'dependsOn', from: '', to: 'n0' };
    await expect(store.write({ nodes: nodes(SIZE), edges })).rejects.toMatchObject({
      code: 'CG_WRITE_INPUT_INVALID',
      details: { pointer: `/edges/${CHUNK_ROWS + 5}/from` },
    });
    expect((await store.stats()).nodes).toBe(0);
  });
});
