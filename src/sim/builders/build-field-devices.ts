import type { WriteBatch } from '../../graph/port.js';
import type { BatchWriter } from '../batch-writer.js';
import { FIELD_FAMILIES, type FieldFamily } from '../city-layout.js';

const NAMES: Readonly<Record<string, string>> = {
  cam: 'Street camera',
  meter: 'Smart meter',
  aq: 'Air-quality sensor',
  temp: 'Temperature sensor',
  smoke: 'Smoke detector',
  spk: 'Public-address speaker',
  rfid: 'Toll/RFID reader',
  park: 'Parking sensor',
  drone: 'Drone',
};

function* buildFamily(w: BatchWriter, family: FieldFamily, familyIndex: number, count: number): Generator<WriteBatch> {
  const { airQualityServices, options } = w.grid.layout;
  const label = NAMES[family.prefix] ?? family.kind;
  for (let j = 0; j < count; j++) {
    const id = `${family.prefix}-${j}`;
    const zone = w.grid.place(500 + familyIndex, j);
    const props = family.kind === 'Camera' ? { defaultCredentials: w.rng.chance(options.defaultCredentialShare) } : undefined;
    w.device({
      id,
      kind: family.kind,
      domain: family.domain,
      zone,
      name: `${label} ${j}`,
      powered: family.powered,
      ...(props === undefined ? {} : { props }),
    });
    if (family.kind === 'AirQualitySensor') w.edge('dependsOn', `svc-air-${j % airQualityServices}`, id);
    yield* w.flush();
  }
}

/**
 * Free-standing devices (cameras, meters, environment sensors, speakers,
 * drones…) spread uniformly over the zones, after the air-quality alerting
 * services that depend on the air-quality sensors.
 */
export function* buildFieldDevices(w: BatchWriter): Generator<WriteBatch> {
  const { airQualityServices, controlCenters, fieldCounts, options } = w.grid.layout;
  for (let k = 0; k < airQualityServices; k++) {
    w.node(`svc-air-${k}`, 'AirQualityAlertingService', {
      name: `Air-quality alerting ${k}`,
      domain: 'Environment',
      criticality: 2,
      peopleServed: Math.round((options.devices * 20) / airQualityServices),
    });
    w.edge('dependsOn', `svc-air-${k}`, `cc-${k % controlCenters}`);
  }
  for (const [index, family] of FIELD_FAMILIES.entries()) {
    yield* buildFamily(w, family, index, fieldCounts[index] ?? 0);
  }
}
