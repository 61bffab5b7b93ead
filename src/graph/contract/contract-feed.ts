/** Contract: streaming export, change feed, stats, clear and close. */
import { describe, expect, it } from 'vitest';
import type { ContractContext } from './contract-context.js';
import { rejectsWithCode, uniquePrefix } from './contract-context.js';
import type { Change, GraphStore } from '../port.js';

function describeChange(change: Change, p: string): string {
  const id = change.op === 'delete' ? change.id : change.record.id;
  return `${change.op} ${change.entity} ${id.split(p).join('')}`;
}

/** Every change after `since` whose id carries the prefix, read `limit` at a time. */
async function drain(store: GraphStore, since: number, limit: number, p: string): Promise<{ seen: Change[]; answers: Change[][] }> {
  const answers: Change[][] = [];
  let version = since;
  for (let guard = 0; guard < 1000; guard++) {
    const set = await store.changes(version, limit);
    answers.push([...set.changes]);
    expect(set.version).toBeGreaterThanOrEqual(version);
    version = set.version;
    if (!set.hasMore) break;
  }
  const mine = (change: Change): boolean => (change.op === 'delete' ? change.id : change.record.id).startsWith(p);
  return { seen: answers.flat().filter(mine), answers };
}

export function describeFeedContract(ctx: ContractContext): void {
  describe('export and change feed', () => {
    it('exports every node and edge exactly once in bounded batches', async () => {
      const store = await ctx.own();
      await store.clear();
      const p = uniquePrefix('export');
      const nodes = Array.from({ length: 11 }, (_, i) => ({ id: `${p}${i}`, kind: 'Zone' }));
      const edges = nodes.slice(1).map((node, i) => ({ kind: 'dependsOn', from: node.id, to: nodes[i]?.id ?? '' }));
      await store.write({ nodes, edges });
      const nodeBatches: string[][] = [];
      for await (const batch of store.exportNodes({ batchSize: 4 })) nodeBatches.push(batch.map((n) => n.id));
      const edgeBatches: string[][] = [];
      for await (const batch of store.exportEdges({ batchSize: 3 })) edgeBatches.push(batch.map((e) => e.id));
      expect(nodeBatches.every((batch) => batch.length >= 1 && batch.length <= 4)).toBe(true);
      expect(edgeBatches.every((batch) => batch.length >= 1 && batch.length <= 3)).toBe(true);
      expect(nodeBatches.flat().sort()).toEqual(nodes.map((n) => n.id).sort());
      expect(edgeBatches.flat().sort()).toEqual(edges.map((e) => `${e.from}|dependsOn|${e.to}`).sort());
    });

    it('reports upserts and deletes since a version, oldest first, with their batch version', async () => {
      const p = uniquePrefix('feed');
      const store = ctx.shared();
      const since = await store.version();
      const v1 = await store.write({
        nodes: [{ id: `${p}a`, kind: 'Camera' }, { id: `${p}b`, kind: 'Gateway' }],
        edges: [{ kind: 'networkedVia', from: `${p}a`, to: `${p}b` }],
      });
      const v2 = await store.write({ nodes: [{ id: `${p}c`, kind: 'Zone' }] });
      const v3 = await store.write({ deleteNodes: [`${p}b`] });
      const { seen } = await drain(store, since, 10_000, p);
      expect(seen.map((change) => [change.version, describeChange(change, p)])).toEqual([
        [v1.version, 'upsert node a'],
        [v2.version, 'upsert node c'],
        [v3.version, 'delete edge a|networkedVia|b'],
        [v3.version, 'delete node b'],
      ]);
      const upsert = seen[0];
      expect(upsert?.op === 'upsert' && upsert.record).toMatchObject({ id: `${p}a`, kind: 'Camera', version: v1.version });
      const later = await drain(store, v2.version, 10_000, p);
      expect(later.seen.map((change) => describeChange(change, p))).toEqual(['delete edge a|networkedVia|b', 'delete node b']);
    });

    it('pages the feed by limit without splitting a batch', async () => {
      const store = await ctx.own();
      const p = uniquePrefix('limit');
      const since = await store.version();
      const versions: number[] = [];
      for (let i = 0; i < 4; i++) {
        const nodes = [{ id: `${p}${i}x`, kind: 'Zone' }, { id: `${p}${i}y`, kind: 'Zone' }];
        versions.push((await store.write({ nodes })).version);
      }
      const { seen, answers } = await drain(store, since, 3, p);
      expect(answers.every((answer) => answer.length <= 3)).toBe(true);
      for (const answer of answers) {
        const split = answer.filter((c) => c.op === 'upsert').length % 2;
        expect(split).toBe(0);
      }
      expect(seen.map((change) => describeChange(change, p))).toEqual(
        [0, 1, 2, 3].flatMap((i) => [`upsert node ${i}x`, `upsert node ${i}y`]),
      );
      expect(seen.map((change) => change.version)).toEqual(versions.flatMap((v) => [v, v]));
      const tail = await store.changes(versions[3] ?? 0);
      expect([tail.changes.length, tail.version, tail.hasMore]).toEqual([0, versions[3], false]);
    });

    it('counts nodes and edges per kind, and clear() empties the store', async () => {
      const store = await ctx.own();
      await store.clear();
      const p = uniquePrefix('stats');
      await store.write({
        nodes: [{ id: `${p}a`, kind: 'Camera' }, { id: `${p}b`, kind: 'Camera' }, { id: `${p}g`, kind: 'Gateway' }],
        edges: [{ kind: 'networkedVia', from: `${p}a`, to: `${p}g` }, { kind: 'networkedVia', from: `${p}b`, to: `${p}g` }],
      });
      const last = await store.write({ nodes: [{ id: `${p}b`, kind: 'Pump' }], deleteEdges: [`${p}a|networkedVia|${p}g`] });
      expect(await store.stats()).toEqual({
        nodes: 3,
        edges: 1,
        nodeKinds: { Camera: 1, Pump: 1, Gateway: 1 },
        edgeKinds: { networkedVia: 1 },
        version: last.version,
      });
      await store.clear();
      const after = await store.stats();
      expect({ ...after, version: 0 }).toEqual({ nodes: 0, edges: 0, nodeKinds: {}, edgeKinds: {}, version: 0 });
      expect(after.version).toBeGreaterThan(last.version);
      expect(await store.getNode(`${p}a`)).toBeUndefined();
      expect((await store.listNodes({}, { first: 10 })).totalCount).toBe(0);
    });

    it('throws CG_STORE_CLOSED after close()', async () => {
      const store = await ctx.own();
      await store.close();
      await rejectsWithCode(store.getNode('x'), 'CG_STORE_CLOSED');
      await rejectsWithCode(store.write({ nodes: [{ id: 'x', kind: 'Zone' }] }), 'CG_STORE_CLOSED');
      await rejectsWithCode(store.stats(), 'CG_STORE_CLOSED');
    });
  });
}
