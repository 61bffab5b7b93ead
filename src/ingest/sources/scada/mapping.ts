/**
 * SCADA tag → ontology. A measurement tag (level, flow, pressure) is a sensor
 * that monitors its element and is controlledBy the PLC reporting it; a status
 * tag stands for the actuator itself (pump or valve) controlledBy its PLC. The
 * element and PLC nodes are ensured (created only when missing). A tag with no
 * PLC gets no controlledBy edge — in C-Town that is PU3 and PU9, the pumps the
 * test-set attacks switch on without a control rule.
 */
export const QUANTITY_SENSOR_KINDS: Readonly<Record<string, string>> = {
  water_level: 'LevelSensor', level: 'LevelSensor',
  flow: 'FlowSensor',
  pressure: 'PressureSensor',
  temperature: 'TemperatureSensor',
};

/** Element type → kind; junctions have no cg kind, so their sensors keep the junction as `x_element`. */
export const ELEMENT_KINDS: Readonly<Record<string, string>> = {
  tank: 'Tank', pump: 'Pump', valve: 'Valve', reservoir: 'Reservoir',
};

/** Quantities that describe the element's own state rather than a separate sensor. */
export const STATUS_QUANTITIES = new Set(['status', 'state', 'setting']);

export const SCADA_DOMAIN = 'Water';
