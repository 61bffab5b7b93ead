import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BATADAL_TAGS, readBatadalFrame, type BatadalFrame } from '../evaluation/batadal-data.js';
import { CTOWN_TANK_BALANCES, fitHydraulicNormalModel, hourOfDay, hydraulicResiduals, impliedDemand } from './ctown-hydraulics.js';
import { cusum } from './cusum.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../../../fixtures/datasets/batadal/${name}`, import.meta.url));

/** A frame of `rows` hours with every tag 0 except the given columns. */
function frameOf(rows: number, set: Record<string, number[]>): BatadalFrame {
  const columns = new Map(BATADAL_TAGS.map((t) => [t, Float64Array.from(set[t] ?? new Array<number>(rows).fill(0))]));
  const times = Array.from({ length: rows }, (_, r) => `01/01/17 ${String(r % 24).padStart(2, '0')}`);
  return { file: 'synthetic', times, columns, rows };
}

describe('C-Town hydraulics', () => {
  it('balances each tank against the stations that fill it and those drawing from its zone', () => {
    expect(CTOWN_TANK_BALANCES.map((b) => [b.tank, b.inflows, b.outflows, Math.round(b.area)])).toEqual([
      ['T1', ['PU1', 'PU2', 'PU3'], ['V2', 'PU8', 'PU9', 'PU10', 'PU11'], 769],
      ['T2', ['V2'], ['PU4', 'PU5', 'PU6', 'PU7'], 339],
      ['T3', ['PU4', 'PU5'], [], 148],
      ['T4', ['PU6', 'PU7'], [], 106],
      ['T5', ['PU8', 'PU9'], [], 111],
      ['T6', [], [], 54],
      ['T7', ['PU10', 'PU11'], [], 40],
    ]);
  });

  it('reads the hour of day of a BATADAL time and refuses anything else', () => {
    expect(['14/09/16 03', '04/01/17 00', '04/01/17 23', '04/01/17 24', '17', 'x'].map(hourOfDay)).toEqual([3, 0, 23, Number.NaN, Number.NaN, Number.NaN]);
  });

  it('finds no demand when a tank rises exactly by its inflow (A·ΔL = 3.6·Q)', () => {
    const t3 = CTOWN_TANK_BALANCES.find((b) => b.tank === 'T3');
    const rise = (3.6 * 10) / (t3?.area as number);
    const frame = frameOf(3, { L_T3: [1, 1 + rise, 1 + 2 * rise], F_PU4: [10, 10, 10] });
    const demand = impliedDemand(frame, t3 as (typeof CTOWN_TANK_BALANCES)[number]);
    expect(Number.isNaN(demand[0])).toBe(true);
    expect([demand[1], demand[2]].map((d) => Math.abs(d as number) < 1e-9)).toEqual([true, true]);
  });

  it('fits on normal hours: unit residual scale, evidence never above 1, the rarely running pumps listed', () => {
    const normal = readBatadalFrame(fixture('training1-slice.csv'), true);
    const model = fitHydraulicNormalModel(normal);
    expect(model.rare).toEqual(['PU3', 'PU5', 'PU6', 'PU9', 'PU11']);
    expect(model.pumps.map((p) => p.pump)).toEqual(['PU1', 'PU2', 'PU4', 'PU7', 'PU8', 'PU10', 'V2']);
    const h = hydraulicResiduals(normal, model);
    for (const z of h.tankZ.values()) {
      const rms = Math.sqrt(z.subarray(1).reduce((s, v) => s + v * v, 0) / (z.length - 1));
      expect(rms).toBeCloseTo(1, 9);
    }
    expect(Math.max(...h.evidence)).toBeCloseTo(1, 12);
    expect([...h.mismatch.values()].every((m) => m.every((v) => v === 0))).toBe(true);
    expect(h.rareOn.every((v) => v === 0)).toBe(true);
  });

  it('flags a pump whose flow contradicts its status and counts rare pumps running', () => {
    const normal = readBatadalFrame(fixture('training1-slice.csv'), true);
    const model = fitHydraulicNormalModel(normal);
    const frame = frameOf(3, { F_PU4: [0, 30, 0], S_PU4: [1, 0, 0], S_PU3: [0, 1, 1], F_PU3: [0, 80, 80] });
    const h = hydraulicResiduals(frame, model);
    expect([...(h.mismatch.get('PU4') as Float64Array)]).toEqual([1, 1, 0]);
    expect([...h.rareOn]).toEqual([0, 1, 1]);
  });
});

describe('CUSUM', () => {
  it('accumulates persistent residuals on either side and decays by the slack', () => {
    expect([...cusum([2, 2, 0, 0, -3, -3, 0], 1)]).toEqual([1, 2, 1, 0, 2, 4, 3]);
  });

  it('clips each residual to ±10 and caps the sum at 50', () => {
    expect([...cusum([100, 100, 100, 100, 100, 100], 0)]).toEqual([10, 20, 30, 40, 50, 50]);
  });
});
