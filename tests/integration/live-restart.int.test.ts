/**
 * A broker restart loses no acknowledged event: the worker's persistent
 * session (clean start false, session expiry) and Mosquitto's persistence keep
 * what the broker acknowledged to the publisher; the worker acknowledges only
 * what the loop accepted, so redelivered messages are deduplicated by event id.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphStore } from '../../src/graph/port.js';
import { replayEvents } from '../../src/pipeline/replay-events.js';
import { startMqttWorker } from '../../src/pipeline/mqtt-worker.js';
import { cityStore, liveFixture, testLoop, waitFor } from '../../src/pipeline/live-harness.test-support.js';
import { mosquittoAvailable, startMosquitto, type Mosquitto } from '../support/mosquitto.js';

const fixture = liveFixture({ scenario: 'gateway-ransomware' });

describe.skipIf(!mosquittoAvailable())('live loop across a broker restart', () => {
  let broker: Mosquitto;
  let store: GraphStore;
  const dir = mkdtempSync(join(tmpdir(), 'civgraph-live-restart-'));

  beforeAll(async () => {
    broker = await startMosquitto();
    store = await cityStore(fixture, join(dir, 'city.db'));
  });
  afterAll(async () => {
    await store?.close();
    await broker?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('processes and stores every event exactly once although the broker restarted mid-stream', { timeout: 120_000 }, async () => {
    const events = fixture.events;
    const before = (await store.stats()).nodes;
    const live = testLoop(fixture, { store });
    const w = await startMqttWorker({ url: broker.url, topics: ['city/#'], clientId: 'restart-worker', loop: live.loop, ingestor: live.ingestor });
    let restarted: Promise<void> | undefined;
    let reconnects = 0;
    w.client.on('connect', () => reconnects++);
    try {
      const replay = replayEvents({
        url: broker.url, events, groupOf: fixture.groupOf, clientId: 'restart-replay', rate: 4000,
        onProgress: (n) => {
          if (n === Math.floor(events.length / 3)) restarted = broker.restart();
        },
      });
      const report = await replay;
      await restarted;
      expect(report.published).toBe(events.length);
      await waitFor(() => live.loop.metrics.counter('accepted') === events.length, 'every event accepted after the restart', 60_000);
      await live.loop.flush();
      expect(new Set(live.processed)).toEqual(new Set(events.map((e) => e.event.id)));
      expect(live.processed.length).toBe(events.length);
      const stats = await store.stats();
      expect(stats.nodes - before).toBe(events.length);
      expect((stats.nodeKinds['Observation'] ?? 0) + (stats.nodeKinds['SecurityEvent'] ?? 0)).toBe(events.length);
      expect(restarted).toBeDefined();
      expect(reconnects).toBe(1);
    } finally {
      await w.close();
    }
  });
});
