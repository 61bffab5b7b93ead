/**
 * A worker resuming its session in front of a backlog longer than its keep-alive (over a real
 * Mosquitto): the broker sends the queued messages ahead of the SUBACK and PINGRESP, and mqtt.js 5
 * counts only acks and PINGRESP as signs of life, so the worker used to end the connection with
 * "Keepalive timeout" and fail to start ("Connection closed"; seen with ≈ 450k queued events and
 * the default 60 s keep-alive). Here a 1 s keep-alive and a store slowed to 20 ms per write make
 * the drain several keep-alives long; and since the session is resumed, the worker is reported up
 * at once (`civgraph serve` does not wait for the backlog before it listens).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WriteBatch, WriteResult } from '../graph/port.js';
import { mosquittoAvailable, startMosquitto, type Mosquitto } from '../../tests/support/mosquitto.js';
import { liveFixture, slowedStore, testLoop, waitFor } from './live-harness.test-support.js';
import { startMqttWorker } from './mqtt-worker.js';
import { replayEvents } from './replay-events.js';

const fixture = liveFixture({ scenario: 'coordinated' });

function countingStore() {
  const stored = new Set<string>();
  return {
    stored,
    async write(batch: WriteBatch): Promise<WriteResult> {
      for (const node of batch.nodes ?? []) stored.add(node.id);
      return { version: 1, nodesWritten: batch.nodes?.length ?? 0, edgesWritten: batch.edges?.length ?? 0, nodesDeleted: 0, edgesDeleted: 0 };
    },
  };
}

describe.skipIf(!mosquittoAvailable())('a worker resuming in front of a long backlog', () => {
  let broker: Mosquitto;
  beforeAll(async () => {
    broker = await startMosquitto();
  });
  afterAll(async () => {
    await broker?.dispose();
  });

  it('starts, stays connected through a drain of several keep-alives and stores every queued event once', { timeout: 120_000 }, async () => {
    const inner = countingStore();
    const t = testLoop(fixture, { store: slowedStore(inner, 20), maxPending: 1024, batchSize: 64 });
    const options = { url: broker.url, topics: ['city/#'], clientId: 'backlog-worker', loop: t.loop, ingestor: t.ingestor, keepaliveSeconds: 1 };
    await (await startMqttWorker(options)).close();
    const report = await replayEvents({ url: broker.url, events: fixture.events, groupOf: fixture.groupOf, clientId: 'backlog-replay', window: 2048 });
    expect(report.published).toBe(fixture.events.length);
    const errors: string[] = [];
    const started = performance.now();
    const worker = await startMqttWorker({ ...options, onError: (error) => errors.push(error.message) });
    // The session was resumed: the worker is up while the backlog drains, not after it.
    const atStart = t.processed.length;
    try {
      expect(atStart).toBeLessThan(fixture.events.length / 2);
      await waitFor(() => t.processed.length === fixture.events.length, 'every queued event through the loop', 90_000);
      await t.loop.flush();
      // The drain outlasted the keep-alive's timeout (1.5 s) more than twice over, on one connection.
      expect(performance.now() - started).toBeGreaterThan(3_000);
      expect(errors).toEqual([]);
      expect(worker.client.connected).toBe(true);
      expect(new Set(t.processed).size).toBe(fixture.events.length);
      expect(fixture.events.every((e) => inner.stored.has(e.event.id))).toBe(true);
    } finally {
      await worker.close();
    }
  });
});
