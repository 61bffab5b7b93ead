/**
 * The live loop against a real Mosquitto: replay of the coordinated scenario
 * through MQTT equals the batch loop, at-least-once delivery with dedup, and
 * malformed payloads to the dead-letter topic with their diagnostic.
 */
import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLoop } from '../../src/pipeline/run-scenario-through-loop.js';
import { replayEvents } from '../../src/pipeline/replay-events.js';
import { startMqttWorker, type MqttWorker } from '../../src/pipeline/mqtt-worker.js';
import { DEAD_LETTER_TOPIC, DECISION_TOPIC } from '../../src/pipeline/topic-layout.js';
import { liveFixture, testLoop, waitFor, type TestLoop } from '../../src/pipeline/live-harness.test-support.js';
import { mosquittoAvailable, startMosquitto, type Mosquitto } from '../support/mosquitto.js';

const fixture = liveFixture({ scenario: 'coordinated' });
const summary = (d: { id: string; incident: { id: string }; chosen: readonly { key: string }[]; pendingApproval: readonly { key: string }[] }) => ({ id: d.id, incident: d.incident.id, chosen: d.chosen.map((a) => a.key), pending: d.pendingApproval.map((a) => a.key) });

describe.skipIf(!mosquittoAvailable())('live loop over Mosquitto', () => {
  let broker: Mosquitto;
  let listener: MqttClient;
  const received = new Map<string, string[]>();

  beforeAll(async () => {
    broker = await startMosquitto();
    listener = await connectAsync(broker.url, { clientId: 'test-listener', protocolVersion: 5 });
    await listener.subscribeAsync([`${DECISION_TOPIC}/#`, DEAD_LETTER_TOPIC], { qos: 1 });
    listener.on('message', (topic, message) => {
      const key = topic.startsWith(DECISION_TOPIC) ? 'decisions' : 'dead-letter';
      received.set(key, [...(received.get(key) ?? []), message.toString()]);
    });
  });
  afterAll(async () => {
    await listener?.endAsync();
    await broker?.dispose();
  });

  async function worker(clientId: string, t: TestLoop): Promise<MqttWorker> {
    return startMqttWorker({ url: broker.url, topics: ['city/#'], clientId, loop: t.loop, ingestor: t.ingestor });
  }

  it('replays the coordinated scenario and decides exactly as the batch loop', { timeout: 120_000 }, async () => {
    const batch = await runLoop(testLoop(fixture).loop, fixture.events);
    expect(batch.decisions.length).toBeGreaterThan(0);
    const live = testLoop(fixture);
    const decisions: string[] = [];
    live.loop.subscribe('decision', (d) => decisions.push(d.id));
    received.delete('decisions');
    const w = await worker('replay-worker', live);
    try {
      const report = await replayEvents({ url: broker.url, events: fixture.events, groupOf: fixture.groupOf, clientId: 'replay-1' });
      expect(report.published).toBe(fixture.events.length);
      await waitFor(() => live.processed.length === fixture.events.length, 'every event through the loop');
      expect(live.processed).toEqual(fixture.events.map((e) => e.event.id));
      expect(decisions).toEqual(batch.decisions.map((d) => d.id));
      expect([...live.loop.decisions.page({ first: 1000 }).items].reverse().map(summary)).toEqual(batch.decisions.map(summary));
      await waitFor(() => (received.get('decisions')?.length ?? 0) === batch.decisions.length, 'decisions published on the broker');
      expect(received.get('decisions')?.map((m) => (JSON.parse(m) as { id: string }).id)).toEqual(batch.decisions.map((d) => d.id));
    } finally {
      await w.close();
    }
  });

  it('delivers at least once and decides once: a stream published twice is processed once', { timeout: 120_000 }, async () => {
    const events = fixture.events.slice(0, 12_000);
    const batch = await runLoop(testLoop(fixture).loop, events);
    const live = testLoop(fixture);
    const w = await worker('dedup-worker', live);
    try {
      await replayEvents({ url: broker.url, events, groupOf: fixture.groupOf, clientId: 'replay-2a' });
      await replayEvents({ url: broker.url, events, groupOf: fixture.groupOf, clientId: 'replay-2b' });
      await waitFor(() => live.loop.metrics.counter('duplicate') === events.length, 'the second copy of every event');
      expect(live.processed).toEqual(events.map((e) => e.event.id));
      expect(live.loop.metrics.counter('accepted')).toBe(events.length);
      expect([...live.loop.decisions.page({ first: 1000 }).items].reverse().map((d) => d.id)).toEqual(batch.decisions.map((d) => d.id));
    } finally {
      await w.close();
    }
  });

  it('sends malformed payloads to the dead-letter topic with topic, message id and field, and goes on', async () => {
    const live = testLoop(fixture);
    received.delete('dead-letter');
    const w = await worker('dead-letter-worker', live);
    const publisher = await connectAsync(broker.url, { clientId: 'bad-publisher', protocolVersion: 5 });
    try {
      const device = fixture.events[0]!.event.deviceId;
      await publisher.publishAsync(`city/p0/${device}/event`, JSON.stringify({ id: 'bad-1', type: 'security', time: '2026-01-05T10:00:00Z', deviceId: device, action: 'explode' }), { qos: 1 });
      await publisher.publishAsync(`city/p0/${device}/telemetry`, '[{"bn":"nodevice","v":"high"}]', { qos: 1 });
      await publisher.publishAsync(`city/p0/${device}/video`, 'frame', { qos: 1 });
      await publisher.publishAsync(`city/p0/${device}/event`, JSON.stringify({ ...fixture.events[0]!.event, id: 'good-after-bad' }), { qos: 1 });
      await waitFor(() => (received.get('dead-letter')?.length ?? 0) === 3, 'three dead letters');
      await waitFor(() => live.processed.includes('good-after-bad'), 'the good event after the bad ones');
      const letters = (received.get('dead-letter') ?? []).map((m) => JSON.parse(m) as { topic: string; messageId: string; diagnostic: { code: string; location: Record<string, unknown> } });
      const shape = letters.map((l) => ({ topic: l.topic, code: l.diagnostic.code, location: l.diagnostic.location }));
      expect(shape).toEqual([
        { topic: `city/p0/${device}/event`, code: 'CG_PIPELINE_PAYLOAD_INVALID', location: { source: `city/p0/${device}/event`, record: Number(letters[0]!.messageId), field: 'action' } },
        { topic: `city/p0/${device}/telemetry`, code: 'CG_PIPELINE_PAYLOAD_INVALID', location: { source: `city/p0/${device}/telemetry`, record: Number(letters[1]!.messageId), pointer: '/0/n' } },
        { topic: `city/p0/${device}/video`, code: 'CG_PIPELINE_TOPIC_UNMAPPED', location: { source: `city/p0/${device}/video`, record: Number(letters[2]!.messageId) } },
      ]);
      expect(letters.every((l) => Number(l.messageId) > 0)).toBe(true);
      expect(live.loop.metrics.counter('dead_letter')).toBe(3);
      expect(live.processed).toEqual(['good-after-bad']);
    } finally {
      await publisher.endAsync();
      await w.close();
    }
  });
});
