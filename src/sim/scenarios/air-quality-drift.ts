import { iso, type ScenarioContext, type ScenarioPlan } from './scenario-types.js';

/**
 * A fault, not an attack: one street air-quality sensor's PM2.5 reading drifts
 * upward by 1.2 µg/m³ per hour (ageing optics). No technique; detectors should
 * flag it as an anomaly and the policy should route it to maintenance.
 */
export function airQualityDrift(ctx: ScenarioContext, at: number): ScenarioPlan {
  const sensors = ctx.index.devices.filter((d) => d.kind === 'AirQualitySensor');
  const sensor = sensors[ctx.rng.int(0, sensors.length - 1)];
  if (sensor === undefined) throw new RangeError('the city has no air-quality sensor');
  const number = Number(sensor.id.slice('aq-'.length));
  const service = `svc-air-${number % ctx.index.layout.airQualityServices}`;
  return {
    stages: [
      { name: 'sensor-drift', description: `PM2.5 of ${sensor.id} drifts +1.2 ug/m3 per hour`, techniques: [], start: iso(at), end: iso(ctx.end), assets: [sensor.id], domains: ['Environment'] },
    ],
    effects: [{ type: 'value', deviceIds: [sensor.id], quantity: 'pm2_5', mode: 'ramp', amount: 1.2, from: at, to: ctx.end, label: 'fault', stage: 'sensor-drift' }],
    injected: [],
    attackedAssets: [sensor.id],
    affectedDevices: [],
    impactedServices: [service],
  };
}
