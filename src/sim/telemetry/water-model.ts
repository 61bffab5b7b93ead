import { CTOWN_CONTROLS, CTOWN_STATIONS, CTOWN_TANKS } from '../ctown-template.js';
import { demandProfile } from './daily-patterns.js';

/** Pumps/valves that fill each tank (PU3 and PU9 have no rule: manual, normally off). */
const FILLERS: ReadonlyMap<string, readonly string[]> = new Map([
  ...CTOWN_STATIONS.map((s) => [s.fills, s.pumps] as const),
  ['T2', ['V2']],
]);

/** Initial statuses from ctown_pumps.csv / ctown_valves.csv. */
const INITIALLY_ON: ReadonlySet<string> = new Set(['PU2']);

/** Pump flow (L/s) when running: fills its tank by ~15 % of its height per hour. */
export function actuatorFlow(actuator: string): number {
  for (const [tank, fillers] of FILLERS) {
    if (!fillers.includes(actuator)) continue;
    const spec = CTOWN_TANKS.find((t) => t.id === tank);
    if (spec === undefined) return 0;
    const area = Math.PI * (spec.diameter / 2) ** 2;
    return Math.round(((area * spec.maxLevel * 0.15) / 3.6) * 10) / 10;
  }
  return 0;
}

/**
 * One C-Town district's tanks and pumps, stepped in time. Each step applies the
 * EPANET level rules (ctown_controls.csv) with their hysteresis, then any
 * forced actuator state (a manipulated PLC), then the mass balance: level
 * rises by the running pumps' inflow and falls with the daily demand.
 */
export class WaterDistrictModel {
  readonly levels = new Map<string, number>();
  readonly on = new Map<string, boolean>();

  constructor() {
    for (const tank of CTOWN_TANKS) this.levels.set(tank.id, tank.initLevel);
    for (const fillers of FILLERS.values()) for (const a of fillers) this.on.set(a, INITIALLY_ON.has(a));
  }

  /** Advances by `hours`; `forced` maps actuator → state for this step. */
  step(hour: number, hours: number, forced: ReadonlyMap<string, boolean>): void {
    for (const rule of CTOWN_CONTROLS) {
      const level = this.levels.get(rule.tank) ?? 0;
      const hit = rule.comparison === 'BELOW' ? level < rule.threshold : level > rule.threshold;
      if (hit) this.on.set(rule.actuator, rule.status === 'OPEN');
    }
    for (const [actuator, state] of forced) this.on.set(actuator, state);
    for (const tank of CTOWN_TANKS) {
      const area = Math.PI * (tank.diameter / 2) ** 2;
      const fillers = FILLERS.get(tank.id) ?? [];
      const inflow = fillers.reduce((sum, a) => sum + (this.on.get(a) === true ? actuatorFlow(a) * 3.6 : 0), 0);
      const demand = fillers.length === 0 ? 0 : area * tank.maxLevel * 0.08 * demandProfile(hour);
      const next = (this.levels.get(tank.id) ?? 0) + ((inflow - demand) / area) * hours;
      this.levels.set(tank.id, Math.min(tank.maxLevel, Math.max(0, next)));
    }
  }

  isOn(actuator: string): boolean {
    return this.on.get(actuator) === true;
  }

  level(tank: string): number {
    return this.levels.get(tank) ?? 0;
  }
}
