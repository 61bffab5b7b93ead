import { describe, expect, it } from 'vitest';
import { EngineError } from '../core/index.js';
import { createIngestor, type DeadLetter } from './ingestor.js';
import type { DeviceDirectory, LiveEvent } from './live-event.js';
import type { LiveLoop } from './live-loop.js';
import { createPipelineMetrics } from './pipeline-metrics.js';

const directory: DeviceDirectory = (id) => (id === 'w0-L_T1' ? { kind: 'LevelSensor', domain: 'Water' } : undefined);

/** A loop that refuses one event id the way the scorer refuses a bad time, and records the rest. */
function refusingLoop(refuse: string, seen: string[]): LiveLoop {
  const loop: Partial<LiveLoop> = {
    metrics: createPipelineMetrics(),
    process(live: LiveEvent) {
      if (live.event.id === refuse) throw new EngineError('CG_LIVE_EVENT_INVALID', 'time does not parse', { details: { eventId: live.event.id, field: 'time' } });
      seen.push(live.event.id);
      return { outcome: 'quiet' };
    },
  };
  return loop as LiveLoop;
}

describe('ingestor', () => {
  it('sends an event the loop refuses to the dead letter, named by topic, message and field, and processes the rest of the pack', () => {
    const seen: string[] = [];
    const letters: DeadLetter[] = [];
    const ingestor = createIngestor({ loop: refusingLoop('senml:w0-L_T1/level@1767600900', seen), directory, onDeadLetter: (l) => letters.push(l) });
    const pack = JSON.stringify([{ bn: 'w0-L_T1/', bt: 1767600000, n: 'level', v: 4.1, u: 'm' }, { n: 'level', t: 900, v: 4.2, u: 'm' }, { n: 'level', t: 1800, v: 4.3, u: 'm' }]);
    const result = ingestor.accept('city/p3/w0-L_T1/telemetry', pack, '21');
    expect(seen).toEqual(['senml:w0-L_T1/level@1767600000', 'senml:w0-L_T1/level@1767601800']);
    expect([result.accepted, result.duplicates, result.outcomes]).toEqual([2, 0, ['quiet', 'quiet']]);
    expect(letters.map((l) => [l.topic, l.messageId, l.diagnostic.code, l.diagnostic.location])).toEqual([
      ['city/p3/w0-L_T1/telemetry', '21', 'CG_LIVE_EVENT_INVALID', { source: 'city/p3/w0-L_T1/telemetry', record: 21, field: 'time' }],
    ]);
    expect(result.deadLetter?.diagnostic.message).toBe('event senml:w0-L_T1/level@1767600900 on city/p3/w0-L_T1/telemetry: time does not parse');
  });
});

describe('ingestor: batched payloads', () => {
  it('dead-letters each bad element by index, drops duplicates per event, accepts the rest and joins their store waits', async () => {
    const seen: string[] = [];
    const letters: DeadLetter[] = [];
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const loop: Partial<LiveLoop> = {
      metrics: createPipelineMetrics(),
      process(live: LiveEvent) {
        seen.push(live.event.id);
        return { outcome: 'quiet', ...(live.event.id === 'b3' ? { wait: held } : {}) };
      },
    };
    const ingestor = createIngestor({ loop: loop as LiveLoop, directory, onDeadLetter: (l) => letters.push(l) });
    const event = (id: string, value: unknown) => ({ id, type: 'observation', time: '2026-01-05T08:00:00.000Z', deviceId: 'w0-L_T1', quantity: 'level', value });
    const result = ingestor.accept('city/p3/batch/event', JSON.stringify([event('b1', 1), event('b2', 'x'), event('b1', 1), event('b3', 3), event('b4', null)]), '40');
    expect(seen).toEqual(['b1', 'b3']);
    expect([result.accepted, result.duplicates, result.outcomes]).toEqual([2, 1, ['quiet', 'quiet']]);
    expect(letters.map((l) => [l.messageId, l.diagnostic.location, l.payload])).toEqual([
      ['40', { source: 'city/p3/batch/event', record: 40, pointer: '/1/value' }, JSON.stringify(event('b2', 'x'))],
      ['40', { source: 'city/p3/batch/event', record: 40, pointer: '/4/value' }, JSON.stringify(event('b4', null))],
    ]);
    expect(result.deadLetters).toEqual(letters);
    expect(result.deadLetter).toEqual(letters[0]);
    expect([loop.metrics?.counter('accepted'), loop.metrics?.counter('duplicate'), loop.metrics?.counter('dead_letter')]).toEqual([2, 1, 2]);
    let settled = false;
    void result.wait?.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    release();
    await result.wait;
    expect(settled).toBe(true);
  });
});
