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
    expect(nodes.map((n) => n.id)).toEqual(Array.from({ length: 200 }, (_, i) => `o${i}`));
    expect(store.batches.every((b) => (b.nodes?.length ?? 0) <= 10)).toBe(true);
    // Edges only to devices the graph holds (an edge to a missing node would fail the batch).
    expect(store.batches.flatMap((b) => b.edges ?? []).map((e) => `${e.from}|${e.kind}|${e.to}`)).toEqual(Array.from({ length: 100 }, (_, i) => `o${2 * i}|observedBy|dev-a`));
    expect(waited).toBeGreaterThan(0);
    expect(stage.peakPending).toBeLessThanOrEqual(30);
    expect(errors).toEqual([10]);
    expect([metrics.counter('store_batches'), metrics.counter('store_failures'), stage.pending]).toEqual([20, 1, 0]);
    expect(nodes[1]).toEqual({ id: 'o1', kind: 'Observation', props: { time: '2026-01-05T00:00:00.000Z', deviceId: 'ghost', quantity: 'level', value: 1, unit: 'm' } });
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

