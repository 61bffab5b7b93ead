import type { WriteBatch } from '../../graph/port.js';
import type { BatchWriter } from '../batch-writer.js';
import type { CityGrid } from '../city-grid.js';
import { CTOWN_TANKS } from '../ctown-template.js';

export function hospitalZone(grid: CityGrid, h: number): number {
  return grid.place(301, h);
}

/** The two feeders of a hospital's k-of-n power group: its zone's and one of the next substation. */
export function hospitalFeeders(grid: CityGrid, h: number): readonly [string, string] {
  const { feeders, substations } = grid.layout;
  const own = grid.feederIndex(hospitalZone(grid, h));
  return [grid.feederId(own), grid.feederId((own + feeders / substations) % feeders)];
}

/** The tank a hospital draws water from: tank h mod 7 of district h mod D. */
export function hospitalTank(grid: CityGrid, h: number): string {
  const tank = CTOWN_TANKS[h % CTOWN_TANKS.length]?.id ?? 'T1';
  return `w${h % grid.layout.waterDistricts}-${tank}`;
}

function buildHospital(w: BatchWriter, h: number): void {
  const zone = hospitalZone(w.grid, h);
  const id = `hosp-${h}`;
  const backupHours = 24 + Math.floor(w.rng.next() * 49);
  w.facility(id, 'Hospital', 'Health', zone, `Hospital ${h}`, { backupHours });
  const group = `rg-hosp-${h}-power`;
  w.facility(group, 'RedundancyGroup', 'Energy', zone, `Hospital ${h} dual feed`, { requiredCount: 1 });
  for (const feeder of hospitalFeeders(w.grid, h)) w.edge('hasMember', group, feeder);
  w.edge('dependsOn', id, group);
  w.edge('suppliedBy', id, hospitalTank(w.grid, h));
  const devices = [
    { suffix: 'temp-1', kind: 'TemperatureSensor' },
    { suffix: 'temp-2', kind: 'TemperatureSensor' },
    { suffix: 'smoke', kind: 'SmokeDetector' },
    { suffix: 'meter', kind: 'SmartMeter' },
  ] as const;
  for (const device of devices) {
    const deviceId = `${id}-${device.suffix}`;
    w.device({ id: deviceId, kind: device.kind, domain: 'Health', zone, name: `Hospital ${h} ${device.suffix}`, site: id, element: device.suffix });
    w.edge('monitoredBy', id, deviceId);
  }
  const service = `svc-hospital-${h}`;
  w.node(service, 'HospitalCareService', {
    name: `Hospital care, hospital ${h}`,
    domain: 'Health',
    criticality: 5,
    peopleServed: 50_000 + Math.floor(w.rng.next() * 150_000),
  });
  w.edge('dependsOn', service, id);
}

/**
 * Health: hospitals on a dual feed. Each hospital `dependsOn` a RedundancyGroup
 * (`requiredCount` 1) whose members are feeders of two different substations,
 * is `suppliedBy` a tank, runs a generator (`backupHours` 24–72) and backs a
 * HospitalCareService (criticality 5).
 */
export function* buildHealth(w: BatchWriter): Generator<WriteBatch> {
  for (let h = 0; h < w.grid.layout.hospitals; h++) {
    buildHospital(w, h);
    yield* w.flush();
  }
}
