import { describe, expect, it } from 'vitest';
import { isEngineError } from '../../core/index.js';
import type { ObservationEvent, SecurityEvent } from '../../sim/index.js';
import { fitSeriesPriors } from './series-priors.js';
import { LIVE_FEATURE_NAMES, StreamingSimFeatures } from './streaming-sim-features.js';

const T0 = Date.parse('2026-01-05T00:00:00.000Z');
const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();

function reading(deviceId: string, minutes: number, value: number): ObservationEvent {
  return { type: 'observation', id: `${deviceId}-${minutes}`, time: at(minutes), deviceId, kind: 'LevelSensor', domain: 'Water', quantity: 'level', value, unit: 'm' };
}

function login(deviceId: string, minutes: number, count: number): SecurityEvent {
  return { type: 'security', id: `${deviceId}-login-${minutes}`, time: at(minutes), deviceId, kind: 'Plc', domain: 'Water', action: 'failedLogin', count };
}

const col = (name: string): number => LIVE_FEATURE_NAMES.indexOf(name);

describe('StreamingSimFeatures', () => {
  const priors = new Map([['LevelSensor|level', { mean: 3, sd: 0.5, rateSd: 0.1 }]]);

  it('uses the kind prior until the series has minReadings, then its own unflagged statistics', () => {
    const f = new StreamingSimFeatures({ priors, minReadings: 2 });
    const row = new Float64Array(LIVE_FEATURE_NAMES.length);
    f.commit(f.features(reading('l1', 0, 4), row), false);
    expect([row[col('value:z')], row[col('rate:z')]]).toEqual([2, 0]);
    f.commit(f.features(reading('l1', 15, 4.2), row), false);
    expect(row[col('value:z')]).toBeCloseTo(2.4, 12);
    expect(row[col('rate:z')]).toBeCloseTo(2, 12);
    // Own statistics now: mean 4.1, sd 0.1 (population), change RMS 0.2.
    const flagged = f.features(reading('l1', 30, 9), row);
    expect(row[col('value:z')]).toBeCloseTo(49, 9);
    expect(row[col('rate:z')]).toBeCloseTo(24, 9);
    f.commit(flagged, true);
    f.features(reading('l1', 45, 4.1), row);
    expect(row[col('value:z')]).toBeCloseTo(0, 9);
    expect(row[col('rate:z')]).toBeCloseTo((4.1 - 9) / 0.2, 9);
  });

  it('measures deviation from the latest readings of same-kind peers in the zone', () => {
    const f = new StreamingSimFeatures({ priors, minReadings: 100, zoneOf: (id) => (id === 'far' ? 'zone-b' : 'zone-a') });
    const row = new Float64Array(LIVE_FEATURE_NAMES.length);
    f.features(reading('a', 0, 3), row);
    expect(row[col('peer:z')]).toBe(0);
    f.features(reading('b', 0, 4), row);
    expect(row[col('peer:z')]).toBeCloseTo(2, 12);
    f.features(reading('far', 0, 5), row);
    expect(row[col('peer:z')]).toBe(0);
    f.features(reading('c', 0, 2), row);
    expect(row[col('peer:z')]).toBeCloseTo(-2 - (0 + 2) / 2, 12);
  });

  it('sums security counters over the sliding window, this event included', () => {
    const f = new StreamingSimFeatures({ priors, securityWindowMs: 60 * 60_000 });
    const row = new Float64Array(LIVE_FEATURE_NAMES.length);
    f.features(login('plc', 0, 2), row);
    expect([row[col('security')], row[col('sec:failedLogin')]]).toEqual([1, 2]);
    f.features(login('plc', 30, 3), row);
    expect(row[col('sec:failedLogin')]).toBe(5);
    f.features(login('plc', 60, 1), row);
    expect(row[col('sec:failedLogin')]).toBe(4);
    f.features({ ...reading('plc', 100, 3), kind: 'Plc' }, row);
    expect([row[col('security')], row[col('sec:failedLogin')]]).toEqual([0, 1]);
  });
});

describe('an event whose time does not parse', () => {
  function rejection(f: () => unknown): unknown {
    try {
      f();
    } catch (error) {
      return isEngineError(error) ? { code: error.code, details: error.details } : 'not an EngineError';
    }
    return 'accepted';
  }

  it('is rejected with CG_LIVE_EVENT_INVALID naming the event and `time`, and leaves the security window alone', () => {
    const f = new StreamingSimFeatures({ priors: new Map(), securityWindowMs: 60 * 60_000 });
    const row = new Float64Array(LIVE_FEATURE_NAMES.length);
    const bad = { ...login('plc', 0, 1), id: 'bad-1', time: 'yesterday-ish' };
    expect(rejection(() => f.features(bad, row))).toEqual({
      code: 'CG_LIVE_EVENT_INVALID',
      details: { eventId: 'bad-1', field: 'time', value: 'yesterday-ish' },
    });
    const sums: number[] = [];
    for (let h = 0; h < 48; h++) {
      f.features(login('plc', h * 60, 1), row);
      sums.push(row[col('sec:failedLogin')] as number);
    }
    // 48 hourly logins with a 1-hour window: each sees only itself (a NaN head would never expire: 49 at the end).
    expect(sums).toEqual(Array.from({ length: 48 }, () => 1));
    expect([row[col('hour:sin')], row[col('hour:cos')]].every(Number.isFinite)).toBe(true);
  });
});

describe('physics:deviation (C-Town level rules)', () => {
  const devices: Record<string, { site: string; element: string }> = {
    'w0-L_T3': { site: 'w0', element: 'T3' },
    'w0-PU4': { site: 'w0', element: 'PU4' },
    'w1-PU4': { site: 'w1', element: 'PU4' },
  };
  const f = new StreamingSimFeatures({ priors: new Map(), elementOf: (id) => devices[id] });
  const row = new Float64Array(LIVE_FEATURE_NAMES.length);
  const status = (deviceId: string, minutes: number, value: number): ObservationEvent => ({
    ...reading(deviceId, minutes, value),
    kind: 'Pump',
    quantity: 'status',
    unit: '',
  });

  it('compares a pump status with the state its tank level demands, per district', () => {
    f.features(status('w0-PU4', 0, 0), row);
    expect(row[col('physics:deviation')]).toBe(0);
    f.features(reading('w0-L_T3', 0, 2.5), row);
    const context = f.features(status('w0-PU4', 1, 0), row);
    expect(row[col('physics:deviation')]).toBe(-1);
    expect(context.physics).toEqual({ rule: { actuator: 'PU4', tank: 'T3', onBelow: 3, offAbove: 5.3 }, level: 2.5, expected: 1 });
    f.features(status('w1-PU4', 1, 0), row);
    expect(row[col('physics:deviation')]).toBe(0);
    f.features(reading('w0-L_T3', 15, 4), row);
    f.features(status('w0-PU4', 16, 0), row);
    expect(row[col('physics:deviation')]).toBe(0);
    f.features(reading('w0-L_T3', 30, 5.5), row);
    f.features(status('w0-PU4', 31, 1), row);
    expect(row[col('physics:deviation')]).toBe(1);
  });

  it('stops trusting a tank level older than maxLevelAgeMs (a silent level sensor), either side of the reading', () => {
    const g = new StreamingSimFeatures({ priors: new Map(), elementOf: (id) => devices[id], maxLevelAgeMs: 60 * 60_000 });
    g.features(reading('w0-L_T3', 100, 2.5), row);
    expect(g.features(status('w0-PU4', 160, 0), row).physics).toEqual({ rule: { actuator: 'PU4', tank: 'T3', onBelow: 3, offAbove: 5.3 }, level: 2.5, expected: 1 });
    expect(row[col('physics:deviation')]).toBe(-1);
    const stale = g.features(status('w0-PU4', 161, 0), row);
    expect(stale.physics).toBeUndefined();
    expect(row[col('physics:deviation')]).toBe(0);
    expect(g.features(status('w0-PU4', 39, 0), row).physics).toBeUndefined();
    expect(g.features(status('w0-PU4', 40, 0), row).physics?.level).toBe(2.5);
  });
});

describe('fitSeriesPriors', () => {
  it('pools readings per (kind, quantity) and the RMS of changes within each device', () => {
    const priors = fitSeriesPriors([reading('a', 0, 1), reading('a', 15, 3), reading('b', 0, 5), reading('b', 15, 7), login('plc', 0, 1)]);
    expect([...priors]).toEqual([['LevelSensor|level', { mean: 4, sd: Math.sqrt(5), rateSd: 2 }]]);
  });
});
