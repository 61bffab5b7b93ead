import { createPageHinkley, updatePageHinkley, type PageHinkleyParams, type PageHinkleyState } from './page-hinkley.js';

/**
 * Trust per sensor in [floor, 1], lowered by drift instead of alarming forever
 * (issue 6 item 4): each Page–Hinkley alarm multiplies the sensor's trust by
 * `penalty`; every quiet observation recovers it by `recovery` towards 1. The
 * risk engine scales a sensor's evidence by its trust.
 */
export interface SensorTrustParams extends PageHinkleyParams {
  readonly penalty: number;
  readonly recovery: number;
  readonly floor: number;
}

export const DEFAULT_SENSOR_TRUST_PARAMS: SensorTrustParams = {
  delta: 0.005,
  lambda: 50,
  minSamples: 30,
  penalty: 0.5,
  recovery: 0.001,
  floor: 0.05,
};

export interface TrustUpdate {
  readonly sensor: string;
  readonly trust: number;
  readonly drift: 'up' | 'down' | undefined;
}

export interface SensorTrustTracker {
  observe(sensor: string, value: number): TrustUpdate;
  trust(sensor: string): number;
}

export function createSensorTrustTracker(overrides: Partial<SensorTrustParams> = {}): SensorTrustTracker {
  const params = { ...DEFAULT_SENSOR_TRUST_PARAMS, ...overrides };
  const states = new Map<string, { ph: PageHinkleyState; trust: number }>();
  return {
    observe(sensor, value) {
      let entry = states.get(sensor);
      if (!entry) {
        entry = { ph: createPageHinkley(), trust: 1 };
        states.set(sensor, entry);
      }
      const drift = updatePageHinkley(entry.ph, value, params);
      entry.trust = drift
        ? Math.max(params.floor, entry.trust * params.penalty)
        : Math.min(1, entry.trust + params.recovery * (1 - entry.trust));
      return { sensor, trust: entry.trust, drift };
    },
    trust(sensor) {
      return states.get(sensor)?.trust ?? 1;
    },
  };
}
