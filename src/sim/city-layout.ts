import { EngineError } from '../core/index.js';
import type { SimDeviceKind, SimDomain } from './kinds.js';

/** Options of {@link generateCity}; every field has a default. */
export interface CityOptions {
  /** Field devices to generate (gateways come on top, about 1 per 150 devices). Default 5,000. */
  readonly devices?: number;
  /** Seed of every random draw; same seed, same city byte for byte. Default 1. */
  readonly seed?: number;
  /** Upper bound of nodes + edges per yielded batch (a unit never splits). Default 10,000. */
  readonly batchSize?: number;
  /** Share of cameras left with factory credentials (`defaultCredentials: true`). Default 0.15. */
  readonly defaultCredentialShare?: number;
}

export type ResolvedCityOptions = Required<CityOptions>;

/** A free-standing device family: kind, domain, id prefix, share of the remaining budget. */
export interface FieldFamily {
  readonly kind: SimDeviceKind;
  readonly domain: SimDomain;
  readonly prefix: string;
  readonly share: number;
  /** Whether the device draws grid power (gets `poweredBy` its zone's feeder). */
  readonly powered: boolean;
}

/** Free-standing devices share what the structured units leave of the budget. */
export const FIELD_FAMILIES: readonly FieldFamily[] = [
  { kind: 'Camera', domain: 'PublicSafety', prefix: 'cam', share: 0.3, powered: true },
  { kind: 'SmartMeter', domain: 'Energy', prefix: 'meter', share: 0.25, powered: true },
  { kind: 'AirQualitySensor', domain: 'Environment', prefix: 'aq', share: 0.12, powered: false },
  { kind: 'TemperatureSensor', domain: 'Environment', prefix: 'temp', share: 0.08, powered: false },
  { kind: 'SmokeDetector', domain: 'Buildings', prefix: 'smoke', share: 0.1, powered: true },
  { kind: 'Speaker', domain: 'PublicSafety', prefix: 'spk', share: 0.06, powered: true },
  { kind: 'RfidReader', domain: 'Transportation', prefix: 'rfid', share: 0.05, powered: true },
  { kind: 'GeomagneticSensor', domain: 'Transportation', prefix: 'park', share: 0.03, powered: false },
  { kind: 'Drone', domain: 'PublicSafety', prefix: 'drone', share: 0.01, powered: false },
];

/** Zones per side of a network block (one gateway per block and domain). */
export const BLOCK_ZONES = 5;
/** Devices per 200 m zone on average (urban density, ~1,250 devices per km²). */
export const DEVICES_PER_ZONE = 50;
export const FEEDERS_PER_SUBSTATION = 4;
export const INTERSECTIONS_PER_CORRIDOR = 10;
/** Devices per intersection: controller, 4 signals, 2 loop sensors, 1 camera. */
export const DEVICES_PER_INTERSECTION = 8;
export const DEVICES_PER_BUILDING = 4;
export const DEVICES_PER_HOSPITAL = 4;
/** Devices in one C-Town district: 9 PLCs, 11 pumps, 4 valves, 7 level, 10 flow, 12 pressure. */
export const DEVICES_PER_DISTRICT = 53;

/**
 * How many of each unit a city of N devices has. Everything downstream is a
 * pure function of this layout and the seed, so notable ids are known before
 * a single batch is produced.
 */
export interface CityLayout {
  readonly options: ResolvedCityOptions;
  readonly gridSide: number;
  readonly zoneCount: number;
  readonly blocksPerSide: number;
  readonly substations: number;
  readonly feeders: number;
  readonly waterDistricts: number;
  readonly intersections: number;
  readonly corridors: number;
  readonly hospitals: number;
  readonly publicBuildings: number;
  readonly controlCenters: number;
  readonly airQualityServices: number;
  /** Free-standing devices per family, in FIELD_FAMILIES order. */
  readonly fieldCounts: readonly number[];
}

function check(name: string, value: number, ok: boolean): void {
  if (!ok) {
    throw new EngineError('CG_ARGUMENT_INVALID', `generateCity: option ${name} is out of range (${value}).`, {
      details: { option: name, value },
    });
  }
}

/** Applies defaults and rejects values no city can be built from. */
export function resolveCityOptions(options: CityOptions = {}): ResolvedCityOptions {
  const resolved: ResolvedCityOptions = {
    devices: options.devices ?? 5000,
    seed: options.seed ?? 1,
    batchSize: options.batchSize ?? 10_000,
    defaultCredentialShare: options.defaultCredentialShare ?? 0.15,
  };
  check('devices', resolved.devices, Number.isInteger(resolved.devices) && resolved.devices >= 500 && resolved.devices <= 5_000_000);
  check('seed', resolved.seed, Number.isInteger(resolved.seed));
  check('batchSize', resolved.batchSize, Number.isInteger(resolved.batchSize) && resolved.batchSize >= 100);
  const share = resolved.defaultCredentialShare;
  check('defaultCredentialShare', share, share >= 0 && share <= 1);
  return resolved;
}

/** Sizes every unit of the city from the device budget (see README "Model"). */
export function planCity(options: CityOptions = {}): CityLayout {
  const resolved = resolveCityOptions(options);
  const n = resolved.devices;
  const gridSide = Math.max(BLOCK_ZONES * 2, Math.ceil(Math.sqrt(n / DEVICES_PER_ZONE)));
  const substations = Math.max(2, Math.round(n / 1000));
  const waterDistricts = Math.max(1, Math.round(n / 2500));
  const intersections = Math.max(INTERSECTIONS_PER_CORRIDOR, Math.round(n * 0.03));
  const hospitals = Math.max(2, Math.round(n / 2500));
  const publicBuildings = Math.max(4, Math.round(n / 200));
  const structured =
    substations * (1 + FEEDERS_PER_SUBSTATION) +
    waterDistricts * DEVICES_PER_DISTRICT +
    intersections * DEVICES_PER_INTERSECTION +
    hospitals * DEVICES_PER_HOSPITAL +
    publicBuildings * DEVICES_PER_BUILDING;
  const rest = Math.max(0, n - structured);
  const fieldCounts = FIELD_FAMILIES.map((family) => Math.floor(rest * family.share));
  const assigned = fieldCounts.reduce((sum, count) => sum + count, 0);
  fieldCounts[0] = (fieldCounts[0] ?? 0) + (rest - assigned);
  return {
    options: resolved,
    gridSide,
    zoneCount: gridSide * gridSide,
    blocksPerSide: Math.ceil(gridSide / BLOCK_ZONES),
    substations,
    feeders: substations * FEEDERS_PER_SUBSTATION,
    waterDistricts,
    intersections,
    corridors: Math.ceil(intersections / INTERSECTIONS_PER_CORRIDOR),
    hospitals,
    publicBuildings,
    controlCenters: Math.max(1, Math.round(n / 25_000)),
    airQualityServices: Math.max(1, Math.round(n / 25_000)),
    fieldCounts,
  };
}
