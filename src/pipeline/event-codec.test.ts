import { describe, expect, it } from 'vitest';
import { decodePayload } from './event-codec.js';
import type { DeviceDirectory } from './live-event.js';

const directory: DeviceDirectory = (id) => (id === 'w0-PLC3' ? { kind: 'Plc', domain: 'Water', group: 'gw-shared', zone: 'zone-0-0' } : id === 'w0-L_T1' ? { kind: 'LevelSensor', domain: 'Water' } : undefined);
const topic = (type: string, device = 'w0-PLC3') => `city/p3/${device}/${type}`;

describe('payload adapters by topic type', () => {
  it('reads CivGraph event JSON, filling kind and domain from the graph', () => {
    const r = decodePayload(topic('event'), JSON.stringify({ id: 'e1', type: 'security', time: '2026-01-05T09:37:00Z', deviceId: 'w0-PLC3', action: 'successfulLogin', count: 1, peer: '10.9.9.9', derivedFromDecision: 'decision-1' }), directory, '7');
    expect(r).toEqual({ ok: true, events: [{ event: { type: 'security', id: 'e1', time: '2026-01-05T09:37:00.000Z', deviceId: 'w0-PLC3', kind: 'Plc', domain: 'Water', action: 'successfulLogin', count: 1, peer: '10.9.9.9' }, derivedFromDecision: 'decision-1' }] });
  });

  it('reads a SenML pack into observations (RFC 8428 base name and time)', () => {
    const r = decodePayload(topic('telemetry', 'w0-L_T1'), JSON.stringify([{ bn: 'w0-L_T1/', bt: 1767600000, n: 'level', v: 4.1, u: 'm' }, { n: 'level', t: 900, v: 4.2, u: 'm' }]), directory, '8');
    expect(r).toEqual({ ok: true, events: [
      { event: { type: 'observation', id: 'senml:w0-L_T1/level@1767600000', time: '2026-01-05T08:00:00.000Z', deviceId: 'w0-L_T1', kind: 'LevelSensor', domain: 'Water', quantity: 'level', value: 4.1, unit: 'm' } },
      { event: { type: 'observation', id: 'senml:w0-L_T1/level@1767600900', time: '2026-01-05T08:15:00.000Z', deviceId: 'w0-L_T1', kind: 'LevelSensor', domain: 'Water', quantity: 'level', value: 4.2, unit: 'm' } },
    ] });
  });

  it('reads CEF security events (act, dvchost, rt, cnt, src, externalId, cs1)', () => {
    const line = '<134>1 2026-01-05T09:37:00Z gw CivGraph - - - CEF:0|CivGraph|sim|1|newPeer|New peer|7|externalId=e9 rt=1767605820000 dvchost=w0-PLC3 act=newPeer cnt=40 src=10.30.0.0/24 cs1=T0846,T0882';
    const r = decodePayload(topic('security'), line, directory, '9');
    expect(r).toEqual({ ok: true, events: [{ event: { type: 'security', id: 'e9', time: '2026-01-05T09:37:00.000Z', deviceId: 'w0-PLC3', kind: 'Plc', domain: 'Water', action: 'newPeer', count: 40, peer: '10.30.0.0/24' }, techniques: ['T0846', 'T0882'] }] });
  });

  it('names topic, message and field of every malformed payload', () => {
    const cases = [
      decodePayload(topic('event'), '{"id":"x"', directory, '11'),
      decodePayload(topic('event'), JSON.stringify({ id: 'x', type: 'security', time: 'yesterday', deviceId: 'w0-PLC3', action: 'newPeer' }), directory, '12'),
      decodePayload(topic('event'), JSON.stringify({ id: 'x', type: 'observation', time: 1, deviceId: 'ghost', quantity: 'level', value: 1 }), directory, '13'),
      decodePayload(topic('telemetry'), JSON.stringify([{ bn: 'w0-L_T1/', n: 'level', v: 'high' }]), directory, '14'),
      decodePayload(topic('security'), 'CEF:0|CivGraph|sim|1|newPeer|New peer|7|rt=1767605820000 dvchost=w0-PLC3 act=reboot', directory, '15'),
      decodePayload(topic('video'), 'frame', directory, '16'),
    ];
    expect(cases.map((c) => (c.ok ? 'ok' : { code: c.diagnostic.code, location: c.diagnostic.location }))).toEqual([
      { code: 'CG_PIPELINE_PAYLOAD_INVALID', location: { source: topic('event'), record: 11 } },
      { code: 'CG_PIPELINE_PAYLOAD_INVALID', location: { source: topic('event'), record: 12, field: 'time' } },
      { code: 'CG_PIPELINE_PAYLOAD_INVALID', location: { source: topic('event'), record: 13, field: 'deviceId' } },
      { code: 'CG_PIPELINE_PAYLOAD_INVALID', location: { source: topic('telemetry'), record: 14, pointer: '/0/v' } },
      { code: 'CG_PIPELINE_PAYLOAD_INVALID', location: { source: topic('security'), record: 15, field: 'act' } },
      { code: 'CG_PIPELINE_TOPIC_UNMAPPED', location: { source: topic('video'), record: 16 } },
    ]);
  });
});

describe('batched payloads', () => {
  const good = (id: string, value: number) => ({ id, type: 'observation', time: '2026-01-05T08:00:00.000Z', deviceId: 'w0-L_T1', quantity: 'level', value, unit: 'm' });
  const decoded = (id: string, value: number) => ({ event: { type: 'observation', id, time: '2026-01-05T08:00:00.000Z', deviceId: 'w0-L_T1', kind: 'LevelSensor', domain: 'Water', quantity: 'level', value, unit: 'm' } });

  it('reads a JSON array of events; each bad element is rejected on its own, its pointer naming the index', () => {
    const bad = { id: 'e2', type: 'observation', time: '2026-01-05T08:00:00.000Z', deviceId: 'w0-L_T1', quantity: 'level', value: 'high' };
    const r = decodePayload(topic('event', 'batch'), JSON.stringify([good('e1', 1), bad, 'nonsense', good('e4', 4)]), directory, '30');
    expect(r).toEqual({
      ok: true,
      events: [decoded('e1', 1), decoded('e4', 4)],
      rejected: [
        { index: 1, payload: JSON.stringify(bad), diagnostic: { code: 'CG_PIPELINE_PAYLOAD_INVALID', severity: 'error', message: 'message 30 on city/p3/batch/event, element 1: value must be a finite number', location: { source: 'city/p3/batch/event', record: 30, pointer: '/1/value' } } },
        { index: 2, payload: '"nonsense"', diagnostic: { code: 'CG_PIPELINE_PAYLOAD_INVALID', severity: 'error', message: 'message 30 on city/p3/batch/event, element 2: payload is not a JSON object', location: { source: 'city/p3/batch/event', record: 30, pointer: '/2' } } },
      ],
    });
  });

  it('rejects a batch none of whose elements decode, listing every element, and an empty batch as a whole', () => {
    const r = decodePayload(topic('event', 'batch'), JSON.stringify([{ id: '' }, 7]), directory, '31');
    expect(r.ok ? 'ok' : [r.diagnostic.location, r.rejected?.map((e) => [e.index, e.diagnostic.location.pointer])]).toEqual([
      { source: 'city/p3/batch/event', record: 31, pointer: '/0/id' },
      [[0, '/0/id'], [1, '/1']],
    ]);
    const empty = decodePayload(topic('event', 'batch'), '[]', directory, '32');
    expect(empty.ok ? 'ok' : [empty.diagnostic.location, empty.rejected]).toEqual([{ source: 'city/p3/batch/event', record: 32 }, undefined]);
  });

  it('keeps the good records of a SenML pack and rejects the bad one by index', () => {
    const r = decodePayload(topic('telemetry', 'w0-L_T1'), JSON.stringify([{ bn: 'w0-L_T1/', bt: 1767600000, n: 'level', v: 4.1, u: 'm' }, { n: 'level', t: 900, v: 'x' }, { n: 'level', t: 1800, v: 4.3, u: 'm' }]), directory, '33');
    expect(r.ok && [r.events.map((e) => e.event.id), r.rejected?.map((e) => [e.index, e.diagnostic.location.pointer, e.payload])]).toEqual([
      ['senml:w0-L_T1/level@1767600000', 'senml:w0-L_T1/level@1767601800'],
      [[1, '/1/v', '{"n":"level","t":900,"v":"x"}']],
    ]);
  });

  it('normalises times exactly as Date does, canonical strings included (differential check)', () => {
    const times: unknown[] = [];
    for (let month = 1; month <= 12; month++) {
      for (const day of [1, 9, 10, 19, 28, 29, 30, 31]) {
        for (const clock of ['00:00:00.000', '23:59:59.999', '12:30:45.120']) times.push(`2024-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T${clock}Z`);
      }
    }
    times.push('2026-02-29T00:00:00.000Z', '2026-01-05T09:37:00Z', '2026-01-05T09:37:00.000+02:00', '2026-13-01T00:00:00.000Z', '2026-01-01T24:00:00.000Z', '0999-01-01T00:00:00.000Z', 1767600000000, '1767600000000');
    const reference = (raw: unknown): string | undefined => {
      const ms = typeof raw === 'number' ? raw : Number.isFinite(Number(raw)) ? Number(raw) : Date.parse(String(raw));
      return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
    };
    const ours = times.map((time) => {
      const r = decodePayload(topic('event', 'w0-L_T1'), JSON.stringify({ ...good('t', 1), time }), directory, '1');
      return r.ok ? r.events[0]?.event.time : undefined;
    });
    expect(ours).toEqual(times.map(reference));
    expect(ours.filter((t) => t === undefined)).toHaveLength(1);
  });
});

describe('SenML records of unknown devices', () => {
  it('points at the record name the device came from', () => {
    const r = decodePayload(topic('telemetry', 'ghost'), JSON.stringify([{ bn: 'ghost/', n: 'level', v: 1 }, { bn: 'w0-L_T1/', n: 'level', v: 2, t: 1767600000 }]), directory, '50');
    expect(r.ok && [r.events.map((e) => e.event.id), r.rejected?.map((e) => [e.index, e.diagnostic.location.pointer, e.diagnostic.message])]).toEqual([
      ['senml:w0-L_T1/level@1767600000'],
      [[0, '/0/n', 'message 50 on city/p3/ghost/telemetry, element 0: device ghost is not in the graph and the event names no kind and domain']],
    ]);
  });
});
