/**
 * SenML → ontology: each resolved reading is a cg:Observation (value, unit,
 * observedAt) observedBy the sensor named by the base name. The sensor kind
 * comes from the unit (RFC 8428 §12.1 unit registry); the sensor is created
 * only when the store does not hold it yet (ensure), so a richer inventory
 * record is never overwritten. `urn:dev:mac:` names give a MAC identity key
 * (RFC 9039 device URNs) for entity resolution.
 */
export const UNIT_SENSOR_KINDS: Readonly<Record<string, string>> = {
  Cel: 'TemperatureSensor', K: 'TemperatureSensor', '%RH': 'TemperatureSensor',
  Pa: 'PressureSensor', hPa: 'PressureSensor', bar: 'PressureSensor',
  m: 'LevelSensor', cm: 'LevelSensor',
  'm3/s': 'FlowSensor', 'l/s': 'FlowSensor', 'l/h': 'FlowSensor',
  W: 'SmartMeter', Wh: 'SmartMeter', kWh: 'SmartMeter', J: 'SmartMeter', V: 'SmartMeter', A: 'SmartMeter',
  ppm: 'AirQualitySensor', 'ug/m3': 'AirQualitySensor', 'kg/m3': 'AirQualitySensor',
  T: 'GeomagneticSensor', lx: 'TemperatureSensor',
};

/** The device part of a resolved name: the base name when given, else the name up to its last separator. */
export function deviceNameOf(name: string, baseName: string | undefined): string {
  if (baseName) return baseName.replace(/[:/]+$/, '');
  const cut = Math.max(name.lastIndexOf(':'), name.lastIndexOf('/'));
  return cut > 0 ? name.slice(0, cut) : name;
}

/**
 * MAC-48 from `urn:dev:mac:<12 hex>` (RFC 9039 §3.1). An EUI-64 (16 hex digits,
 * as in RFC 8428's examples) is no MAC-48 and gives no MAC key.
 */
export function macOf(deviceName: string): string | undefined {
  const m = /^urn:dev:mac:([0-9a-fA-F]{12})$/.exec(deviceName);
  return m?.[1]?.toLowerCase().match(/../g)?.join(':');
}
