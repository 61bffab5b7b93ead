import { EngineError, createRandom } from '../../core/index.js';
import type { DeviceRecord } from '../batch-writer.js';
import type { CityIndex } from '../index-city.js';
import type { SimDomain } from '../kinds.js';
import type { EventLabel, LabelledEvent, SimEvent } from '../telemetry/sim-events.js';
import type { TelemetryEffect } from '../telemetry/telemetry-effects.js';
import { DEFAULT_TELEMETRY_START, labelledTelemetry } from '../telemetry/telemetry.js';
import { SCENARIOS, SCENARIO_BUILDERS, SCENARIO_NAMES, isScenarioName, type ScenarioName } from './scenario-catalog.js';
import { MINUTE_MS, sample, type ScenarioContext, type ScenarioPlan, type ScenarioStage } from './scenario-types.js';

export interface RunScenarioOptions {
  /** An index built with its devices (`indexCity(city)`). */
  readonly city: CityIndex;
  readonly name: string;
  readonly seed?: number;
  /** ISO 8601 start of the telemetry; default 2026-01-05T00:00:00.000Z. */
  readonly start?: string;
  readonly hours?: number;
  readonly stepMinutes?: number;
  /** Devices reporting besides the scenario's own sites, sampled by seed. Default 200. */
  readonly backgroundDevices?: number;
  /** Hours after `start` when the scenario begins; default 40 % of the run plus up to 30 seeded minutes. */
  readonly atHours?: number;
}

/** Ground truth of a run: what happened, where, when, by which techniques, with what expected impact. */
export interface GroundTruth {
  readonly scenario: ScenarioName;
  readonly kind: 'attack' | 'fault';
  readonly start: string;
  readonly end: string;
  readonly stages: readonly ScenarioStage[];
  /** ATT&CK technique ids of all stages (ICS T08xx; Enterprise ids where ICS has none). */
  readonly techniques: readonly string[];
  readonly domains: readonly SimDomain[];
  readonly attackedAssets: readonly string[];
  readonly affectedDevices: readonly string[];
  readonly impactedServices: readonly string[];
  /** Every non-normal event; all others are normal. */
  readonly labels: readonly { readonly eventId: string; readonly label: EventLabel; readonly stage: string }[];
  readonly effects: readonly TelemetryEffect[];
}

export interface ScenarioRun {
  readonly name: ScenarioName;
  /** The devices that report in this run. */
  readonly devices: readonly DeviceRecord[];
  /** Normal and injected events, time-ordered. */
  readonly events: readonly SimEvent[];
  readonly groundTruth: GroundTruth;
}

function unknownScenario(name: string): EngineError {
  return new EngineError('CG_SCENARIO_UNKNOWN', `Unknown scenario "${name}". Valid scenarios: ${SCENARIO_NAMES.join(', ')}.`, {
    details: { name, valid: [...SCENARIO_NAMES] },
  });
}

/** The scenario's devices, every device of the same sites, and a seeded background sample, in city order. */
function reportingDevices(index: CityIndex, plan: ScenarioPlan, background: number, seed: number): DeviceRecord[] {
  const focus = new Set([...plan.attackedAssets, ...plan.affectedDevices, ...plan.stages.flatMap((s) => s.assets)]);
  const sites = new Set(index.devices.filter((d) => focus.has(d.id) && d.site !== undefined).map((d) => d.site));
  for (const d of index.devices) if (d.site !== undefined && sites.has(d.site)) focus.add(d.id);
  for (const d of sample(createRandom(seed).fork('background'), index.devices, background)) focus.add(d.id);
  return index.devices.filter((d) => focus.has(d.id));
}

function groundTruth(name: ScenarioName, plan: ScenarioPlan, events: readonly LabelledEvent[]): GroundTruth {
  const starts = plan.stages.map((s) => s.start).sort();
  const ends = plan.stages.map((s) => s.end).sort();
  const info = SCENARIOS.find((s) => s.name === name);
  return {
    scenario: name,
    kind: info?.kind ?? 'attack',
    start: starts[0] ?? '',
    end: ends[ends.length - 1] ?? '',
    stages: plan.stages,
    techniques: [...new Set(plan.stages.flatMap((s) => s.techniques))].sort(),
    domains: [...new Set(plan.stages.flatMap((s) => s.domains))].sort(),
    attackedAssets: plan.attackedAssets,
    affectedDevices: plan.affectedDevices,
    impactedServices: plan.impactedServices,
    labels: events.flatMap((e) => (e.label === undefined ? [] : [{ eventId: e.event.id, ...e.label }])),
    effects: plan.effects,
  };
}

/**
 * Runs a named scenario over the city: normal telemetry of the devices
 * involved plus a background sample, with the scenario's effects and injected
 * security events, and its ground truth. Deterministic by seed.
 * @throws EngineError CG_SCENARIO_UNKNOWN for a name not in {@link SCENARIOS}.
 */
export function runScenario(options: RunScenarioOptions): ScenarioRun {
  const { city, name } = options;
  if (!isScenarioName(name)) throw unknownScenario(name);
  if (city.devices.length === 0) {
    throw new EngineError('CG_ARGUMENT_INVALID', 'runScenario needs a city index with devices (indexCity(city) without devices: false).');
  }
  const seed = options.seed ?? city.options.seed;
  const hours = options.hours ?? 24;
  const stepMs = (options.stepMinutes ?? 15) * MINUTE_MS;
  const start = Date.parse(options.start ?? DEFAULT_TELEMETRY_START);
  const rng = createRandom(seed).fork(`scenario:${name}`);
  const ctx: ScenarioContext = { index: city, rng, start, end: start + hours * 3_600_000, stepMs, byId: new Map(city.devices.map((d) => [d.id, d])) };
  const at = start + Math.round((options.atHours ?? hours * 0.4) * 60 + rng.int(0, options.atHours === undefined ? 30 : 0)) * MINUTE_MS;
  const plan = SCENARIO_BUILDERS[name](ctx, at);
  const devices = reportingDevices(city, plan, options.backgroundDevices ?? 200, seed);
  const labelled = [
    ...labelledTelemetry({ devices, start: new Date(start).toISOString(), hours, stepMinutes: stepMs / MINUTE_MS, seed, effects: plan.effects }),
    ...plan.injected,
  ].sort((a, b) => (a.event.time < b.event.time ? -1 : a.event.time > b.event.time ? 1 : 0));
  return { name, devices, events: labelled.map((e) => e.event), groundTruth: groundTruth(name, plan, labelled) };
}
