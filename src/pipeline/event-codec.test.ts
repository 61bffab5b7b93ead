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
