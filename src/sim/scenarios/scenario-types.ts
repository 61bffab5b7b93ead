import type { Random } from '../../core/index.js';
import type { DeviceRecord } from '../batch-writer.js';
import type { CityIndex } from '../index-city.js';
import type { SimDomain } from '../kinds.js';
import { INTERSECTIONS_PER_CORRIDOR } from '../city-layout.js';
import type { LabelledEvent, SecurityAction } from '../telemetry/sim-events.js';
import type { TelemetryEffect } from '../telemetry/telemetry-effects.js';

/** One stage of a scenario, with the ATT&CK for ICS techniques it uses (ids as in attack.mitre.org). */
export interface ScenarioStage {
  readonly name: string;
  readonly description: string;
  readonly techniques: readonly string[];
  /** ISO 8601 UTC. */
  readonly start: string;
  readonly end: string;
  readonly assets: readonly string[];
  readonly domains: readonly SimDomain[];
}

/** What a scenario builder returns before the run merges it with normal telemetry. */
export interface ScenarioPlan {
  readonly stages: readonly ScenarioStage[];
  readonly effects: readonly TelemetryEffect[];
  /** Injected security events, each labelled. */
  readonly injected: readonly LabelledEvent[];
  /** Assets the attacker (or fault) acts on directly. */
  readonly attackedAssets: readonly string[];
  /** Devices that feel the consequence (silenced, consequence-labelled readings). */
  readonly affectedDevices: readonly string[];
  readonly impactedServices: readonly string[];
}

/** Shared inputs of every scenario builder. */
export interface ScenarioContext {
  readonly index: CityIndex;
  readonly rng: Random;
  /** Epoch ms of the telemetry start and its length. */
  readonly start: number;
  readonly end: number;
  readonly stepMs: number;
  readonly byId: ReadonlyMap<string, DeviceRecord>;
}

export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;

export function iso(time: number): string {
  return new Date(time).toISOString();
}

/** The device record of an id, or a programmer error (the ids are formulaic). */
export function device(ctx: ScenarioContext, id: string): DeviceRecord {
  const record = ctx.byId.get(id);
  if (record === undefined) throw new RangeError(`scenario names unknown device ${id}`);
  return record;
}

/** A labelled injected security event. */
export function securityEvent(
  record: DeviceRecord,
  action: SecurityAction,
  time: number,
  stage: string,
  extra: { readonly count?: number; readonly peer?: string } = {},
): LabelledEvent {
  return {
    event: {
      type: 'security',
      id: `atk-${stage}-${record.id}-${action}-${time}`,
      time: iso(time),
      deviceId: record.id,
      kind: record.kind,
      domain: record.domain,
      action,
      count: extra.count ?? 1,
      ...(extra.peer === undefined ? {} : { peer: extra.peer }),
    },
    label: { label: 'malicious', stage },
  };
}

/** An address in TEST-NET-3 (RFC 5737): the attacker's infrastructure. */
export function attackerPeer(rng: Random): string {
  return `203.0.113.${rng.int(2, 254)}`;
}

/** Deterministic sample of k items (partial Fisher–Yates). */
export function sample<T>(rng: Random, items: readonly T[], k: number): T[] {
  const copy = [...items];
  const n = Math.min(k, copy.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(rng.next() * (copy.length - i));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy.slice(0, n);
}

/** Services of the corridors whose intersections are listed (`int-<i>` → `svc-traffic-<i/10>`). */
export function trafficServicesOf(sites: Iterable<string>): string[] {
  const services = new Set<string>();
  for (const site of sites) {
    const match = /^int-(\d+)$/.exec(site);
    if (match !== null) services.add(`svc-traffic-${Math.floor(Number(match[1]) / INTERSECTIONS_PER_CORRIDOR)}`);
  }
  return [...services].sort();
}

/**
 * Services that lose control or view when these devices go dark: the corridor
 * of a traffic controller, the water district of a PLC (see README "Model").
 */
export function servicesOfDevices(devices: readonly DeviceRecord[]): string[] {
  const sites = devices.filter((d) => d.kind === 'Rtu').map((d) => d.site ?? '');
  const districts = devices.filter((d) => d.kind === 'Plc' && d.site !== undefined).map((d) => `svc-water-${(d.site ?? 'w0').slice(1)}`);
  return [...new Set([...trafficServicesOf(sites), ...districts])].sort();
}

export function mergePlans(plans: readonly ScenarioPlan[]): ScenarioPlan {
  const uniq = (f: (p: ScenarioPlan) => readonly string[]): string[] => [...new Set(plans.flatMap(f))];
  return {
    stages: plans.flatMap((p) => p.stages),
    effects: plans.flatMap((p) => p.effects),
    injected: plans.flatMap((p) => p.injected),
    attackedAssets: uniq((p) => p.attackedAssets),
    affectedDevices: uniq((p) => p.affectedDevices),
    impactedServices: uniq((p) => p.impactedServices).sort(),
  };
}
