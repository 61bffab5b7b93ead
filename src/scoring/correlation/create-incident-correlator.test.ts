import { describe, expect, it } from 'vitest';
import { isEngineError } from '../../core/index.js';
import { createProjectionBuilder, type Projection } from '../../graph/projection/index.js';
import { SHARED_GATEWAY_ID } from '../../sim/index.js';
import { createIncidentCorrelator } from './create-incident-correlator.js';
import type { CorrelationInput, IncidentCorrelator } from './types.js';

/*
 * zone-a                                   zone-b                 zone-c
 *  cam-1 ─networkedVia─► gw-shared ◄─ plc-1   aq-far ─► gw-far      smoke-far ─► gw-far2
 *    │                      │          │        │         │                        │
 *  poweredBy             seg-1    dependsOn   poweredBy  seg-2                   seg-3
 *    ▼                                 ▼        ▼
 *  feeder-a ◄─poweredBy─ bridge      lvl-1    feeder-b
 *                        (zone-b, networkedVia gw-far)
 */
function smallCity(): Projection {
  const b = createProjectionBuilder();
  const node = (id: string, kind: string, zone?: string, domain?: string): number =>
    b.addNode({ id, kind, props: { ...(zone === undefined ? {} : { zone }), ...(domain === undefined ? {} : { domain }) } });
  for (const z of ['zone-a', 'zone-b', 'zone-c']) node(z, 'Zone');
  for (const s of ['seg-1', 'seg-2', 'seg-3']) node(s, 'NetworkSegment');
  node(SHARED_GATEWAY_ID, 'Gateway', 'zone-a', 'Communications');
  node('gw-far', 'Gateway', 'zone-b', 'Communications');
  node('gw-far2', 'Gateway', 'zone-c', 'Communications');
  node('feeder-a', 'Feeder', 'zone-a', 'Energy');
  node('feeder-b', 'Feeder', 'zone-b', 'Energy');
  node('cam-1', 'Camera', 'zone-a', 'Transportation');
  node('plc-1', 'Plc', 'zone-a', 'Water');
  node('lvl-1', 'LevelSensor', 'zone-a', 'Water');
  node('aq-far', 'AirQualitySensor', 'zone-b', 'Environment');
  node('smoke-far', 'SmokeDetector', 'zone-c', 'Buildings');
  node('bridge', 'SmartMeter', 'zone-b', 'Energy');
  const edges: [string, string, string][] = [
    [SHARED_GATEWAY_ID, 'networkedVia', 'seg-1'],
    ['gw-far', 'networkedVia', 'seg-2'],
    ['gw-far2', 'networkedVia', 'seg-3'],
    ['cam-1', 'networkedVia', SHARED_GATEWAY_ID],
    ['plc-1', 'networkedVia', SHARED_GATEWAY_ID],
    ['cam-1', 'poweredBy', 'feeder-a'],
    ['plc-1', 'dependsOn', 'lvl-1'],
    ['aq-far', 'networkedVia', 'gw-far'],
    ['aq-far', 'poweredBy', 'feeder-b'],
    ['smoke-far', 'networkedVia', 'gw-far2'],
    ['bridge', 'networkedVia', 'gw-far'],
    ['bridge', 'poweredBy', 'feeder-a'],
  ];
  for (const [from, kind, to] of edges) b.addEdge({ from, kind, to });
  return b.finish({ version: 1 });
}

const T0 = Date.parse('2026-01-05T10:00:00.000Z');
const DOMAIN: Record<string, string> = {
  'cam-1': 'Transportation',
  'plc-1': 'Water',
  'lvl-1': 'Water',
  'aq-far': 'Environment',
  'smoke-far': 'Buildings',
  bridge: 'Energy',
  [SHARED_GATEWAY_ID]: 'Communications',
};

function alert(alertId: string, deviceId: string, minutes: number, probability = 0.9): CorrelationInput {
  return { alertId, deviceId, domain: DOMAIN[deviceId] ?? 'Unknown', time: new Date(T0 + minutes * 60_000).toISOString(), probability };
}

function correlator(): IncidentCorrelator {
  return createIncidentCorrelator({ projection: smallCity(), windowMs: 10 * 60_000 });
}

describe('createIncidentCorrelator', () => {
  it('joins a traffic camera and a water PLC behind the shared gateway into one cross-domain incident', () => {
    const c = correlator();
    const first = c.add(alert('a1', 'cam-1', 0, 0.5));
    const second = c.add(alert('a2', 'plc-1', 3, 0.6));
    expect(first).toMatchObject({ opened: true, merged: [], incident: { id: 'incident-a1' } });
    expect(second).toEqual({
      opened: false,
      merged: [],
      incident: {
        id: 'incident-a1',
        opened: '2026-01-05T10:00:00.000Z',
        updated: '2026-01-05T10:03:00.000Z',
        alertIds: ['a1', 'a2'],
        alertCount: 2,
        deviceIds: ['cam-1', 'plc-1'],
        domains: ['Transportation', 'Water'],
        links: [{ kind: 'shared-gateway', via: SHARED_GATEWAY_ID, alertIds: ['a1', 'a2'] }],
        probability: 1 - 0.5 * 0.4,
      },
    });
  });

  it('keeps two far-apart devices in different zones in separate incidents', () => {
    const c = correlator();
    c.add(alert('a1', 'aq-far', 0));
    const update = c.add(alert('a2', 'smoke-far', 1));
    expect(update.opened).toBe(true);
    expect(c.open().map((i) => [i.id, i.alertIds])).toEqual([
      ['incident-a2', ['a2']],
      ['incident-a1', ['a1']],
    ]);
  });

  it('links along a dependency path and names its nodes', () => {
    const c = correlator();
    c.add(alert('a1', 'lvl-1', 0));
    expect(c.add(alert('a2', 'plc-1', 1)).incident.links).toEqual([{ kind: 'dependency-path', via: 'lvl-1→plc-1', alertIds: ['a1', 'a2'] }]);
  });

  it('merges two incidents into the older one when an alert bridges them (shared supplier + shared gateway)', () => {
    const c = correlator();
    c.add(alert('a1', 'cam-1', 0, 0.5));
    c.add(alert('a2', 'aq-far', 1, 0.5));
    const update = c.add(alert('a3', 'bridge', 2, 0.5));
    expect(update.merged).toEqual(['incident-a2']);
    expect(update.incident.id).toBe('incident-a1');
    expect(update.incident.alertIds).toEqual(['a1', 'a2', 'a3']);
    expect(update.incident.links).toEqual([
      { kind: 'shared-supplier', via: 'feeder-a', alertIds: ['a1', 'a3'] },
      { kind: 'shared-gateway', via: 'gw-far', alertIds: ['a2', 'a3'] },
    ]);
    expect(update.incident.probability).toBeCloseTo(1 - 0.5 ** 3, 12);
    expect(c.incident('incident-a2')).toBeUndefined();
    expect(c.open().map((i) => i.id)).toEqual(['incident-a1']);
  });

  it('repeated alerts on one device join by same-device and do not raise the noisy-OR', () => {
    const c = correlator();
    c.add(alert('a1', 'smoke-far', 0, 0.4));
    const update = c.add(alert('a2', 'smoke-far', 1, 0.7));
    expect(update.incident.links).toEqual([{ kind: 'same-device', via: 'smoke-far', alertIds: ['a1', 'a2'] }]);
    expect(update.incident.probability).toBeCloseTo(0.7, 12);
  });

  it('does not join alerts further apart than the window, and closes the old incident', () => {
    const c = correlator();
    c.add(alert('a1', 'cam-1', 0));
    const late = c.add(alert('a2', 'plc-1', 11));
    expect(late.opened).toBe(true);
    expect(late.incident.id).toBe('incident-a2');
    expect(c.open().map((i) => i.id)).toEqual(['incident-a2']);
    expect(c.incident('incident-a1')?.alertIds).toEqual(['a1']);
  });

  it('gives the same incidents on a replay', () => {
    const sequence = [alert('a1', 'cam-1', 0), alert('a2', 'aq-far', 1), alert('a3', 'lvl-1', 2), alert('a4', 'bridge', 4), alert('a5', 'smoke-far', 30)];
    const run = (): unknown => {
      const c = correlator();
      const updates = sequence.map((a) => c.add(a));
      return { updates, open: c.open() };
    };
    expect(run()).toEqual(run());
  });

  it('treats a device missing from the projection as linkable only to itself', () => {
    const c = correlator();
    c.add(alert('a1', 'ghost', 0));
    expect(c.add(alert('a2', 'cam-1', 0)).opened).toBe(true);
    expect(c.add(alert('a3', 'ghost', 1)).incident.links).toEqual([{ kind: 'same-device', via: 'ghost', alertIds: ['a1', 'a3'] }]);
  });

  it('uses only the link kinds asked for, keeping the first link per (kind, via)', () => {
    const c = createIncidentCorrelator({ projection: smallCity(), windowMs: 10 * 60_000, links: ['shared-zone'] });
    c.add(alert('a1', 'cam-1', 0));
    expect(c.add(alert('a2', 'plc-1', 1)).incident.links).toEqual([{ kind: 'shared-zone', via: 'zone-a', alertIds: ['a1', 'a2'] }]);
    expect(c.add(alert('a3', 'cam-1', 2)).incident.links).toEqual([{ kind: 'shared-zone', via: 'zone-a', alertIds: ['a1', 'a2'] }]);
    expect(c.add(alert('a4', 'aq-far', 3)).opened).toBe(true);
  });

  it('forgets the oldest closed incidents beyond maxRetained', () => {
    const c = createIncidentCorrelator({ projection: smallCity(), windowMs: 10 * 60_000, maxRetained: 1 });
    c.add(alert('a1', 'aq-far', 0));
    c.add(alert('a2', 'smoke-far', 30));
    expect([c.incident('incident-a1'), c.incident('incident-a2')?.alertIds]).toEqual([undefined, ['a2']]);
  });

  it('rejects a bad window and an unreadable alert time with codes', () => {
    const codeOf = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (error) {
        return isEngineError(error) ? error.code : 'not an EngineError';
      }
      return undefined;
    };
    expect(codeOf(() => createIncidentCorrelator({ projection: smallCity(), windowMs: 0 }))).toBe('CG_CORRELATION_OPTIONS_INVALID');
    expect(codeOf(() => correlator().add({ ...alert('a1', 'cam-1', 0), time: 'yesterday' }))).toBe('CG_CORRELATION_INPUT_INVALID');
  });

  it('rejects an alert more than maxFutureSkewMs ahead of the latest (naming alert and `time`) and keeps its state', () => {
    const rejection = (f: () => unknown): unknown => {
      try {
        f();
      } catch (error) {
        return isEngineError(error) ? { code: error.code, details: error.details } : 'not an EngineError';
      }
      return 'accepted';
    };
    const c = createIncidentCorrelator({ projection: smallCity(), windowMs: 10 * 60_000, clock: () => T0 });
    c.add(alert('a1', 'cam-1', 0));
    const future = { ...alert('x', 'plc-1', 0), time: '2099-01-01T00:00:00.000Z' };
    expect(rejection(() => c.add(future))).toEqual({
      code: 'CG_CORRELATION_INPUT_INVALID',
      details: { alertId: 'x', field: 'time', value: '2099-01-01T00:00:00.000Z', latest: '2026-01-05T10:00:00.000Z', maxFutureSkewMs: 3_600_000 },
    });
    // Nothing expired: the next alert still joins the open incident.
    expect(c.add(alert('a2', 'plc-1', 3)).incident).toMatchObject({ id: 'incident-a1', alertIds: ['a1', 'a2'] });
    expect(c.open().map((i) => i.id)).toEqual(['incident-a1']);
    const tight = createIncidentCorrelator({ projection: smallCity(), windowMs: 10 * 60_000, maxFutureSkewMs: 5 * 60_000, clock: () => T0 });
    tight.add(alert('a1', 'cam-1', 0));
    expect([rejection(() => tight.add(alert('a2', 'plc-1', 6))), rejection(() => tight.add(alert('a3', 'plc-1', 5)))]).toEqual([
      { code: 'CG_CORRELATION_INPUT_INVALID', details: { alertId: 'a2', field: 'time', value: alert('a2', 'plc-1', 6).time, latest: alert('a1', 'cam-1', 0).time, maxFutureSkewMs: 300_000 } },
      'accepted',
    ]);
    // The default clock is Date.now: year 2099 is rejected even as the first alert.
    expect(rejection(() => correlator().add(future))).toMatchObject({ code: 'CG_CORRELATION_INPUT_INVALID', details: { alertId: 'x', field: 'time' } });
  });

  it('accepts an alert after a quiet stretch when the stream clock has moved on', () => {
    let streamMs = T0;
    const c = createIncidentCorrelator({ projection: smallCity(), windowMs: 10 * 60_000, clock: () => streamMs });
    c.add(alert('a1', 'cam-1', 0));
    streamMs = T0 + 180 * 60_000;
    const update = c.add(alert('a2', 'plc-1', 181));
    expect([update.opened, update.incident.id, c.open().map((i) => i.id)]).toEqual([true, 'incident-a2', ['incident-a2']]);
  });

  it('caps what a never-ending incident carries: first and latest alert ids, alertCount, first link per (kind, via)', () => {
    const c = createIncidentCorrelator({ projection: smallCity(), windowMs: 10 * 60_000, keepAlertIds: 3 });
    let last = c.add(alert('s0', 'smoke-far', 0)).incident;
    for (let i = 1; i < 200; i++) last = c.add(alert(`s${i}`, 'smoke-far', i * 0.5)).incident;
    expect(last).toEqual({
      id: 'incident-s0',
      opened: alert('s0', 'smoke-far', 0).time,
      updated: alert('s199', 'smoke-far', 99.5).time,
      alertIds: ['s0', 's1', 's2', 's197', 's198', 's199'],
      alertCount: 200,
      deviceIds: ['smoke-far'],
      domains: ['Buildings'],
      links: [{ kind: 'same-device', via: 'smoke-far', alertIds: ['s0', 's1'] }],
      probability: 0.9,
    });
  });

  it('shares unchanged lists between snapshots instead of copying them per alert', () => {
    const c = correlator();
    c.add(alert('a1', 'cam-1', 0));
    const before = c.add(alert('a2', 'plc-1', 1)).incident;
    const after = c.add(alert('a3', 'cam-1', 2)).incident;
    expect([after.deviceIds === before.deviceIds, after.domains === before.domains, after.alertIds.length, after.links.length]).toEqual([true, true, 3, 2]);
    // Another alert on a known device, joined by an already kept (kind, via): both lists are shared again.
    const next = c.add(alert('a4', 'cam-1', 3)).incident;
    expect([next.links === after.links, next.deviceIds === after.deviceIds]).toEqual([true, true]);
  });

  it('keeps at most maxLinks links and rejects non-positive caps', () => {
    const c = createIncidentCorrelator({ projection: smallCity(), windowMs: 10 * 60_000, maxLinks: 2 });
    c.add(alert('a1', 'cam-1', 0));
    c.add(alert('a2', 'plc-1', 1));
    c.add(alert('a3', 'cam-1', 2));
    const update = c.add(alert('a4', 'lvl-1', 3));
    expect(update.incident.links).toEqual([
      { kind: 'shared-gateway', via: SHARED_GATEWAY_ID, alertIds: ['a1', 'a2'] },
      { kind: 'same-device', via: 'cam-1', alertIds: ['a1', 'a3'] },
    ]);
    expect(update.incident.alertCount).toBe(4);
    const codes = [{ keepAlertIds: 0 }, { maxLinks: 1.5 }, { maxFutureSkewMs: -1 }].map((bad) => {
      try {
        createIncidentCorrelator({ projection: smallCity(), windowMs: 60_000, ...bad });
      } catch (error) {
        return isEngineError(error) ? [error.code, error.details?.['field']] : 'not an EngineError';
      }
      return 'accepted';
    });
    expect(codes).toEqual([
      ['CG_CORRELATION_OPTIONS_INVALID', 'keepAlertIds'],
      ['CG_CORRELATION_OPTIONS_INVALID', 'maxLinks'],
      ['CG_CORRELATION_OPTIONS_INVALID', 'maxFutureSkewMs'],
    ]);
  });
});
