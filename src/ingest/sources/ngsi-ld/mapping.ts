/**
 * Declarative mapping of FIWARE Smart Data Models onto the CivGraph ontology
 * (cg: kinds from /tmp/ontology-spec.md v1). Entity type → node kind (a fixed
 * kind or a rule for generic types such as Device), NGSI attribute → cg
 * datatype property, relationship attribute → cg edge kind. Attributes with no
 * cg property are kept as `x_<name>` props so nothing is lost.
 *
 * Streetlight, ParkingSpot, EVChargingStation, DeviceModel, Junction and Pipe
 * were added to the ontology as concrete classes (they were requested for
 * these mappings); checkKinds still rejects a kind the ontology lacks with
 * CG_INGEST_KIND_UNKNOWN.
 */
import type { NgsiEntity } from './schema.js';

export interface NgsiTypeMapping {
  /** A fixed kind, or a rule deciding it from the entity (undefined: no concrete kind). */
  readonly kind: string | ((entity: NgsiEntity) => string | undefined);
  /** cg:Domain individual local name. */
  readonly domain?: string;
}

/** controlledProperty / sensor type (lower-cased) → concrete sensor or actuator kind. */
export const DEVICE_PROPERTY_KINDS: Readonly<Record<string, string>> = {
  fillinglevel: 'LevelSensor', level: 'LevelSensor', waterlevel: 'LevelSensor', depth: 'LevelSensor', tanklevel: 'LevelSensor',
  temperature: 'TemperatureSensor', humidity: 'TemperatureSensor', relativehumidity: 'TemperatureSensor',
  airpollution: 'AirQualitySensor', airquality: 'AirQualitySensor', co: 'AirQualitySensor', co2: 'AirQualitySensor',
  no2: 'AirQualitySensor', o3: 'AirQualitySensor', pm10: 'AirQualitySensor', 'pm2.5': 'AirQualitySensor', so2: 'AirQualitySensor',
  flow: 'FlowSensor', trafficflow: 'FlowSensor', waterflow: 'FlowSensor',
  pressure: 'PressureSensor', atmosphericpressure: 'PressureSensor', waterpressure: 'PressureSensor',
  smoke: 'SmokeDetector', fire: 'SmokeDetector',
  image: 'Camera', video: 'Camera',
  energy: 'SmartMeter', electricity: 'SmartMeter', power: 'SmartMeter', gasconsumption: 'SmartMeter', waterconsumption: 'SmartMeter',
  rfid: 'RfidReader', magneticfield: 'GeomagneticSensor', occupancy: 'GeomagneticSensor',
};

/** deviceCategory (lower-cased) → kind, checked before controlled properties. */
export const DEVICE_CATEGORY_KINDS: Readonly<Record<string, string>> = {
  meter: 'SmartMeter', smartmeter: 'SmartMeter', gateway: 'Gateway', network: 'Gateway', router: 'Gateway',
  plc: 'Plc', rtu: 'Rtu', camera: 'Camera', smoke: 'SmokeDetector', firedetector: 'SmokeDetector',
  pump: 'Pump', valve: 'Valve', speaker: 'Speaker', drone: 'Drone', trafficlight: 'TrafficSignal', rfid: 'RfidReader',
};

function stringsOf(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is string => typeof v === 'string').map((v) => v.toLowerCase());
}

/** Device (dataModel.Device) and saref Sensor: category first, then the first controlled/sensed property that maps. */
export function deviceKind(entity: NgsiEntity): string | undefined {
  const category = stringsOf(entity.attributes.get('deviceCategory')?.value);
  for (const c of category) {
    const kind = DEVICE_CATEGORY_KINDS[c];
    if (kind) return kind;
  }
  const measured = [
    ...stringsOf(entity.attributes.get('controlledProperty')?.value),
    ...stringsOf(entity.attributes.get('hasSensorType')?.value),
  ];
  for (const p of measured) {
    const kind = DEVICE_PROPERTY_KINDS[p];
    if (kind) return kind;
  }
  return undefined;
}

const observation = (domain: string): NgsiTypeMapping => ({ kind: 'Observation', domain });

/** Smart Data Models entity type (expanded local name) → kind. */
export const NGSI_TYPE_MAPPINGS: Readonly<Record<string, NgsiTypeMapping>> = {
  Device: { kind: deviceKind },
  Sensor: { kind: deviceKind },
  Meter: { kind: 'SmartMeter', domain: 'Energy' },
  Camera: { kind: 'Camera', domain: 'PublicSafety' },
  DeviceModel: { kind: 'DeviceModel' },
  DeviceMeasurement: observation('Communications'),
  AirQualityObserved: observation('Environment'),
  NoiseLevelObserved: observation('Environment'),
  EnvironmentObserved: observation('Environment'),
  IndoorEnvironmentObserved: observation('Buildings'),
  WaterObserved: observation('Water'),
  WaterQualityObserved: observation('Water'),
  WeatherObserved: observation('Environment'),
  TrafficFlowObserved: observation('Transportation'),
  Alert: { kind: 'Alert', domain: 'PublicSafety' },
  Anomaly: { kind: 'Alert' },
  WeatherAlert: { kind: 'Alert', domain: 'Environment' },
  Streetlight: { kind: 'Streetlight', domain: 'Energy' },
  ParkingSpot: { kind: 'ParkingSpot', domain: 'Transportation' },
  EVChargingStation: { kind: 'EVChargingStation', domain: 'Transportation' },
  Pump: { kind: 'Pump', domain: 'Water' },
  Valve: { kind: 'Valve', domain: 'Water' },
  Tank: { kind: 'Tank', domain: 'Water' },
  Reservoir: { kind: 'Reservoir', domain: 'Water' },
  Junction: { kind: 'Junction', domain: 'Water' },
  Pipe: { kind: 'Pipe', domain: 'Water' },
  NetworkConnection: { kind: 'NetworkSegment', domain: 'Communications' },
  /** An edge/cloud compute node: the nearest v1 device kind is Gateway (approximation; see README). */
  InfrastructureElement: { kind: 'Gateway', domain: 'Communications' },
  Vulnerability: { kind: 'Vulnerability' },
  Mitigation: { kind: 'Mitigation' },
};

/**
 * Domain used when the entity type gives none (e.g. a generic Device): the
 * usual city domain of the device kind. A heuristic, stated here so it can be
 * overridden by a mapping that knows better.
 */
export const DEFAULT_KIND_DOMAINS: Readonly<Record<string, string>> = {
  TemperatureSensor: 'Environment', AirQualitySensor: 'Environment',
  LevelSensor: 'Water', FlowSensor: 'Water', PressureSensor: 'Water', Pump: 'Water', Valve: 'Water', Tank: 'Water', Reservoir: 'Water',
  SmartMeter: 'Energy', Breaker: 'Energy',
  Camera: 'PublicSafety', SmokeDetector: 'PublicSafety', Speaker: 'PublicSafety', Drone: 'PublicSafety',
  TrafficSignal: 'Transportation', GeomagneticSensor: 'Transportation',
  Gateway: 'Communications', NetworkSegment: 'Communications', RfidReader: 'Buildings',
};

/** Attributes read, in order, for the observation time; an ISO interval `a/b` gives its end `b`. */
export const OBSERVED_AT_ATTRIBUTES = ['dateObserved', 'dateObservedTo', 'observationDateTime', 'dateIssued', 'dateObservedFrom', 'dateCreated', 'dateModified'] as const;

/** NGSI attribute → cg datatype property (ontology v1 `name`, `serial`, ...). */
export const NGSI_PROPERTY_MAP: Readonly<Record<string, string>> = {
  name: 'name', cameraName: 'name', hostname: 'name',
  serialNumber: 'serial', macAddress: 'mac', ipAddress: 'ip', internalIpAddress: 'ip',
  manufacturerName: 'vendor', brandName: 'vendor', hasManufacturer: 'vendor',
  modelName: 'model', hasModel: 'model', firmwareVersion: 'firmwareVersion', softwareVersion: 'firmwareVersion',
  severity: 'severity', cveId: 'cveId', cvss: 'cvss',
};

/** Which cg property holds a single string value even when the source gives an array. */
export const SINGLE_VALUED = new Set(['serial', 'mac', 'ip', 'vendor', 'model', 'firmwareVersion', 'name', 'severity', 'observedAt', 'cveId']);

/**
 * Relationship attribute → edge kind. `out`: entity → target; `in`: target →
 * entity (a sensor's controlledAsset is monitoredBy the sensor).
 */
export const NGSI_RELATIONSHIP_EDGES: Readonly<Record<string, { readonly kind: string; readonly direction: 'out' | 'in' }>> = {
  refDevice: { kind: 'observedBy', direction: 'out' },
  alertSource: { kind: 'affects', direction: 'out' },
  refStreetlightControlCabinet: { kind: 'controlledBy', direction: 'out' },
  controlledAsset: { kind: 'monitoredBy', direction: 'in' },
};
