/** Change-feed retention (`pruneChanges`) and the multi-row insert path's fallbacks, on whole results. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Change } from '../port.js';
import { CHUNK_ROWS } from './chunked-insert.js';
import { openEmbeddedStore, type EmbeddedStore } from './index.js';

const labelsOf = (kind: string): readonly string[] => [kind];
const show = (c: Change): string => (c.op === 'delete' ? `${c.version} delete ${c.entity} ${c.id}` : `${c.version} upsert ${c.entity} ${c.record.id}`);

describe('embedded change-feed retention', () => {
  let folder = '';
  let store: EmbeddedStore;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'civgraph-retention-'));
    store = openEmbeddedStore({ path: join(folder, 'g.db'), labelsOf });
  });
  afterEach(async () => {
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  async function history(): Promise<void> {
    await store.write({ nodes: ['a', 'b', 'c', 'd'].map((id) => ({ id, kind: 'Zone' })), edges: [{ kind: 'k', from: 'a', to: 'b' }] }); // v1
    await store.write({ deleteNodes: ['a'] }); // v2: a and a|k|b
    await store.write({ deleteNodes: ['b'] }); // v3
    await store.write({ deleteNodes: ['c'], nodes: [{ id: 'e', kind: 'Zone' }] }); // v4
  }

  it('removes tombstones through the given version and keeps the later feed whole', async () => {
    await history();
    expect(store.pruneChanges(2)).toBe(2);
    expect((await store.changes(2)).changes.map(show)).toEqual(['3 delete node b', '4 delete node c', '4 upsert node e']);
    expect((await store.changes(3)).changes.map(show)).toEqual(['4 delete node c', '4 upsert node e']);
    expect((await store.changes(0)).changes.map(show)).toEqual(['1 upsert node d', '3 delete node b', '4 delete node c', '4 upsert node e']);
    expect(store.pruneChanges(4)).toBe(2);
    expect((await store.changes(4)).changes).toEqual([]);
  });

  it('tells a follower behind the pruned horizon to rebuild, and keeps the horizon when pruning less', async () => {
    await history();
    store.pruneChanges(3);
    await expect(store.changes(1)).rejects.toMatchObject({ code: 'CG_FEED_PRUNED', details: { since: 1, prunedThrough: 3 } });
    await expect(store.changes(2, 5)).rejects.toMatchObject({ code: 'CG_FEED_PRUNED', details: { since: 2, prunedThrough: 3 } });
    expect(store.pruneChanges(1)).toBe(0);
    await expect(store.changes(2)).rejects.toMatchObject({ code: 'CG_FEED_PRUNED', details: { since: 2, prunedThrough: 3 } });
    await store.close();
    store = openEmbeddedStore({ path: join(folder, 'g.db'), labelsOf });
    await expect(store.changes(2)).rejects.toMatchObject({ code: 'CG_FEED_PRUNED', details: { since: 2, prunedThrough: 3 } });
    expect((await store.changes(3)).changes.map(show)).toEqual(['4 delete node c', '4 upsert node e']);
  });

  it('refuses a version beyond the store or not an integer', async () => {
    await history();
    expect(() => store.pruneChanges(5)).toThrow(expect.objectContaining({ code: 'CG_ARGUMENT_INVALID', details: { through: 5, version: 4 } }));
    expect(() => store.pruneChanges(-1)).toThrow(expect.objectContaining({ code: 'CG_ARGUMENT_INVALID' }));
    expect(() => store.pruneChanges(1.5)).toThrow(expect.objectContaining({ code: 'CG_ARGUMENT_INVALID' }));
    expect((await store.changes(1)).changes.map(show)).toEqual(['2 delete edge a|k|b', '2 delete node a', '3 delete node b', '4 delete node c', '4 upsert node e']);
  });
});

describe('embedded multi-row inserts', () => {
  let store: EmbeddedStore;
  beforeEach(() => {
    store = openEmbeddedStore({ path: ':memory:', labelsOf });
  });
  afterEach(async () => {
    await store.close();
  });

  it('a chunk holding one existing id falls back row by row; later chunks retry and end the same', async () => {
    const size = CHUNK_ROWS * 20 + 3;
    const id = (i: number): string => `n${String(i).padStart(5, '0')}`;
    await store.write({ nodes: [{ id: id(5), kind: 'Camera', props: { old: true } }, { id: 'hub', kind: 'Gateway' }] });
    const nodes = Array.from({ length: size }, (_, i) => ({ id: id(i), kind: 'Zone', props: { i } }));
    const edges = nodes.map((n) => ({ kind: 'near', from: n.id, to: 'hub' }));
    const written = await store.write({ nodes, edges });
    expect(written).toEqual({ version: 2, nodesWritten: size, edgesWritten: size, nodesDeleted: 0, edgesDeleted: 0 });
    const stats = await store.stats();
    expect([stats.nodes, stats.edges, stats.nodeKinds, stats.edgeKinds]).toEqual([size + 1, size, { Zone: size, Gateway: 1 }, { near: size }]);
    expect(await store.getNode(id(5))).toMatchObject({ kind: 'Zone', props: { i: 5 }, version: 2 });
    const inbound = await store.neighbours({ id: 'hub', direction: 'in' });
    expect(inbound.map((n) => n.node.id)).toEqual(nodes.map((n) => n.id));
    expect(inbound.every((n, i) => n.node.props['i'] === i)).toBe(true);
    const feed = await store.changes(1, 100_000);
    // Within a version the feed orders rows by rowid: the updated n00005 keeps its older one.
    const newIds = nodes.map((n) => n.id).filter((n) => n !== id(5));
    expect(feed.changes.map((c) => (c.op === 'upsert' ? c.record.id : c.id))).toEqual([id(5), ...newIds, ...edges.map((e) => `${e.from}|near|hub`)]);
  });
});
