import { describe, expect, it } from 'vitest';
import type { WriteBatch, WriteResult } from '../graph/port.js';
import type { SimEvent } from '../sim/index.js';
import { createPipelineMetrics } from './pipeline-metrics.js';
import { createStoreStage } from './store-stage.js';

const observation = (i: number): SimEvent => ({ type: 'observation', id: `o${i}`, time: '2026-01-05T00:00:00.000Z', deviceId: i % 2 === 0 ? 'dev-a' : 'ghost', kind: 'LevelSensor', domain: 'Water', quantity: 'level', value: i, unit: 'm' });

/** A store whose writes take `ms` and that records every batch. */
function slowStore(ms: number) {
  const batches: WriteBatch[] = [];
  let failures = 1;
  return {
    batches,
    async write(batch: WriteBatch): Promise<WriteResult> {
      await new Promise((r) => setTimeout(r, ms));
      if (failures-- > 0) throw new Error('store unavailable');
      batches.push(batch);
      return { version: batches.length, nodesWritten: batch.nodes?.length ?? 0, edgesWritten: batch.edges?.length ?? 0, nodesDeleted: 0, edgesDeleted: 0 };
    },
  };
}

describe('store stage: micro-batches with back-pressure', () => {
  it('pauses the producer when the store is slow, bounds what waits, retries a failed write, loses nothing', async () => {
    const store = slowStore(5);
    const metrics = createPipelineMetrics();
    const errors: number[] = [];
    const stage = createStoreStage({ store, hasDevice: (id) => id === 'dev-a', batchSize: 10, maxPending: 30, lingerMs: 1, metrics, onError: (_e, n) => errors.push(n) });
    let waited = 0;
    for (let i = 0; i < 200; i++) {
      const wait = stage.add({ event: observation(i) });
      if (wait !== undefined) {
        waited++;
        await wait;
      }
    }
    await stage.flush();
    const nodes = store.batches.flatMap((b) => b.nodes ?? []);
    // Two writes in flight: the second batch committed while the first one's retry waited; the third went only after both.
    const order = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, ...Array.from({ length: 180 }, (_, i) => i + 20)];
    expect(nodes.map((n) => n.id)).toEqual(order.map((i) => `o${i}`));
    expect(store.batches.every((b) => (b.nodes?.length ?? 0) <= 10)).toBe(true);
    // Edges only to devices the graph holds (an edge to a missing node would fail the batch).
    expect(store.batches.flatMap((b) => b.edges ?? []).map((e) => `${e.from}|${e.kind}|${e.to}`)).toEqual(order.filter((i) => i % 2 === 0).map((i) => `o${i}|observedBy|dev-a`));
    expect(waited).toBeGreaterThan(0);
    expect(stage.peakPending).toBeLessThanOrEqual(30);
    expect(errors).toEqual([10]);
    expect([metrics.counter('store_batches'), metrics.counter('store_failures'), stage.pending]).toEqual([20, 1, 0]);
    expect(nodes.find((n) => n.id === 'o1')).toEqual({ id: 'o1', kind: 'Observation', props: { time: '2026-01-05T00:00:00.000Z', deviceId: 'ghost', quantity: 'level', value: 1, unit: 'm' } });
  });

  it('numbers events as added and raises the commit watermark in that order; stored() and hurry() write without the linger', async () => {
    const store = slowStore(1);
    const stage = createStoreStage({ store, hasDevice: () => false, batchSize: 4, lingerMs: 60_000, onError: () => undefined });
    const commits: number[] = [];
    stage.onCommit((c) => commits.push(c));
    for (let i = 0; i < 6; i++) stage.add({ event: observation(i) });
    expect([stage.added, stage.committed]).toEqual([6, 0]);
    // The first write failed once and was retried; the rest of the events waits for no linger.
    await stage.stored();
    expect([stage.added, stage.committed, commits]).toEqual([6, 6, [4, 6]]);
    stage.add({ event: observation(6) });
    stage.hurry();
    await new Promise((r) => setTimeout(r, 20));
    expect([stage.committed, commits, store.batches.map((b) => b.nodes?.map((n) => n.id))]).toEqual([7, [4, 6, 7], [['o0', 'o1', 'o2', 'o3'], ['o4', 'o5'], ['o6']]]);
  });
});


/** A store whose writes settle when the test says so, in any order. */
function heldStore() {
  const held: { ids: string[]; settle: (ok: boolean) => void }[] = [];
  return {
    held,
    write(batch: WriteBatch): Promise<WriteResult> {
      return new Promise<WriteResult>((resolve, reject) => {
        held.push({
          ids: (batch.nodes ?? []).map((n) => n.id),
          settle: (ok) => (ok ? resolve({ version: 0, nodesWritten: batch.nodes?.length ?? 0, edgesWritten: 0, nodesDeleted: 0, edgesDeleted: 0 }) : reject(new Error('store unavailable'))),
        });
      });
    },
  };
}

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 5));

describe('store stage: pipelined writes', () => {
  it('sends a second full batch while the first is in flight, never a third, and raises the watermark in order', async () => {
    const store = heldStore();
    const stage = createStoreStage({ store, hasDevice: () => false, batchSize: 3, maxPending: 100, lingerMs: 60_000 });
    const commits: number[] = [];
    stage.onCommit((c) => commits.push(c));
    for (let i = 0; i < 11; i++) stage.add({ event: observation(i) });
    // Two full batches in flight; the third full one and the partial rest wait.
    expect(store.held.map((h) => h.ids)).toEqual([['o0', 'o1', 'o2'], ['o3', 'o4', 'o5']]);
    expect([stage.pending, stage.committed]).toEqual([11, 0]);
    store.held[1]!.settle(true);
    await tick();
    // The second batch is in the store, but the first is not: the watermark stays, no third write.
    expect([stage.committed, commits, store.held.length]).toEqual([0, [], 2]);
    store.held[0]!.settle(true);
    await tick();
    expect([stage.committed, commits]).toEqual([6, [3, 6]]);
    // Both slots were freed: the next full batch went; the partial one (o9, o10) lingers behind it.
    expect(store.held.map((h) => h.ids)).toEqual([['o0', 'o1', 'o2'], ['o3', 'o4', 'o5'], ['o6', 'o7', 'o8']]);
    const stored = stage.stored();
    store.held[2]!.settle(true);
    await tick();
    expect(store.held.map((h) => h.ids).slice(3)).toEqual([['o9', 'o10']]);
    store.held[3]!.settle(true);
    await stored;
    expect([stage.committed, commits, stage.pending]).toEqual([11, [3, 6, 9, 11], 0]);
  });

  it('with maxInFlight 1 sends the next batch only after the previous commit', async () => {
    const store = heldStore();
    const stage = createStoreStage({ store, hasDevice: () => false, batchSize: 3, maxPending: 100, lingerMs: 60_000, maxInFlight: 1 });
    for (let i = 0; i < 6; i++) stage.add({ event: observation(i) });
    expect(store.held.map((h) => h.ids)).toEqual([['o0', 'o1', 'o2']]);
    store.held[0]!.settle(true);
    await tick();
    expect([stage.committed, store.held.map((h) => h.ids)]).toEqual([3, [['o0', 'o1', 'o2'], ['o3', 'o4', 'o5']]]);
    store.held[1]!.settle(true);
    await stage.flush();
    expect(stage.committed).toBe(6);
  });

  it('acknowledges a later batch only after an earlier failed one is retried and committed', async () => {
    const store = heldStore();
    const errors: number[] = [];
    const stage = createStoreStage({ store, hasDevice: () => false, batchSize: 2, maxPending: 100, lingerMs: 60_000, onError: (_e, n) => errors.push(n) });
    for (let i = 0; i < 4; i++) stage.add({ event: observation(i) });
    store.held[0]!.settle(false);
    store.held[1]!.settle(true);
    await new Promise((r) => setTimeout(r, 80));
    // The retry (after 50 ms) is the third write; nothing is acknowledged yet.
    expect([errors, stage.committed, store.held.map((h) => h.ids)]).toEqual([[2], 0, [['o0', 'o1'], ['o2', 'o3'], ['o0', 'o1']]]);
    store.held[2]!.settle(true);
    await stage.flush();
    expect(stage.committed).toBe(4);
  });
});
