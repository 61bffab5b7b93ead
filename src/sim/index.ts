/**
 * The city simulator (DESIGN.md §2 `sim/`): a deterministic synthetic smart
 * city streamed as GraphStore write batches, its telemetry, and named attack
 * and fault scenarios with ground truth. See README.md.
 */
export { generateCity, type City } from './generate-city.js';
export { indexCity, type CityIndex, type CityCounts, type IndexCityOptions } from './index-city.js';
export {
  planCity,
  resolveCityOptions,
  FIELD_FAMILIES,
  type CityOptions,
  type ResolvedCityOptions,
  type CityLayout,
  type FieldFamily,
} from './city-layout.js';
export { SHARED_GATEWAY_ID } from './city-grid.js';
export type { NotableAssets } from './notable-assets.js';
export type { DeviceRecord } from './batch-writer.js';
export { SIM_DOMAINS, SIM_NODE_KINDS, SIM_EDGE_KINDS, SIM_DEVICE_KINDS, type SimDomain, type SimNodeKind, type SimEdgeKind, type SimDeviceKind } from './kinds.js';
export { SIM_VULNERABILITIES, DEFAULT_CREDENTIALS_WEAKNESS, type SimVulnerability } from './device-catalog.js';
export { CTOWN_CONTROLS, CTOWN_PLCS, CTOWN_TANKS, CTOWN_STATIONS, type CtownControl } from './ctown-template.js';
export { telemetry, labelledTelemetry, DEFAULT_TELEMETRY_START, type TelemetryOptions } from './telemetry/telemetry.js';
export type { TelemetryEffect } from './telemetry/telemetry-effects.js';
export {
  SECURITY_ACTIONS,
  type SimEvent,
  type ObservationEvent,
  type SecurityEvent,
  type SecurityAction,
  type EventLabel,
  type LabelledEvent,
} from './telemetry/sim-events.js';
export { SCENARIOS, SCENARIO_NAMES, type ScenarioName, type ScenarioInfo } from './scenarios/scenario-catalog.js';
export { runScenario, type RunScenarioOptions, type ScenarioRun, type GroundTruth } from './scenarios/run-scenario.js';
export type { ScenarioStage } from './scenarios/scenario-types.js';
