import type { WriteBatch } from '../../graph/port.js';
import type { BatchWriter } from '../batch-writer.js';

const BUILDING_DEVICES = [
  { suffix: 'smoke-1', kind: 'SmokeDetector', powered: true },
  { suffix: 'smoke-2', kind: 'SmokeDetector', powered: true },
  { suffix: 'temp', kind: 'TemperatureSensor', powered: false },
  { suffix: 'meter', kind: 'SmartMeter', powered: true },
] as const;

/**
 * Buildings: public buildings `poweredBy` their zone's feeder (a fifth with a
 * 4-hour generator, the rest none), each `monitoredBy` two smoke detectors, a
 * temperature sensor and a smart meter.
 */
export function* buildBuildings(w: BatchWriter): Generator<WriteBatch> {
  for (let b = 0; b < w.grid.layout.publicBuildings; b++) {
    const zone = w.grid.place(601, b);
    const id = `bldg-${b}`;
    w.facility(id, 'PublicBuilding', 'Buildings', zone, `Public building ${b}`, { backupHours: w.rng.chance(0.2) ? 4 : 0 });
    w.edge('poweredBy', id, w.grid.feederFor(zone));
    for (const device of BUILDING_DEVICES) {
      const deviceId = `${id}-${device.suffix}`;
      w.device({ id: deviceId, kind: device.kind, domain: 'Buildings', zone, name: `Building ${b} ${device.suffix}`, powered: device.powered, site: id, element: device.suffix });
      w.edge('monitoredBy', id, deviceId);
    }
    yield* w.flush();
  }
}
