import type { DeviceRecord } from '../batch-writer.js';
import { CTOWN_PRESSURE_ATTACHMENT } from '../ctown-template.js';
import type { SimDeviceKind } from '../kinds.js';
import { loadProfile, pm25Profile, temperatureProfile, trafficProfile } from './daily-patterns.js';
import { actuatorFlow, type WaterDistrictModel } from './water-model.js';

/** What a reading function may use: the time of day, seeded noise, the physical state of its site. */
export interface ReadingContext {
  readonly device: DeviceRecord;
  readonly hour: number;
  /** Standard normal draw, deterministic per (device, step, quantity). */
  readonly noise: () => number;
  /** The C-Town district model when the device belongs to one. */
  readonly water: WaterDistrictModel | undefined;
  /** Per-site busyness multiplier in [0.7, 1.3] (the same for all devices of an intersection). */
  readonly siteFactor: number;
}

export interface QuantityModel {
  readonly quantity: string;
  readonly unit: string;
  readonly read: (ctx: ReadingContext) => number;
}

const q = (quantity: string, unit: string, read: (ctx: ReadingContext) => number): QuantityModel => ({ quantity, unit, read });

/** Vehicles per hour through an intersection approach: one value per site, so both loops agree. */
function vehicleFlow(ctx: ReadingContext): number {
  return 900 * trafficProfile(ctx.hour) * ctx.siteFactor;
}

function element(ctx: ReadingContext): string {
  return ctx.device.element ?? '';
}

/** Pumps and V2 follow the district model; the PRVs (v1, V45, V47) are always open. */
function waterOn(ctx: ReadingContext, actuator: string): boolean {
  if (/^PU\d+$/.test(actuator) || actuator === 'V2') return ctx.water?.isOn(actuator) ?? false;
  return true;
}

const level = q('level', 'm', (ctx) => (ctx.water?.level(element(ctx)) ?? 3) + 0.01 * ctx.noise());
const flow = q('flow', 'L/s', (ctx) => {
  const actuator = element(ctx).slice(0, -1);
  return waterOn(ctx, actuator) ? actuatorFlow(actuator) * (1 + 0.02 * ctx.noise()) : Math.abs(0.2 * ctx.noise());
});
const pressure = q('pressure', 'm', (ctx) => {
  const actuator = CTOWN_PRESSURE_ATTACHMENT[element(ctx)] ?? '';
  return 28 + (waterOn(ctx, actuator) ? 12 : 0) + 0.3 * ctx.noise();
});
const status = q('status', '1', (ctx) => (ctx.device.site?.startsWith('w') === true ? (waterOn(ctx, element(ctx)) ? 1 : 0) : 1));

/**
 * The quantities each device kind reports and how each is computed. Controllers
 * report their scan time; cameras their outbound stream rate (a botnet shows
 * here); actuators their status. Speakers report nothing but security counters.
 */
export const QUANTITY_MODELS: Readonly<Record<SimDeviceKind, readonly QuantityModel[]>> = {
  Camera: [q('outboundTraffic', 'kbit/s', (ctx) => 2000 + 120 * ctx.noise())],
  GeomagneticSensor: [
    q('vehicleCount', 'veh/h', (ctx) => (ctx.device.site === undefined ? 0 : Math.max(0, vehicleFlow(ctx) * (1 + 0.05 * ctx.noise())))),
    q('occupancy', '%', (ctx) => {
      const base = ctx.device.site === undefined ? 35 + 45 * trafficProfile((ctx.hour + 1) % 24) : 3 + vehicleFlow(ctx) / 14;
      return Math.min(100, Math.max(0, base + 1.5 * ctx.noise()));
    }),
  ],
  AirQualitySensor: [q('pm2_5', 'ug/m3', (ctx) => Math.max(0, pm25Profile(ctx.hour) * ctx.siteFactor + 1.5 * ctx.noise()))],
  SmokeDetector: [q('obscuration', '%/m', (ctx) => Math.abs(0.01 * ctx.noise()))],
  TemperatureSensor: [
    q('temperature', 'Cel', (ctx) => (ctx.device.site === undefined ? temperatureProfile(ctx.hour) : 21) + 0.3 * ctx.noise()),
  ],
  SmartMeter: [q('activePower', 'kW', (ctx) => Math.max(0, (ctx.device.site === undefined ? 1.2 : 40) * loadProfile(ctx.hour) * ctx.siteFactor * (1 + 0.05 * ctx.noise())))],
  RfidReader: [q('reads', 'count', (ctx) => Math.max(0, Math.round(60 * trafficProfile(ctx.hour) * ctx.siteFactor + 3 * ctx.noise())))],
  FlowSensor: [flow],
  LevelSensor: [level],
  PressureSensor: [pressure],
  TrafficSignal: [status],
  Pump: [status],
  Valve: [status],
  Breaker: [status],
  Speaker: [],
  Drone: [q('battery', '%', (ctx) => Math.min(100, Math.max(0, 80 + 5 * ctx.noise())))],
  Plc: [q('scanTime', 'ms', (ctx) => 10 + 0.5 * ctx.noise())],
  Rtu: [q('scanTime', 'ms', (ctx) => 20 + ctx.noise())],
  Gateway: [q('throughput', 'Mbit/s', (ctx) => Math.max(0, 40 * loadProfile(ctx.hour) * (1 + 0.05 * ctx.noise())))],
};
