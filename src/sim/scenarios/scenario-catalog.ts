import { airQualityDrift } from './air-quality-drift.js';
import { cameraBotnet } from './camera-botnet.js';
import { coordinated } from './coordinated.js';
import { gatewayRansomware } from './gateway-ransomware.js';
import { plcManipulation } from './plc-manipulation.js';
import type { ScenarioContext, ScenarioPlan } from './scenario-types.js';
import { substationTrip } from './substation-trip.js';
import { trafficFalseData } from './traffic-false-data.js';

export const SCENARIO_NAMES = [
  'camera-botnet',
  'traffic-false-data',
  'plc-manipulation',
  'substation-trip',
  'gateway-ransomware',
  'air-quality-drift',
  'coordinated',
] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export interface ScenarioInfo {
  readonly name: ScenarioName;
  readonly kind: 'attack' | 'fault';
  readonly description: string;
}

/** The named scenarios with a one-line description each. */
export const SCENARIOS: readonly ScenarioInfo[] = [
  { name: 'camera-botnet', kind: 'attack', description: 'Botnet enlists cameras left with default credentials: login bursts, C2 peers, flood.' },
  { name: 'traffic-false-data', kind: 'attack', description: 'False data injection on intersection loop sensors: a phantom jam.' },
  { name: 'plc-manipulation', kind: 'attack', description: 'PLC3 of a C-Town district holds pumps PU4/PU5 off against the rule; tank T3 drains.' },
  { name: 'substation-trip', kind: 'attack', description: 'Unauthorised breaker trip: feeders dark, signals off, a hospital on generator.' },
  { name: 'gateway-ransomware', kind: 'attack', description: 'Ransomware on the gateway shared by traffic and water SCADA; devices behind it go silent.' },
  { name: 'air-quality-drift', kind: 'fault', description: 'A street air-quality sensor drifts slowly upward (a fault, not an attack).' },
  { name: 'coordinated', kind: 'attack', description: 'Shared gateway compromise, then PLC manipulation, false traffic data and a breaker trip.' },
];

/** Scenario builders by name; `at` is the scenario's start (epoch ms). */
export const SCENARIO_BUILDERS: Readonly<Record<ScenarioName, (ctx: ScenarioContext, at: number) => ScenarioPlan>> = {
  'camera-botnet': (ctx, at) => cameraBotnet(ctx, at),
  'traffic-false-data': (ctx, at) => trafficFalseData(ctx, at),
  'plc-manipulation': (ctx, at) => plcManipulation(ctx, at),
  'substation-trip': (ctx, at) => substationTrip(ctx, at),
  'gateway-ransomware': (ctx, at) => gatewayRansomware(ctx, at),
  'air-quality-drift': (ctx, at) => airQualityDrift(ctx, at),
  coordinated: (ctx, at) => coordinated(ctx, at),
};

export function isScenarioName(name: string): name is ScenarioName {
  return (SCENARIO_NAMES as readonly string[]).includes(name);
}
