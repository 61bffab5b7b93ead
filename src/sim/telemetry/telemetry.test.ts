import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateCity, indexCity, telemetry, type ObservationEvent, type SimEvent } from '../index.js';

const index = indexCity(generateCity({ devices: 5000, seed: 1 }));
const devices = [
  ...index.devices.filter((d) => d.site === 'w0' || d.site === 'int-3'),
  ...index.devices.filter((d) => d.kind === 'Camera').slice(0, 100),
];

function run(seed: number): SimEvent[] {
  return [...telemetry({ devices, hours: 48, stepMinutes: 15, seed })];
}

const events = run(1);
const observations = events.filter((e): e is ObservationEvent => e.type === 'observation');
const series = (deviceId: string, quantity: string): number[] =>
  observations.filter((o) => o.deviceId === deviceId && o.quantity === quantity).map((o) => o.value);

describe('telemetry', () => {
  it('is deterministic by seed and time-ordered', () => {
    const digest = (list: SimEvent[]): string => createHash('sha256').update(JSON.stringify(list)).digest('hex');
    expect(digest(run(1))).toBe(digest(events));
    expect(digest(run(2))).not.toBe(digest(events));
    expect(events.every((e, i) => i === 0 || (events[i - 1]?.time ?? '') <= e.time)).toBe(true);
  });

  it('couples pumps and tanks: T1 rises while PU1 runs and falls while PU1–PU3 are off', () => {
    const level = series('w0-L_T1', 'level');
    const [pu1, pu2, pu3] = ['w0-PU1', 'w0-PU2', 'w0-PU3'].map((id) => series(id, 'status'));
    let rising = 0;
    let falling = 0;
    for (let i = 1; i < level.length; i++) {
      const delta = (level[i] ?? 0) - (level[i - 1] ?? 0);
      const full = (level[i] ?? 0) >= 6.45;
      if (pu1?.[i] === 1 && !full) {
        expect(delta).toBeGreaterThan(0);
        rising++;
      }
      if (pu1?.[i] === 0 && pu2?.[i] === 0 && pu3?.[i] === 0) {
        expect(delta).toBeLessThan(0);
        falling++;
      }
    }
    expect(rising).toBeGreaterThan(10);
    expect(falling).toBeGreaterThan(10);
    expect(Math.min(...level)).toBeGreaterThan(0);
  });

  it('follows the daily traffic pattern, and both loops of an intersection agree', () => {
    const flow = observations.filter((o) => o.deviceId === 'gm-3-1' && o.quantity === 'vehicleCount');
    const at = (hour: string): number => flow.filter((o) => o.time.slice(11, 13) === hour).reduce((s, o) => s + o.value, 0);
    expect(at('08')).toBeGreaterThan(4 * at('03'));
    const a = series('gm-3-1', 'vehicleCount');
    const b = series('gm-3-2', 'occupancy');
    const mean = (x: number[]): number => x.reduce((s, v) => s + v, 0) / x.length;
    const [ma, mb] = [mean(a), mean(b)];
    const cov = a.reduce((s, v, i) => s + (v - ma) * ((b[i] ?? 0) - mb), 0);
    const corr = cov / Math.sqrt(a.reduce((s, v) => s + (v - ma) ** 2, 0) * b.reduce((s, v) => s + (v - mb) ** 2, 0));
    expect(corr).toBeGreaterThan(0.95);
  });

  it('reports background security counters only for devices with a network stack', () => {
    const security = events.filter((e) => e.type === 'security');
    expect(security.length).toBeGreaterThan(0);
    expect(new Set(security.map((e) => e.kind)).has('Pump')).toBe(false);
    const actions = new Set(security.map((e) => (e.type === 'security' ? e.action : 'none')));
    expect([...actions].filter((a) => !['failedLogin', 'newPeer', 'firmwareChange'].includes(a))).toEqual([]);
    expect(actions.has('failedLogin')).toBe(true);
  });
});
