/** Embedded-store behaviour beyond the port contract: feed edge cases and two connections on one file. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEmbeddedStore } from './index.js';

const labelsOf = (kind: string): readonly string[] => (kind === 'Camera' ? ['Camera', 'Sensor'] : [kind]);

describe('embedded store details', () => {
  let folder = '';
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'civgraph-details-'));
  });
  afterEach(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('returns a batch larger than the limit whole, then continues after it', async () => {
    const store = openEmbeddedStore({ path: join(folder, 'g.db'), labelsOf });
    const big = await store.write({ nodes: Array.from({ length: 5 }, (_, i) => ({ id: `n${i}`, kind: 'Zone' })) });
    const small = await store.write({ nodes: [{ id: 'm', kind: 'Zone' }] });
    const first = await store.changes(0, 2);
    expect([first.changes.length, first.version, first.hasMore]).toEqual([5, big.version, true]);
    const second = await store.changes(first.version, 2);
    expect([second.changes.map((c) => (c.op === 'upsert' ? c.record.id : c.id)), second.version, second.hasMore]).toEqual([
      ['m'],
      small.version,
      false,
    ]);
    await store.close();
  });

  it('leaves a tombstone for every id clear() removes, so a follower can catch up', async () => {
    const store = openEmbeddedStore({ path: join(folder, 'g.db'), labelsOf });
    const written = await store.write({ nodes: [{ id: 'a', kind: 'Zone' }, { id: 'b', kind: 'Zone' }], edges: [{ kind: 'k', from: 'a', to: 'b' }] });
    await store.clear();
    const feed = await store.changes(written.version);
    expect(feed.changes.map((c) => `${c.op} ${c.entity} ${c.op === 'delete' ? c.id : ''}`)).toEqual([
      'delete edge a|k|b',
      'delete node a',
      'delete node b',
    ]);
    expect(feed.version).toBe(written.version + 1);
    await store.close();
  });

  it('resolves endpoints correctly after another connection re-creates a node', async () => {
    const path = join(folder, 'g.db');
    const one = openEmbeddedStore({ path, labelsOf });
    const two = openEmbeddedStore({ path, labelsOf });
    await one.write({ nodes: [{ id: 'a', kind: 'Zone' }, { id: 'b', kind: 'Zone' }], edges: [{ kind: 'k', from: 'a', to: 'b' }] });
    await two.write({ deleteNodes: ['b'] });
    await two.write({ nodes: [{ id: 'x', kind: 'Zone' }, { id: 'b', kind: 'Camera' }] });
    await one.write({ edges: [{ kind: 'k', from: 'a', to: 'b' }] });
    const [edge] = await one.neighbours({ id: 'a', direction: 'out' });
    expect([edge?.edge.to, edge?.node.id, edge?.node.kind, edge?.node.labels]).toEqual(['b', 'b', 'Camera', ['Camera', 'Sensor']]);
    expect((await two.listNodes({ labels: ['Sensor'] }, { first: 10 })).items.map((n) => n.id)).toEqual(['b']);
    await one.close();
    await two.close();
  });

  it('caps a page at 10,000 and refuses a negative page size', async () => {
    const store = openEmbeddedStore({ path: join(folder, 'g.db'), labelsOf });
    await store.write({ nodes: Array.from({ length: 10_001 }, (_, i) => ({ id: `n${String(i).padStart(5, '0')}`, kind: 'Zone' })) });
    const page = await store.listNodes({}, { first: 50_000 });
    expect([page.items.length, page.totalCount, page.hasNextPage]).toEqual([10_000, 10_001, true]);
    await expect(store.listNodes({}, { first: -1 })).rejects.toMatchObject({ code: 'CG_ARGUMENT_INVALID' });
    await store.close();
  });
});
