/** Contract: filtered listings, cursor pagination and cursor validation. */
import { describe, expect, it } from 'vitest';
import type { ContractContext } from './contract-context.js';
import { ids, rejectsWithCode, uniquePrefix } from './contract-context.js';
import type { GraphStore, NodeFilter, NodeRecord, Page } from '../port.js';

const KINDS = ['Camera', 'AirQualitySensor', 'Pump', 'Gateway', 'Zone'] as const;

/** Twenty-five nodes spread over five kinds, every one tagged with the suite prefix. */
async function population(store: GraphStore, p: string): Promise<string[]> {
  const nodes = Array.from({ length: 25 }, (_, i) => ({
    id: `${p}n${String(i).padStart(2, '0')}`,
    kind: KINDS[i % KINDS.length] as string,
    props: { suite: p, rank: i, even: i % 2 === 0, name: i === 7 ? 'North Gate CAMERA' : `node ${i}`, code: String(i % 3) },
  }));
  await store.write({ nodes: [...nodes].reverse() });
  return nodes.map((node) => node.id);
}

async function allPages(store: GraphStore, filter: NodeFilter, first: number): Promise<{ items: string[]; pages: Page<NodeRecord>[] }> {
  const pages: Page<NodeRecord>[] = [];
  let after: string | undefined;
  for (let guard = 0; guard < 100; guard++) {
    const page = await store.listNodes(filter, after === undefined ? { first } : { first, after });
    pages.push(page);
    if (!page.hasNextPage) break;
    after = page.endCursor ?? undefined;
  }
  return { items: pages.flatMap((page) => ids(page.items)), pages };
}

export function describeListContract(ctx: ContractContext): void {
  describe('listing', () => {
    it('filters nodes by kind, label, exact typed props and case-insensitive search', async () => {
      const p = uniquePrefix('filter');
      const all = await population(ctx.shared(), p);
      const pick = (test: (i: number) => boolean): string[] => all.filter((_, i) => test(i));
      const list = async (filter: NodeFilter): Promise<[string[], number]> => {
        const page = await ctx.shared().listNodes(filter, { first: 100 });
        return [ids(page.items), page.totalCount];
      };
      const suite = { suite: p };
      expect(await list({ props: suite })).toEqual([all, 25]);
      expect(await list({ kinds: ['Camera'], props: suite })).toEqual([pick((i) => i % 5 === 0), 5]);
      expect(await list({ labels: ['Sensor'], props: suite })).toEqual([pick((i) => i % 5 < 2), 10]);
      expect(await list({ labels: ['Device'], kinds: ['Pump', 'Zone'], props: suite })).toEqual([pick((i) => i % 5 === 2), 5]);
      expect(await list({ props: { ...suite, even: true, rank: 4 } })).toEqual([[all[4] as string], 1]);
      expect(await list({ props: { ...suite, code: '1' } })).toEqual([pick((i) => i % 3 === 1), 8]);
      expect(await list({ props: { ...suite, code: 1 } })).toEqual([[], 0]);
      expect(await list({ props: { ...suite, rank: '3' } })).toEqual([[], 0]);
      expect(await list({ search: `${p.toUpperCase()}N1` })).toEqual([pick((i) => i >= 10 && i < 20), 10]);
      expect(await list({ search: 'gate camera', props: suite })).toEqual([[all[7] as string], 1]);
      expect(await list({ kinds: ['NoSuchKind'], props: suite })).toEqual([[], 0]);
    });

    it('pages through a listing in id order with no duplicates, no gaps and a steady total', async () => {
      const p = uniquePrefix('pages');
      const all = await population(ctx.shared(), p);
      for (const filter of [{ props: { suite: p } }, { labels: ['Device'], search: p }]) {
        const expected = filter.labels === undefined ? all : all.filter((_, i) => i % 5 !== 4);
        const { items, pages } = await allPages(ctx.shared(), filter, 7);
        expect(items).toEqual(expected);
        expect(pages.map((page) => page.totalCount)).toEqual(pages.map(() => expected.length));
        expect(pages.map((page) => page.items.length)).toEqual(expected.length === 25 ? [7, 7, 7, 4] : [7, 7, 6]);
        expect(pages.at(-1)?.hasNextPage).toBe(false);
      }
    });

    it('keeps paging stable when nodes are inserted between pages', async () => {
      const p = uniquePrefix('stable');
      const all = await population(ctx.shared(), p);
      const filter = { props: { suite: p } };
      const first = await ctx.shared().listNodes(filter, { first: 10 });
      const props = { suite: p, rank: 99, even: false, name: 'late', code: '0' };
      await ctx.shared().write({ nodes: [{ id: `${p}n00a`, kind: 'Zone', props }, { id: `${p}n99`, kind: 'Zone', props }] });
      const rest = await allPages(ctx.shared(), filter, 10);
      const after = await ctx.shared().listNodes(filter, { first: 100, after: first.endCursor ?? '' });
      expect(ids(first.items)).toEqual(all.slice(0, 10));
      expect(ids(after.items)).toEqual([...all.slice(10), `${p}n99`]);
      expect(after.totalCount).toBe(27);
      expect(rest.items).toEqual([all[0], `${p}n00a`, ...all.slice(1), `${p}n99`]);
    });

    it('refuses malformed and foreign cursors with CG_CURSOR_INVALID', async () => {
      const p = uniquePrefix('cursor');
      await population(ctx.shared(), p);
      const page = await ctx.shared().listNodes({ props: { suite: p } }, { first: 2 });
      const cursor = page.endCursor ?? '';
      await rejectsWithCode(ctx.shared().listNodes({ props: { suite: p } }, { first: 2, after: 'not a cursor' }), 'CG_CURSOR_INVALID');
      await rejectsWithCode(ctx.shared().listNodes({ kinds: ['Zone'], props: { suite: p } }, { first: 2, after: cursor }), 'CG_CURSOR_INVALID');
      await rejectsWithCode(ctx.shared().listEdges({}, { first: 2, after: cursor }), 'CG_CURSOR_INVALID');
    });

    it('lists edges by kind and endpoint with pagination', async () => {
      const p = uniquePrefix('edges');
      const hub = `${p}hub`;
      const devices = Array.from({ length: 9 }, (_, i) => `${p}d${i}`);
      await ctx.shared().write({
        nodes: [{ id: hub, kind: 'Substation' }, { id: `${p}gw`, kind: 'Gateway' }, ...devices.map((id) => ({ id, kind: 'Pump' }))],
        edges: [
          ...devices.map((from) => ({ kind: 'poweredBy', from, to: hub })),
          ...devices.slice(0, 4).map((from) => ({ kind: 'networkedVia', from, to: `${p}gw` })),
        ],
      });
      const byHub = devices.map((d) => `${d}|poweredBy|${hub}`);
      const first = await ctx.shared().listEdges({ to: hub }, { first: 5 });
      const second = await ctx.shared().listEdges({ to: hub }, { first: 5, after: first.endCursor ?? '' });
      expect([ids(first.items), first.totalCount, first.hasNextPage]).toEqual([byHub.slice(0, 5), 9, true]);
      expect([ids(second.items), second.totalCount, second.hasNextPage]).toEqual([byHub.slice(5), 9, false]);
      const fromD1 = await ctx.shared().listEdges({ from: `${p}d1` }, { first: 10 });
      expect(ids(fromD1.items)).toEqual([`${p}d1|networkedVia|${p}gw`, `${p}d1|poweredBy|${hub}`]);
      const kinds = await ctx.shared().listEdges({ from: `${p}d2`, kinds: ['networkedVia'] }, { first: 10 });
      expect(ids(kinds.items)).toEqual([`${p}d2|networkedVia|${p}gw`]);
      const both = await ctx.shared().listEdges({ from: `${p}d3`, to: hub }, { first: 10 });
      expect([ids(both.items), both.totalCount]).toEqual([[`${p}d3|poweredBy|${hub}`], 1]);
      expect((await ctx.shared().listEdges({ from: `${p}ghost` }, { first: 10 })).totalCount).toBe(0);
    });
  });
}
