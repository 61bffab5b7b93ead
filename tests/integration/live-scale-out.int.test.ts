/**
 * Scale-out through shared subscriptions: two workers in one group
 * (`$share/engines/city/p<n>/#`), each owning half of the partitions. Every
 * event reaches exactly one worker, each incident is decided by exactly one
 * worker, and each worker decides exactly as the batch loop over its
 * partitions' events (docs/SCALING.md).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLoop } from '../../src/pipeline/run-scenario-through-loop.js';
import { replayEvents } from '../../src/pipeline/replay-events.js';
import { startMqttWorker } from '../../src/pipeline/mqtt-worker.js';
import { DEFAULT_PARTITIONS, partitionFilters, partitionOf } from '../../src/pipeline/topic-layout.js';
import { liveFixture, testLoop, waitFor } from '../../src/pipeline/live-harness.test-support.js';
import { mosquittoAvailable, startMosquitto, type Mosquitto } from '../support/mosquitto.js';

const fixture = liveFixture({ scenario: 'coordinated' });
const owned = [[0, 1, 2, 3], [4, 5, 6, 7]] as const;
const partition = (deviceId: string): number => partitionOf(fixture.groupOf(deviceId) ?? deviceId, DEFAULT_PARTITIONS);

describe.skipIf(!mosquittoAvailable())('two workers sharing one subscription group', () => {
  let broker: Mosquitto;
  beforeAll(async () => {
    broker = await startMosquitto();
  });
  afterAll(async () => {
    await broker?.dispose();
  });

  it('decides every event exactly once, each incident on one worker, as the batch loop per partition set', { timeout: 120_000 }, async () => {
    const loops = owned.map(() => testLoop(fixture));
    const workers = await Promise.all(loops.map((t, i) => startMqttWorker({
      url: broker.url, topics: partitionFilters({ owned: owned[i]! }), group: 'engines', clientId: `engine-${i}`, loop: t.loop, ingestor: t.ingestor,
    })));
    try {
      expect(workers[0]!.filters).toEqual(['$share/engines/city/p0/#', '$share/engines/city/p1/#', '$share/engines/city/p2/#', '$share/engines/city/p3/#']);
      await replayEvents({ url: broker.url, events: fixture.events, groupOf: fixture.groupOf, clientId: 'scale-replay' });
      await waitFor(() => loops[0]!.processed.length + loops[1]!.processed.length === fixture.events.length, 'every event on one worker', 60_000);
      const [a, b] = loops.map((t) => new Set(t.processed));
      expect([...a!].filter((id) => b!.has(id))).toEqual([]);
      expect(new Set([...a!, ...b!])).toEqual(new Set(fixture.events.map((e) => e.event.id)));
      expect(loops.every((t) => t.processed.length > 0)).toBe(true);
      const decided = loops.map((t) => [...t.loop.decisions.page({ first: 10_000 }).items].reverse());
      const incidents = decided.map((list) => new Set(list.map((d) => d.incident.id)));
      expect([...incidents[0]!].filter((id) => incidents[1]!.has(id))).toEqual([]);
      for (const [i, mine] of owned.entries()) {
        const batch = await runLoop(testLoop(fixture).loop, fixture.events.filter((e) => (mine as readonly number[]).includes(partition(e.event.deviceId))));
        expect(decided[i]!.map((d) => ({ id: d.id, chosen: d.chosen.map((c) => c.key) }))).toEqual(batch.decisions.map((d) => ({ id: d.id, chosen: d.chosen.map((c) => c.key) })));
      }
      expect(decided[0]!.length + decided[1]!.length).toBeGreaterThan(0);
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }
  });
});
