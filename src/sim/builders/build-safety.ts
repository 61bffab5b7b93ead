import type { WriteBatch } from '../../graph/port.js';
import type { BatchWriter } from '../batch-writer.js';

/** Zone of the c-th control centre. */
export function controlCenterZone(w: BatchWriter, c: number): number {
  return w.grid.place(401, c);
}

/**
 * Public safety backbone: control centres (generator backup, `backupHours` 48)
 * and an emergency dispatch service per centre that `dependsOn` it. Emitted
 * before transport and environment, whose services depend on centre 0.
 */
export function* buildControlCenters(w: BatchWriter): Generator<WriteBatch> {
  const { controlCenters, options } = w.grid.layout;
  for (let c = 0; c < controlCenters; c++) {
    const zone = controlCenterZone(w, c);
    w.facility(`cc-${c}`, 'ControlCenter', 'PublicSafety', zone, `City control centre ${c}`, { backupHours: 48 });
    w.edge('poweredBy', `cc-${c}`, w.grid.feederFor(zone));
    w.node(`svc-dispatch-${c}`, 'EmergencyDispatchService', {
      name: `Emergency dispatch ${c}`,
      domain: 'PublicSafety',
      criticality: 5,
      peopleServed: Math.round((options.devices * 20) / controlCenters),
    });
    w.edge('dependsOn', `svc-dispatch-${c}`, `cc-${c}`);
    yield* w.flush();
  }
}
