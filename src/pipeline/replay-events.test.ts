import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../sim/index.js';
import { encodeMessage, planBatches } from './replay-events.js';
import { decodePayload } from './event-codec.js';
import { partitionOf } from './topic-layout.js';
import type { LiveEvent } from './live-event.js';

const live = (i: number, deviceId: string): LiveEvent => ({ event: { type: 'observation', id: `e${i}`, time: '2026-01-05T08:00:00.000Z', deviceId, kind: 'LevelSensor', domain: 'Water', quantity: 'level', value: i, unit: 'm' } as SimEvent });
const groups: Record<string, string> = { a1: 'gw-a', a2: 'gw-a', b1: 'gw-b' };
const groupOf = (id: string): string | undefined => groups[id];

describe('replay plan', () => {
  const stream = ['a1', 'b1', 'a2', 'a1', 'b1', 'a2', 'a1'].map((d, i) => live(i, d));
  const pa = partitionOf('gw-a');
  const pb = partitionOf('gw-b');

  it('publishes one message per event on its device topic without a batch size', () => {
    expect([...planBatches(stream, { groupOf })].map((m) => [m.topic, m.events.map((e) => e.event.id)])).toEqual(
      stream.map((e) => [`city/p${partitionOf(groups[e.event.deviceId] ?? '')}/${e.event.deviceId}/event`, [e.event.id]]),
    );
  });

  it('gathers each partition in stream order, sends it when full, and the rest oldest first at the end', () => {
    expect(pa).not.toBe(pb);
    const plan = [...planBatches(stream, { groupOf, batch: 3 })];
    expect(plan.map((m) => [m.topic, m.events.map((e) => e.event.id)])).toEqual([
      [`city/p${pa}/batch/event`, ['e0', 'e2', 'e3']],
      [`city/p${pb}/batch/event`, ['e1', 'e4']],
      [`city/p${pa}/batch/event`, ['e5', 'e6']],
    ]);
  });

  it('encodes a batch as a JSON array the event adapter reads back unchanged', () => {
    const [first] = [...planBatches(stream, { groupOf, batch: 3 })];
    const directory = (id: string) => (id in groups ? { kind: 'LevelSensor', domain: 'Water' } : undefined);
    expect(decodePayload(first!.topic, encodeMessage(first!, true), directory, '1')).toEqual({ ok: true, events: first!.events });
    expect(encodeMessage({ topic: 't', events: [stream[0]!] }, false)).toBe(JSON.stringify(stream[0]!.event));
  });
});
