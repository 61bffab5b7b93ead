import type { WriteBatch } from '../../graph/port.js';
import type { BatchWriter } from '../batch-writer.js';
import {
  CTOWN_CONTROLS,
  CTOWN_PLCS,
  CTOWN_PRESSURE_ATTACHMENT,
  CTOWN_PUMPS,
  CTOWN_STATIONS,
  CTOWN_TANKS,
  CTOWN_VALVES,
  ctownTag,
} from '../ctown-template.js';
import type { SimDeviceKind } from '../kinds.js';

const SENSOR_KINDS: Readonly<Record<string, SimDeviceKind>> = { L: 'LevelSensor', F: 'FlowSensor', P: 'PressureSensor' };

/** The PLC that reads a tank's level (PLC2 reads T1 …), from ctown_plcs.json. */
const TANK_PLC: ReadonlyMap<string, string> = new Map(
  CTOWN_PLCS.flatMap((plc) => plc.sensors.filter((s) => s.startsWith('T')).map((t) => [t, plc.name] as const)),
);
const ACTUATOR_PLC: ReadonlyMap<string, string> = new Map(
  CTOWN_PLCS.flatMap((plc) => plc.actuators.map((a) => [a, plc.name] as const)),
);

/** What a sensor tag watches: `L_T1` → T1, `F_PU1` → PU1, `P_J280` → PU2. */
function monitoredElement(sensor: string): string {
  if (sensor.startsWith('T')) return sensor;
  if (sensor.endsWith('F')) return sensor.slice(0, -1);
  const attached = CTOWN_PRESSURE_ATTACHMENT[sensor];
  if (attached === undefined) throw new RangeError(`C-Town sensor ${sensor} has no attachment`);
  return attached;
}

/** Zone of the i-th element of a district: spread over the 3 × 3 cells around its home. */
function elementZone(w: BatchWriter, home: number, i: number): number {
  return w.grid.offset(home, (i % 3) - 1, (Math.floor(i / 3) % 3) - 1);
}

function* buildFacilities(w: BatchWriter, d: number, home: number): Generator<WriteBatch> {
  const p = `w${d}-`;
  w.facility(`${p}R1`, 'Reservoir', 'Water', home, `District ${d} reservoir R1`);
  CTOWN_STATIONS.forEach((station, i) => {
    const zone = elementZone(w, home, i + 1);
    const backupHours = w.rng.chance(0.3) ? 4 : 0;
    w.facility(`${p}${station.id}`, 'PumpingStation', 'Water', zone, `District ${d} pumping station ${station.id}`, { backupHours });
    w.edge('poweredBy', `${p}${station.id}`, w.grid.feederFor(zone));
    w.edge('suppliedBy', `${p}${station.id}`, station.id === 'S1' ? `${p}R1` : `${p}T1`);
  });
  CTOWN_TANKS.forEach((tank, i) => {
    const storageHours = Math.round((6 + w.rng.next() * 12) * 10) / 10;
    w.facility(`${p}${tank.id}`, 'Tank', 'Water', elementZone(w, home, i + 2), `District ${d} tank ${tank.id}`, { storageHours });
  });
  yield* w.flush();
}

function buildActuators(w: BatchWriter, d: number, home: number): void {
  const p = `w${d}-`;
  for (const plc of CTOWN_PLCS) {
    w.device({ id: `${p}${plc.name}`, kind: 'Plc', domain: 'Water', zone: home, name: `District ${d} ${plc.name}`, powered: true, site: `w${d}`, element: plc.name });
  }
  for (const station of CTOWN_STATIONS) {
    for (const pump of station.pumps) {
      w.device({ id: `${p}${pump}`, kind: 'Pump', domain: 'Water', zone: home, name: `District ${d} pump ${pump}`, networked: false, site: `w${d}`, element: pump });
      w.edge('poweredBy', `${p}${pump}`, `${p}${station.id}`);
      w.edge('suppliedBy', `${p}${station.fills}`, `${p}${pump}`);
    }
  }
  w.edge('suppliedBy', `${p}T6`, `${p}S4`);
  for (const valve of CTOWN_VALVES) {
    w.device({ id: `${p}${valve}`, kind: 'Valve', domain: 'Water', zone: home, name: `District ${d} valve ${valve}`, networked: false, site: `w${d}`, element: valve });
  }
  w.edge('suppliedBy', `${p}T2`, `${p}V2`);
  for (const actuator of [...CTOWN_PUMPS, ...CTOWN_VALVES]) {
    const plc = ACTUATOR_PLC.get(actuator);
    if (plc !== undefined) w.edge('controlledBy', `${p}${actuator}`, `${p}${plc}`);
  }
}

function buildSensorsAndRules(w: BatchWriter, d: number, home: number): void {
  const p = `w${d}-`;
  for (const plc of CTOWN_PLCS) {
    for (const sensor of plc.sensors) {
      const tag = ctownTag(sensor);
      const kind = SENSOR_KINDS[tag.charAt(0)] ?? 'PressureSensor';
      w.device({ id: `${p}${tag}`, kind, domain: 'Water', zone: home, name: `District ${d} ${tag}`, site: `w${d}`, element: sensor });
      w.edge('monitoredBy', `${p}${monitoredElement(sensor)}`, `${p}${tag}`);
      w.edge('dependsOn', `${p}${plc.name}`, `${p}${tag}`);
    }
  }
  const rules = new Map<string, string[]>();
  for (const rule of CTOWN_CONTROLS) {
    const key = `${ACTUATOR_PLC.get(rule.actuator)}>${TANK_PLC.get(rule.tank)}`;
    const text = `${rule.actuator} ${rule.status} IF ${rule.tank} ${rule.comparison} ${rule.threshold}`;
    rules.set(key, [...(rules.get(key) ?? []), text]);
  }
  for (const [key, texts] of rules) {
    const [actuatorPlc, sensorPlc] = key.split('>');
    if (actuatorPlc !== sensorPlc) w.edge('dependsOn', `${p}${actuatorPlc}`, `${p}${sensorPlc}`, { source: texts.join('; ') });
  }
}

/**
 * Water: one C-Town district (fixtures/ctown) per ~2,500 devices, ids prefixed
 * `w<d>-` with BATADAL tag names for sensors (`w0-L_T1`). Tanks `suppliedBy`
 * pumps, pumps `controlledBy` PLCs, tanks/pumps/valves `monitoredBy` sensors,
 * PLCs `dependsOn` the sensors they read and the PLCs whose tank levels drive
 * their rules (edge `source` cites the rules).
 */
export function* buildWater(w: BatchWriter): Generator<WriteBatch> {
  for (let d = 0; d < w.grid.layout.waterDistricts; d++) {
    const home = w.grid.districtZone(d);
    yield* buildFacilities(w, d, home);
    buildActuators(w, d, home);
    buildSensorsAndRules(w, d, home);
    w.node(`svc-water-${d}`, 'WaterSupplyService', {
      name: `Water supply, district ${d}`,
      domain: 'Water',
      criticality: 5,
      peopleServed: 30_000 + Math.floor(w.rng.next() * 50_000),
    });
    for (const tank of CTOWN_TANKS) w.edge('dependsOn', `svc-water-${d}`, `w${d}-${tank.id}`);
    yield* w.flush();
  }
}
