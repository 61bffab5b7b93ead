/**
 * A worker that dies loses nothing it acknowledged (README "Guarantees"): over
 * a real Mosquitto, worker A accepts every event while its store commits only
 * the first batch and then stalls; A's connections are destroyed without a
 * flush or a DISCONNECT (as SIGKILL leaves them). Worker B, on the same
 * persistent session, receives exactly the messages whose events A had not
 * stored, and at the end every published event is in the store once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeInput, WriteBatch, WriteResult } from '../graph/port.js';
import { mosquittoAvailable, startMosquitto, type Mosquitto } from '../../tests/support/mosquitto.js';
import { liveFixture, testLoop, waitFor } from './live-harness.test-support.js';
import { startMqttWorker, type MqttWorker } from './mqtt-worker.js';
import { replayEvents } from './replay-events.js';

const fixture = liveFixture({ scenario: 'coordinated' });
const EVENTS = fixture.events.slice(0, 600);

/** The durable store both workers write to: node id → node, and how many writes each id got. */
function durableStore() {
  const nodes = new Map<string, NodeInput>();
  const writes = new Map<string, number>();
  return {
    nodes,
    writes,
    async write(batch: WriteBatch): Promise<WriteResult> {
      for (const node of batch.nodes ?? []) {
        nodes.set(node.id, node);
        writes.set(node.id, (writes.get(node.id) ?? 0) + 1);
      }
      return { version: writes.size, nodesWritten: batch.nodes?.length ?? 0, edgesWritten: batch.edges?.length ?? 0, nodesDeleted: 0, edgesDeleted: 0 };
    },
  };
}

/** A store whose first write commits and whose later writes never return (the process dies first). */
function stallingAfterFirst(inner: ReturnType<typeof durableStore>) {
  let calls = 0;
  const committed: string[] = [];
  return {
    committed,
    async write(batch: WriteBatch): Promise<WriteResult> {
      if (calls++ > 0) return new Promise<WriteResult>(() => undefined);
      committed.push(...(batch.nodes ?? []).map((n) => n.id));
      return inner.write(batch);
    },
  };
}

/** Kills a worker the way SIGKILL does: sockets gone, nothing flushed, no DISCONNECT, no reconnect. */
function kill(worker: MqttWorker): void {
  for (const client of [worker.client, worker.outbound]) {
    client.options.reconnectPeriod = 0;
    client.stream.destroy();
    client.end(true);
  }
}

describe.skipIf(!mosquittoAvailable())('worker crash over Mosquitto', () => {
  let broker: Mosquitto;

  beforeAll(async () => {
    broker = await startMosquitto();
  });
  afterAll(async () => {
    await broker?.dispose();
  });

  it('redelivers to the next worker every message whose events were not yet stored; every event ends in the store once', { timeout: 60_000 }, async () => {
    const store = durableStore();
    const slow = stallingAfterFirst(store);
    const a = testLoop(fixture, { store: slow, batchSize: 100, maxPending: 10_000 });
    const ackedByA: number[] = [];
    const clientId = 'crash-worker';
    const first = await startMqttWorker({ url: broker.url, topics: ['city/#'], clientId, loop: a.loop, ingestor: a.ingestor, onAcks: (ids) => ackedByA.push(...ids) });
    await replayEvents({ url: broker.url, events: EVENTS, groupOf: fixture.groupOf, clientId: 'crash-replay' });
    await waitFor(() => a.processed.length === EVENTS.length, 'worker A accepting every event');
    await waitFor(() => slow.committed.length > 0 && ackedByA.length === slow.committed.length, "worker A's acks of its first commit");
    await new Promise((r) => setTimeout(r, 200));
    // Accepted and scored, but only the first commit was acknowledged.
    expect(ackedByA.length).toBe(slow.committed.length);
    expect(slow.committed.length).toBeLessThan(EVENTS.length);
    expect(a.store?.pending).toBe(EVENTS.length - slow.committed.length);
    kill(first);

    const b = testLoop(fixture, { store });
    const ackedByB: number[] = [];
    const second = await startMqttWorker({ url: broker.url, topics: ['city/#'], clientId, loop: b.loop, ingestor: b.ingestor, onAcks: (ids) => ackedByB.push(...ids) });
    try {
      const lost = new Set(slow.committed);
      const redelivered = EVENTS.map((e) => e.event.id).filter((id) => !lost.has(id));
      await waitFor(() => b.processed.length === redelivered.length && ackedByB.length === redelivered.length, 'worker B storing and acknowledging the redelivered events');
      await new Promise((r) => setTimeout(r, 300));
      expect(b.processed).toEqual(redelivered);
      expect(ackedByB.length).toBe(redelivered.length);
      expect([...store.nodes.keys()].sort()).toEqual(EVENTS.map((e) => e.event.id).sort());
      expect([...store.writes.values()].every((n) => n === 1)).toBe(true);
    } finally {
      await second.close();
    }
  });
});
