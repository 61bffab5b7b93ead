import { DOMAINS, type EdgeKind, type NodeKind } from '../ontology/index.js';

/**
 * The subset of the ontology (cg: vocabulary, src/ontology) the simulator
 * writes. `satisfies` ties every name to the generated vocabulary at compile
 * time; `generate-city.test.ts` checks no abstract kind is instantiated and
 * every edge respects its kind's domain and range.
 */
/** The city covers every domain of the ontology, in its order. */
export const SIM_DOMAINS: typeof DOMAINS = DOMAINS;
export type SimDomain = (typeof SIM_DOMAINS)[number];

/** Device kinds (concrete subclasses of cg:Device) the city contains. */
export const SIM_DEVICE_KINDS = [
  'Camera',
  'GeomagneticSensor',
  'AirQualitySensor',
  'SmokeDetector',
  'TemperatureSensor',
  'SmartMeter',
  'RfidReader',
  'FlowSensor',
  'LevelSensor',
  'PressureSensor',
  'TrafficSignal',
  'Pump',
  'Valve',
  'Breaker',
  'Speaker',
  'Drone',
  'Plc',
  'Rtu',
  'Gateway',
] as const satisfies readonly NodeKind[];
export type SimDeviceKind = (typeof SIM_DEVICE_KINDS)[number];

/** Every node kind the generator emits. */
export const SIM_NODE_KINDS = [
  ...SIM_DEVICE_KINDS,
  'NetworkSegment',
  'Substation',
  'Feeder',
  'Hospital',
  'Intersection',
  'PumpingStation',
  'Tank',
  'Reservoir',
  'ControlCenter',
  'PublicBuilding',
  'RedundancyGroup',
  'Zone',
  'TrafficControlService',
  'PowerDistributionService',
  'WaterSupplyService',
  'EmergencyDispatchService',
  'HospitalCareService',
  'AirQualityAlertingService',
  'Vulnerability',
  'Weakness',
] as const satisfies readonly NodeKind[];
export type SimNodeKind = (typeof SIM_NODE_KINDS)[number];

/** Every edge kind the generator emits. */
export const SIM_EDGE_KINDS = [
  'poweredBy',
  'controlledBy',
  'networkedVia',
  'suppliedBy',
  'monitoredBy',
  'dependsOn',
  'hasMember',
  'locatedIn',
  'hasVulnerability',
  'hasWeakness',
] as const satisfies readonly EdgeKind[];
export type SimEdgeKind = (typeof SIM_EDGE_KINDS)[number];

const DEVICE_KIND_SET: ReadonlySet<string> = new Set(SIM_DEVICE_KINDS);

/** True when the kind is one of the device kinds (telemetry sources). */
export function isDeviceKind(kind: string): kind is SimDeviceKind {
  return DEVICE_KIND_SET.has(kind);
}
