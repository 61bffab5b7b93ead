/** Contract: point reads, neighbours and the bounded subgraph. */
import { describe, expect, it } from 'vitest';
import type { ContractContext } from './contract-context.js';
import { sortedIds, uniquePrefix } from './contract-context.js';
import type { GraphStore } from '../port.js';

/** hub <-poweredBy- a, b; a -networkedVia-> gw; gw -locatedIn-> zone. */
async function star(store: GraphStore, p: string): Promise<void> {
  await store.write({
    nodes: [
      { id: `${p}hub`, kind: 'Substation' },
      { id: `${p}a`, kind: 'Camera' },
      { id: `${p}b`, kind: 'Pump' },
      { id: `${p}gw`, kind: 'Gateway' },
      { id: `${p}zone`, kind: 'Zone' },
    ],
    edges: [
      { kind: 'poweredBy', from: `${p}a`, to: `${p}hub` },
      { kind: 'poweredBy', from: `${p}b`, to: `${p}hub` },
      { kind: 'networkedVia', from: `${p}a`, to: `${p}gw` },
      { kind: 'locatedIn', from: `${p}gw`, to: `${p}zone` },
    ],
  });
}

export function describeReadContract(ctx: ContractContext): void {
  describe('reads', () => {
    it('getNodes returns exactly the existing ids', async () => {
      const p = uniquePrefix('getnodes');
      await star(ctx.shared(), p);
      const found = await ctx.shared().getNodes([`${p}a`, `${p}ghost`, `${p}zone`, `${p}a`]);
      expect([...found.keys()].sort()).toEqual([`${p}a`, `${p}zone`]);
      expect(found.get(`${p}zone`)?.kind).toBe('Zone');
    });

    it('lists neighbours by direction, edge kind and limit', async () => {
      const p = uniquePrefix('nbr');
      const store = ctx.shared();
      await star(store, p);
      const view = (list: Awaited<ReturnType<GraphStore['neighbours']>>): string[] =>
        list.map((n) => `${n.direction} ${n.edge.kind} ${n.node.id.slice(p.length)}`).sort();
      expect(view(await store.neighbours({ id: `${p}a`, direction: 'out' }))).toEqual(['out networkedVia gw', 'out poweredBy hub']);
      expect(view(await store.neighbours({ id: `${p}hub`, direction: 'in' }))).toEqual(['in poweredBy a', 'in poweredBy b']);
      expect(view(await store.neighbours({ id: `${p}gw`, direction: 'both' }))).toEqual(['in networkedVia a', 'out locatedIn zone']);
      expect(view(await store.neighbours({ id: `${p}a`, direction: 'both', edgeKinds: ['poweredBy'] }))).toEqual(['out poweredBy hub']);
      expect(await store.neighbours({ id: `${p}a`, direction: 'out', edgeKinds: ['noSuchKind'] })).toEqual([]);
      expect(await store.neighbours({ id: `${p}hub`, direction: 'in', limit: 1 })).toHaveLength(1);
      expect(await store.neighbours({ id: `${p}ghost`, direction: 'both' })).toEqual([]);
      const [one] = await store.neighbours({ id: `${p}b`, direction: 'out' });
      expect(one?.edge).toMatchObject({ id: `${p}b|poweredBy|${p}hub`, from: `${p}b`, to: `${p}hub`, kind: 'poweredBy' });
      expect(one?.node).toMatchObject({ id: `${p}hub`, kind: 'Substation', labels: ['Substation', 'Facility'] });
    });

    it('returns the breadth-first subgraph bounded by depth, direction and edge kinds', async () => {
      const p = uniquePrefix('sub');
      const store = ctx.shared();
      await star(store, p);
      const short = (list: readonly { id: string }[]): string[] => sortedIds(list).map((id) => id.slice(p.length));
      const zero = await store.subgraph({ focus: [`${p}a`], depth: 0 });
      expect([short(zero.nodes), short(zero.edges), zero.truncated]).toEqual([['a'], [], false]);
      const one = await store.subgraph({ focus: [`${p}a`], depth: 1 });
      expect([short(one.nodes), one.edges.length, one.truncated]).toEqual([['a', 'gw', 'hub'], 2, false]);
      const two = await store.subgraph({ focus: [`${p}a`], depth: 2 });
      expect([short(two.nodes), two.edges.length, two.truncated]).toEqual([['a', 'b', 'gw', 'hub', 'zone'], 4, false]);
      const out = await store.subgraph({ focus: [`${p}a`], depth: 3, direction: 'out' });
      expect(short(out.nodes)).toEqual(['a', 'gw', 'hub', 'zone']);
      const kinds = await store.subgraph({ focus: [`${p}a`], depth: 3, edgeKinds: ['poweredBy'] });
      expect([short(kinds.nodes), short(kinds.edges)]).toEqual([['a', 'b', 'hub'], ['a|poweredBy|' + p + 'hub', 'b|poweredBy|' + p + 'hub']]);
    });

    it('stops at maxNodes and says the subgraph is truncated', async () => {
      const p = uniquePrefix('trunc');
      const store = ctx.shared();
      await star(store, p);
      const cut = await store.subgraph({ focus: [`${p}a`], depth: 2, maxNodes: 3 });
      expect(cut.truncated).toBe(true);
      expect(cut.nodes).toHaveLength(3);
      expect(cut.nodes[0]?.id).toBe(`${p}a`);
      const names = new Set(cut.nodes.map((n) => n.id));
      for (const edge of cut.edges) expect(names.has(edge.from) && names.has(edge.to)).toBe(true);
    });
  });
}
