/** Contract: write batches (upsert, idempotence, endpoints, deletes, input checks). */
import { describe, expect, it } from 'vitest';
import type { ContractContext } from './contract-context.js';
import { rejectsWithCode, uniquePrefix, withoutVersion } from './contract-context.js';

export function describeWriteContract(ctx: ContractContext): void {
  describe('write', () => {
    it('round-trips every kind of property value exactly and labels with superclasses', async () => {
      const p = uniquePrefix('roundtrip');
      const props = {
        name: 'Caméra nord ✓',
        count: 42,
        ratio: -0.125,
        big: 1e21,
        online: true,
        offline: false,
        missing: null,
        tags: ['a', 'b'],
        levels: [1, 2.5, -3],
        empty: [],
      };
      const result = await ctx.shared().write({ nodes: [{ id: `${p}cam`, kind: 'Camera', props }, { id: `${p}bare`, kind: 'Zone' }] });
      expect(result).toEqual({ version: result.version, nodesWritten: 2, edgesWritten: 0, nodesDeleted: 0, edgesDeleted: 0 });
      expect(await ctx.shared().getNode(`${p}cam`)).toEqual({
        id: `${p}cam`,
        kind: 'Camera',
        labels: ['Camera', 'Sensor', 'Device'],
        props,
        version: result.version,
      });
      expect(await ctx.shared().getNode(`${p}bare`)).toEqual({ id: `${p}bare`, kind: 'Zone', labels: ['Zone'], props: {}, version: result.version });
      expect(await ctx.shared().getNode(`${p}absent`)).toBeUndefined();
    });

    it('is idempotent: the same batch twice gives the same state and a newer version', async () => {
      const p = uniquePrefix('idem');
      const batch = {
        nodes: [{ id: `${p}a`, kind: 'Camera', props: { n: 1 } }, { id: `${p}b`, kind: 'Gateway' }],
        edges: [{ kind: 'networkedVia', from: `${p}a`, to: `${p}b`, props: { protocol: 'mqtt' } }],
      };
      const first = await ctx.shared().write(batch);
      const before = [await ctx.shared().getNode(`${p}a`), await ctx.shared().getEdge(`${p}a|networkedVia|${p}b`)];
      const second = await ctx.shared().write(batch);
      const after = [await ctx.shared().getNode(`${p}a`), await ctx.shared().getEdge(`${p}a|networkedVia|${p}b`)];
      expect(second.version).toBeGreaterThan(first.version);
      expect({ ...second, version: 0 }).toEqual({ ...first, version: 0 });
      expect(after.map(withoutVersion)).toEqual(before.map(withoutVersion));
      expect(after.map((record) => record?.version)).toEqual([second.version, second.version]);
      const page = await ctx.shared().listEdges({ from: `${p}a` }, { first: 10 });
      expect(page.totalCount).toBe(1);
    });

    it('replaces properties rather than merging them, and may change the kind', async () => {
      const p = uniquePrefix('replace');
      await ctx.shared().write({ nodes: [{ id: `${p}n`, kind: 'Camera', props: { a: 1, b: 'x' } }] });
      await ctx.shared().write({ nodes: [{ id: `${p}n`, kind: 'Pump', props: { c: true } }] });
      const node = await ctx.shared().getNode(`${p}n`);
      expect(node && { kind: node.kind, labels: node.labels, props: node.props }).toEqual({
        kind: 'Pump',
        labels: ['Pump', 'Actuator', 'Device'],
        props: { c: true },
      });
    });

    it('accepts edges before their endpoints in a batch, with default and explicit ids', async () => {
      const p = uniquePrefix('order');
      const result = await ctx.shared().write({
        edges: [
          { kind: 'poweredBy', from: `${p}pump`, to: `${p}sub` },
          { id: `${p}e2`, kind: 'locatedIn', from: `${p}pump`, to: `${p}zone`, props: { since: 2020 } },
        ],
        nodes: [
          { id: `${p}pump`, kind: 'Pump' },
          { id: `${p}sub`, kind: 'Substation' },
          { id: `${p}zone`, kind: 'Zone' },
        ],
      });
      expect(result.edgesWritten).toBe(2);
      expect(await ctx.shared().getEdge(`${p}pump|poweredBy|${p}sub`)).toEqual({
        id: `${p}pump|poweredBy|${p}sub`,
        kind: 'poweredBy',
        from: `${p}pump`,
        to: `${p}sub`,
        props: {},
        version: result.version,
      });
      expect(await ctx.shared().getEdge(`${p}e2`)).toEqual({
        id: `${p}e2`,
        kind: 'locatedIn',
        from: `${p}pump`,
        to: `${p}zone`,
        props: { since: 2020 },
        version: result.version,
      });
    });

    it('rejects a batch naming a missing endpoint with CG_EDGE_ENDPOINT_MISSING and applies none of it', async () => {
      const p = uniquePrefix('missing');
      const store = ctx.shared();
      await store.write({ nodes: [{ id: `${p}old`, kind: 'Camera', props: { v: 1 } }] });
      const version = await store.version();
      const details = await rejectsWithCode(
        store.write({
          nodes: [{ id: `${p}new`, kind: 'Gateway' }, { id: `${p}old`, kind: 'Camera', props: { v: 2 } }],
          edges: [
            { kind: 'networkedVia', from: `${p}old`, to: `${p}new` },
            { id: `${p}bad`, kind: 'poweredBy', from: `${p}new`, to: `${p}ghost` },
          ],
          deleteNodes: [`${p}old`],
        }),
        'CG_EDGE_ENDPOINT_MISSING',
      );
      expect(details).toMatchObject({ edgeId: `${p}bad`, missing: `${p}ghost` });
      expect(await store.version()).toBe(version);
      expect(await store.getNode(`${p}new`)).toBeUndefined();
      expect((await store.getNode(`${p}old`))?.props).toEqual({ v: 1 });
      expect(await store.getEdge(`${p}old|networkedVia|${p}new`)).toBeUndefined();
    });

    it('rejects a property value JSON cannot hold exactly with CG_WRITE_INPUT_INVALID', async () => {
      const p = uniquePrefix('invalid');
      await rejectsWithCode(
        ctx.shared().write({ nodes: [{ id: `${p}ok`, kind: 'Zone' }, { id: `${p}nan`, kind: 'Zone', props: { level: Number.NaN } }] }),
        'CG_WRITE_INPUT_INVALID',
      );
      expect(await ctx.shared().getNode(`${p}ok`)).toBeUndefined();
    });

    it('deletes a node with its edges, deletes edges, and ignores unknown ids', async () => {
      const p = uniquePrefix('delete');
      const store = ctx.shared();
      await store.write({
        nodes: [{ id: `${p}a`, kind: 'Camera' }, { id: `${p}b`, kind: 'Gateway' }, { id: `${p}c`, kind: 'Zone' }],
        edges: [
          { kind: 'networkedVia', from: `${p}a`, to: `${p}b` },
          { kind: 'locatedIn', from: `${p}b`, to: `${p}c` },
          { kind: 'locatedIn', from: `${p}a`, to: `${p}c` },
        ],
      });
      const result = await store.write({ deleteNodes: [`${p}b`, `${p}unknown`], deleteEdges: [`${p}a|locatedIn|${p}c`, `${p}nope`] });
      expect({ ...result, version: 0 }).toEqual({ version: 0, nodesWritten: 0, edgesWritten: 0, nodesDeleted: 1, edgesDeleted: 3 });
      expect(await store.getNode(`${p}b`)).toBeUndefined();
      expect(await store.getEdge(`${p}a|networkedVia|${p}b`)).toBeUndefined();
      expect(await store.getEdge(`${p}b|locatedIn|${p}c`)).toBeUndefined();
      expect(await store.getEdge(`${p}a|locatedIn|${p}c`)).toBeUndefined();
      expect(await store.neighbours({ id: `${p}a`, direction: 'both' })).toEqual([]);
      expect([...(await store.getNodes([`${p}a`, `${p}b`, `${p}c`])).keys()].sort()).toEqual([`${p}a`, `${p}c`]);
    });
  });
}
