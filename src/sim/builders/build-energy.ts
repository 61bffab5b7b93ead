import type { WriteBatch } from '../../graph/port.js';
import type { BatchWriter } from '../batch-writer.js';
import { FEEDERS_PER_SUBSTATION } from '../city-layout.js';

/** The zone a substation stands in: the middle of the zones its feeders serve. */
export function substationZone(w: BatchWriter, substation: number): number {
  const { zoneCount, substations } = w.grid.layout;
  return Math.min(zoneCount - 1, Math.floor(((substation + 0.5) * zoneCount) / substations));
}

/**
 * Energy: substations → feeders (`Feeder poweredBy Substation`), a breaker per
 * feeder (`Feeder dependsOn Breaker`, `Breaker controlledBy` the substation RTU)
 * and a power distribution service per substation. Feeders are emitted first so
 * every later `poweredBy Feeder` edge finds its endpoint in an earlier batch.
 */
export function* buildEnergy(w: BatchWriter): Generator<WriteBatch> {
  const { substations, zoneCount } = w.grid.layout;
  const zonesPerSubstation = zoneCount / substations;
  for (let s = 0; s < substations; s++) {
    const zone = substationZone(w, s);
    w.facility(`sub-${s}`, 'Substation', 'Energy', zone, `Substation ${s}`, { backupHours: 0 });
    for (let k = 0; k < FEEDERS_PER_SUBSTATION; k++) {
      const feeder = s * FEEDERS_PER_SUBSTATION + k;
      const feederZone = Math.floor((feeder * zoneCount) / w.grid.layout.feeders);
      w.facility(w.grid.feederId(feeder), 'Feeder', 'Energy', feederZone, `Feeder ${s}.${k}`);
      w.edge('poweredBy', w.grid.feederId(feeder), `sub-${s}`);
    }
    w.node(`svc-power-${s}`, 'PowerDistributionService', {
      name: `Power distribution, substation ${s}`,
      domain: 'Energy',
      criticality: 5,
      peopleServed: Math.round(zonesPerSubstation * 600),
    });
    w.edge('dependsOn', `svc-power-${s}`, `sub-${s}`);
    yield* w.flush();
  }
  for (let s = 0; s < substations; s++) {
    const zone = substationZone(w, s);
    const rtu = `rtu-sub-${s}`;
    w.device({ id: rtu, kind: 'Rtu', domain: 'Energy', zone, name: `Substation ${s} RTU`, site: `sub-${s}`, element: 'rtu' });
    w.edge('poweredBy', rtu, `sub-${s}`);
    for (let k = 0; k < FEEDERS_PER_SUBSTATION; k++) {
      const breaker = `brk-${s}-${k}`;
      w.device({ id: breaker, kind: 'Breaker', domain: 'Energy', zone, name: `Breaker ${s}.${k}`, networked: false, site: `sub-${s}`, element: w.grid.feederId(s * FEEDERS_PER_SUBSTATION + k) });
      w.edge('controlledBy', breaker, rtu);
      w.edge('dependsOn', w.grid.feederId(s * FEEDERS_PER_SUBSTATION + k), breaker);
    }
    yield* w.flush();
  }
}
