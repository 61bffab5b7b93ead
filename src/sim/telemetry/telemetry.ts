import { hash3 } from '../city-grid.js';
import type { DeviceRecord } from '../batch-writer.js';
import { CTOWN_PRESSURE_ATTACHMENT, CTOWN_STATIONS } from '../ctown-template.js';
import { QUANTITY_MODELS, type ReadingContext } from './observation-models.js';
import type { LabelledEvent, SimEvent } from './sim-events.js';
import { securityNoise } from './security-noise.js';
import { active, applyValueEffect, indexEffects, type EffectIndex, type TelemetryEffect } from './telemetry-effects.js';
import { WaterDistrictModel } from './water-model.js';

export interface TelemetryOptions {
  /** The devices to report for (e.g. `indexCity(city).devices` or a slice of it). */
  readonly devices: readonly DeviceRecord[];
  /** ISO 8601 start; default 2026-01-05T00:00:00.000Z (a Monday). */
  readonly start?: string;
  readonly hours?: number;
  readonly stepMinutes?: number;
  readonly seed?: number;
  /** Scenario changes to what devices report (see TelemetryEffect). */
  readonly effects?: readonly TelemetryEffect[];
  /** Background security counters (failed logins, new peers, firmware changes). Default true. */
  readonly securityNoise?: boolean;
}

export const DEFAULT_TELEMETRY_START = '2026-01-05T00:00:00.000Z';

/** FNV-1a of a string: per-device noise streams independent of which devices are listed. */
export function hashString(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

interface Prepared {
  readonly device: DeviceRecord;
  readonly key: number;
  readonly siteFactor: number;
}

/** Elements of a district a forced actuator disturbs: itself, its flow and pressure sensors, the tank it fills. */
function disturbed(element: string): ReadonlySet<string> {
  const tank = CTOWN_STATIONS.find((s) => s.pumps.includes(element))?.fills ?? (element === 'V2' ? 'T2' : undefined);
  const pressure = Object.entries(CTOWN_PRESSURE_ATTACHMENT).filter(([, a]) => a === element).map(([j]) => j);
  return new Set([element, `${element}F`, ...(tank === undefined ? [] : [tank]), ...pressure]);
}

function forceLabel(effects: EffectIndex, device: DeviceRecord, time: number): LabelledEvent['label'] {
  for (const force of effects.forces) {
    if (force.site === device.site && active(force, time) && disturbed(force.element).has(device.element ?? '')) {
      return { label: 'malicious', stage: force.stage };
    }
  }
  return undefined;
}

function* readDevice(p: Prepared, ctx: ReadingContext, time: number, iso: string, step: number, effects: EffectIndex): Generator<LabelledEvent> {
  const { device } = p;
  const valueEffects = effects.values.get(device.id) ?? [];
  for (const model of QUANTITY_MODELS[device.kind]) {
    let value = Math.round(model.read(ctx) * 1000) / 1000;
    let label = device.site?.startsWith('w') === true ? forceLabel(effects, device, time) : undefined;
    for (const effect of valueEffects) {
      if ((effect.quantity === undefined || effect.quantity === model.quantity) && active(effect, time)) {
        value = applyValueEffect(value, effect, time);
        label = { label: effect.label, stage: effect.stage };
      }
    }
    const event: SimEvent = {
      type: 'observation',
      id: `obs-${device.id}-${model.quantity}-${step}`,
      time: iso,
      deviceId: device.id,
      kind: device.kind,
      domain: device.domain,
      quantity: model.quantity,
      value,
      unit: model.unit,
    };
    yield label === undefined ? { event } : { event, label };
  }
}

/**
 * Observations and background security counters for the devices, step by step
 * (time-ordered; within a step in device order). Physical coupling: C-Town
 * districts run a {@link WaterDistrictModel}; both loops of an intersection
 * read the same vehicle flow. Noise is a hash of (seed, device, step), so a
 * scenario's effects never shift the noise of untouched devices.
 */
export function* labelledTelemetry(options: TelemetryOptions): Generator<LabelledEvent> {
  const start = Date.parse(options.start ?? DEFAULT_TELEMETRY_START);
  const stepMs = (options.stepMinutes ?? 15) * 60_000;
  const steps = Math.round(((options.hours ?? 24) * 3_600_000) / stepMs);
  const seed = options.seed ?? 1;
  const effects = indexEffects(options.effects ?? []);
  const prepared: Prepared[] = options.devices.map((device) => ({
    device,
    key: hashString(device.id),
    siteFactor: 0.7 + (0.6 * (hash3(seed, 7, hashString(device.site ?? device.id)) % 1000)) / 1000,
  }));
  const water = new Map<string, WaterDistrictModel>();
  for (const { device } of prepared) if (device.site?.startsWith('w') === true && !water.has(device.site)) water.set(device.site, new WaterDistrictModel());
  for (let step = 0; step < steps; step++) {
    const time = start + step * stepMs;
    const iso = new Date(time).toISOString();
    const hour = (time / 3_600_000) % 24;
    for (const [site, model] of water) {
      const forced = new Map(effects.forces.filter((f) => f.site === site && active(f, time)).map((f) => [f.element, f.state] as const));
      model.step(hour, stepMs / 3_600_000, forced);
    }
    for (const p of prepared) {
      if ((effects.silences.get(p.device.id) ?? []).some((s) => active(s, time))) continue;
      let draw = 0;
      const noise = (): number => {
        draw++;
        const u = (hash3(seed ^ p.key, draw, step) + 1) / 4294967297;
        const v = hash3(seed ^ p.key, draw + 1000, step) / 4294967296;
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
      };
      const ctx: ReadingContext = { device: p.device, hour, noise, water: water.get(p.device.site ?? ''), siteFactor: p.siteFactor };
      yield* readDevice(p, ctx, time, iso, step, effects);
      if (options.securityNoise !== false) for (const event of securityNoise(p.device, p.key, seed, step, iso)) yield { event };
    }
  }
}

/** {@link labelledTelemetry} without the labels: what a detector sees. */
export function* telemetry(options: TelemetryOptions): Generator<SimEvent> {
  for (const { event } of labelledTelemetry(options)) yield event;
}
