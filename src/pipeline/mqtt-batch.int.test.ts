/**
 * Batched payloads over a real Mosquitto: one MQTT message carrying many
 * events (a JSON array on the `event` adapter, as gateways send). A batched
 * replay decides exactly as the batch loop over the delivered order; each bad
 * element gets its own dead letter naming its index; the worker's PUBACK of a
 * batch is withheld until every good element is stored and every dead letter acknowledged.
 */
import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mosquittoAvailable, startMosquitto, type Mosquitto } from '../../tests/support/mosquitto.js';
import { gatedStore, liveFixture, testLoop, waitFor } from './live-harness.test-support.js';
import { startMqttWorker } from './mqtt-worker.js';
import { planBatches, replayEvents } from './replay-events.js';
import { runLoop } from './run-scenario-through-loop.js';
import { DEAD_LETTER_TOPIC, encodeLiveEvent } from './topic-layout.js';

const fixture = liveFixture({ scenario: 'coordinated' });
const BATCH = 64;
const outline = (d: { id: string; incident: { id: string }; chosen: readonly { key: string }[] }) => ({ id: d.id, incident: d.incident.id, chosen: d.chosen.map((a) => a.key) });

describe.skipIf(!mosquittoAvailable())('batched payloads over Mosquitto', () => {
  let broker: Mosquitto;
  let listener: MqttClient;
  const letters: string[] = [];

  beforeAll(async () => {
    broker = await startMosquitto();
    listener = await connectAsync(broker.url, { clientId: 'batch-listener', protocolVersion: 5 });
    await listener.subscribeAsync(DEAD_LETTER_TOPIC, { qos: 1 });
    listener.on('message', (_topic, message) => letters.push(message.toString()));
  });
  afterAll(async () => {
    await listener?.endAsync();
    await broker?.dispose();
  });

  it(`replays the coordinated scenario ${BATCH} events per message and decides as the batch loop over the delivered order`, { timeout: 120_000 }, async () => {
    const plan = [...planBatches(fixture.events, { groupOf: fixture.groupOf, batch: BATCH })];
    const delivered = plan.flatMap((m) => m.events);
    const expected = await runLoop(testLoop(fixture).loop, delivered);
    const streamOrder = await runLoop(testLoop(fixture).loop, fixture.events);
    const live = testLoop(fixture);
    const w = await startMqttWorker({ url: broker.url, topics: ['city/#'], clientId: 'batch-worker', loop: live.loop, ingestor: live.ingestor });
    try {
      const report = await replayEvents({ url: broker.url, events: fixture.events, groupOf: fixture.groupOf, clientId: 'batch-replay', batch: BATCH });
      expect([report.published, report.messages]).toEqual([fixture.events.length, plan.length]);
      expect(plan.length).toBeLessThan(fixture.events.length / (BATCH / 2));
      await waitFor(() => live.processed.length === fixture.events.length, 'every event through the loop');
      expect(live.processed).toEqual(delivered.map((e) => e.event.id));
      const decided = [...live.loop.decisions.page({ first: 1000 }).items].reverse();
      expect(decided.map(outline)).toEqual(expected.decisions.map(outline));
      // Gathering per partition reorders events across partitions only: the same incidents get the same actions.
      expect(decided.map((d) => [d.incident.id, d.chosen.map((a) => a.key)])).toEqual(streamOrder.decisions.map((d) => [d.incident.id, d.chosen.map((a) => a.key)]));
      expect([live.loop.metrics.counter('accepted'), live.loop.metrics.counter('duplicate'), live.loop.metrics.counter('dead_letter')]).toEqual([fixture.events.length, 0, 0]);
    } finally {
      await w.close();
    }
  });

  it('dead-letters each bad element of a batch by index and acknowledges the batch only once every good element was stored', { timeout: 60_000 }, async () => {
    const { store, written, release } = gatedStore();
    const live = testLoop(fixture, { store, batchSize: 1, maxPending: 2 });
    letters.length = 0;
    const pubacks: number[] = [];
    const w = await startMqttWorker({ url: broker.url, topics: ['city/#'], clientId: 'batch-letter-worker', loop: live.loop, ingestor: live.ingestor, onAcks: (ids) => pubacks.push(...ids) });
    const publisher = await connectAsync(broker.url, { clientId: 'batch-publisher', protocolVersion: 5 });
    try {
      const [a, b, c] = fixture.events.slice(0, 3).map((e) => JSON.parse(encodeLiveEvent(e)) as Record<string, unknown>);
      const payload = JSON.stringify([a, { ...b, value: 'high', action: 'explode' }, c, { ...a, id: '' }]);
      await publisher.publishAsync('city/p0/batch/event', payload, { qos: 1 });
      await waitFor(() => letters.length === 2 && live.processed.length === 2, 'two dead letters and two events through the loop');
      await new Promise((r) => setTimeout(r, 200));
      expect(pubacks).toEqual([]);
      release();
      await waitFor(() => pubacks.length === 1, "the worker's PUBACK once both good elements were stored");
      expect(written).toEqual([a, c].map((e) => e?.['id']));
      await live.loop.flush();
      expect(live.processed).toEqual([a, c].map((e) => e?.['id']));
      expect(written).toEqual([a, c].map((e) => e?.['id']));
      const shape = letters.map((m) => JSON.parse(m) as { topic: string; diagnostic: { code: string; location: { pointer?: string } }; payload: string });
      expect(shape.map((l) => [l.topic, l.diagnostic.code, l.diagnostic.location.pointer])).toEqual([
        ['city/p0/batch/event', 'CG_PIPELINE_PAYLOAD_INVALID', b?.['type'] === 'observation' ? '/1/value' : '/1/action'],
        ['city/p0/batch/event', 'CG_PIPELINE_PAYLOAD_INVALID', '/3/id'],
      ]);
      expect(shape[1]?.payload).toBe(JSON.stringify({ ...a, id: '' }));
    } finally {
      release();
      await publisher.endAsync();
      await w.close();
    }
  });
});
