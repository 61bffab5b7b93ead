import type { WriteBatch } from '../../graph/port.js';
import type { BatchWriter } from '../batch-writer.js';
import { INTERSECTIONS_PER_CORRIDOR } from '../city-layout.js';

/** Zone of intersection i: corridors run east along a row; intersection 0 sits in water district 0's home block. */
export function intersectionZone(w: BatchWriter, i: number): number {
  if (i === 0) return w.grid.districtZone(0);
  const corridor = Math.floor(i / INTERSECTIONS_PER_CORRIDOR);
  return w.grid.offset(w.grid.place(201, corridor), 0, i % INTERSECTIONS_PER_CORRIDOR);
}

function buildIntersection(w: BatchWriter, i: number, service: string): void {
  const zone = intersectionZone(w, i);
  const site = `int-${i}`;
  const share = w.grid.layout.options.defaultCredentialShare;
  w.facility(site, 'Intersection', 'Transportation', zone, `Intersection ${i}`);
  w.device({ id: `tc-${i}`, kind: 'Rtu', domain: 'Transportation', zone, name: `Traffic controller ${i}`, powered: true, site, element: 'controller' });
  w.edge('dependsOn', site, `tc-${i}`);
  w.edge('dependsOn', service, site);
  for (let k = 1; k <= 4; k++) {
    const id = `sig-${i}-${k}`;
    w.device({ id, kind: 'TrafficSignal', domain: 'Transportation', zone, name: `Signal ${i}.${k}`, networked: false, powered: true, site, element: `signal-${k}` });
    w.edge('controlledBy', id, `tc-${i}`);
  }
  for (let k = 1; k <= 2; k++) {
    const id = `gm-${i}-${k}`;
    w.device({ id, kind: 'GeomagneticSensor', domain: 'Transportation', zone, name: `Loop sensor ${i}.${k}`, site, element: `approach-${k}` });
    w.edge('monitoredBy', site, id);
    w.edge('dependsOn', `tc-${i}`, id);
  }
  const camera = `cam-int-${i}`;
  const defaultCredentials = w.rng.chance(share);
  w.device({ id: camera, kind: 'Camera', domain: 'Transportation', zone, name: `Traffic camera ${i}`, powered: true, props: { defaultCredentials }, site, element: 'camera' });
  w.edge('monitoredBy', site, camera);
}

/**
 * Transportation: corridors of 10 intersections, each with a traffic
 * controller (Rtu), four signals `controlledBy` it, two geomagnetic loop
 * sensors and a camera watching it; one traffic control service per corridor
 * `dependsOn` its intersections (each `dependsOn` its controller) and the control centre.
 */
export function* buildTransport(w: BatchWriter): Generator<WriteBatch> {
  const { intersections, corridors } = w.grid.layout;
  for (let c = 0; c < corridors; c++) {
    const service = `svc-traffic-${c}`;
    w.node(service, 'TrafficControlService', {
      name: `Traffic control, corridor ${c}`,
      domain: 'Transportation',
      criticality: 3,
      peopleServed: 10_000 + Math.floor(w.rng.next() * 20_000),
    });
    w.edge('dependsOn', service, 'cc-0');
    const end = Math.min(intersections, (c + 1) * INTERSECTIONS_PER_CORRIDOR);
    for (let i = c * INTERSECTIONS_PER_CORRIDOR; i < end; i++) buildIntersection(w, i, service);
    yield* w.flush();
  }
}
