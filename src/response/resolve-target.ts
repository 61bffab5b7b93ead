/**
 * Resolves a rule's symbolic target (device, gateway, segment, controller,
 * supplier, zone) to a node id on the projection, from the event's device.
 */
import type { Projection } from '../graph/projection/index.js';
import type { TargetRef } from '../policy/index.js';

function firstNeighbour(projection: Projection, v: number, edgeKinds: readonly string[], label: string): number {
  let found = -1;
  const mask = projection.edgeKindMask(edgeKinds);
  projection.forEachOutMasked(v, mask, (u) => {
    if (!projection.isA(u, label)) return false;
    found = u;
    return true;
  });
  return found;
}

const STEPS: Readonly<Record<TargetRef, (p: Projection, v: number) => number>> = {
  device: (_p, v) => v,
  gateway: (p, v) => (p.isA(v, 'Gateway') ? v : firstNeighbour(p, v, ['networkedVia'], 'Gateway')),
  segment: (p, v) => {
    const gateway = STEPS.gateway(p, v);
    return gateway === -1 ? -1 : firstNeighbour(p, gateway, ['networkedVia'], 'NetworkSegment');
  },
  controller: (p, v) => (p.isA(v, 'Controller') ? v : firstNeighbour(p, v, ['controlledBy', 'dependsOn'], 'Controller')),
  supplier: (p, v) => {
    const power = firstNeighbour(p, v, ['poweredBy'], 'Asset');
    return power !== -1 ? power : firstNeighbour(p, v, ['suppliedBy'], 'Asset');
  },
  zone: (p, v) => firstNeighbour(p, v, ['locatedIn'], 'Zone'),
};

/** The node id the target names for this device, or undefined when the graph has none. */
export function resolveTarget(projection: Projection, deviceId: string, target: TargetRef): string | undefined {
  const v = projection.nodeIndex(deviceId);
  if (v === -1) return undefined;
  const u = STEPS[target](projection, v);
  return u === -1 ? undefined : projection.nodeId(u);
}
