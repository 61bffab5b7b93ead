import { describe, expect, it } from 'vitest';
import { decodePayload } from './event-codec.js';
import { encodeLiveEvent, eventTopic, fnv1a, partitionFilters, partitionOf, shareFilter, topicLevel } from './topic-layout.js';

describe('topic layout', () => {
  it('hashes the device group with FNV-1a into a stable partition', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(partitionOf('gw-shared', 8)).toBe(fnv1a('gw-shared') % 8);
    expect(eventTopic({ group: 'gw-shared' }, 'w0-PLC3')).toBe(`city/p${fnv1a('gw-shared') % 8}/w0-PLC3/event`);
    expect(eventTopic({ prefix: 'metro', partitions: 1 }, 'a/b#c')).toBe('metro/p0/a_b_c/event');
    expect(topicLevel('alert-x#1+2/3')).toBe('alert-x_1_2_3');
  });

  it('builds shared-subscription filters of owned partitions', () => {
    expect(partitionFilters({ owned: [0, 5], group: 'engines' })).toEqual(['$share/engines/city/p0/#', '$share/engines/city/p5/#']);
    expect(partitionFilters({ owned: [1], prefix: 'metro' })).toEqual(['metro/p1/#']);
    expect(shareFilter('city/#', '')).toBe('city/#');
  });

  it('encodes a live event that the event adapter reads back unchanged', () => {
    const live = { event: { type: 'observation' as const, id: 'o1', time: '2026-01-05T00:00:00.000Z', deviceId: 'w0-L_T1', kind: 'LevelSensor' as const, domain: 'Water' as const, quantity: 'level', value: 2.5, unit: 'm' }, techniques: ['T0832'] };
    expect(decodePayload('city/p1/w0-L_T1/event', encodeLiveEvent(live), () => undefined, '1')).toEqual({ ok: true, events: [live] });
  });
});
