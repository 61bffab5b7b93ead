/**
 * Device kind, domain and partition group from the projection (DESIGN.md §4:
 * the engine reads the graph through the projection, never per event from
 * the store). The group is the gateway the device is `networkedVia`, else its
 * zone — the partition key of docs/SCALING.md.
 */
import type { Projection } from '../graph/projection/index.js';
import type { DeviceElement } from '../scoring/index.js';
import type { DeviceDirectory, DeviceInfo } from './live-event.js';

/** A directory over the projection, memoised per device (bounded by the number of devices). */
export function projectionDirectory(projection: Projection): DeviceDirectory & { has(deviceId: string): boolean } {
  const cache = new Map<string, DeviceInfo | null>();
  const networked = projection.edgeKindCode('networkedVia');
  const lookup = (deviceId: string): DeviceInfo | null => {
    const v = projection.nodeIndex(deviceId);
    if (v === -1 || !projection.isAlive(v)) return null;
    const domainCode = projection.columns.domain[v] ?? -1;
    let gateway: string | undefined;
    if (networked !== -1) {
      projection.forEachOut(v, networked, (n) => {
        gateway = projection.nodeId(n);
        return false;
      });
    }
    const zoneCode = projection.columns.zone?.[v] ?? -1;
    const zone = zoneCode >= 0 ? projection.zones[zoneCode] : undefined;
    const group = gateway ?? zone;
    return { kind: projection.nodeKind(v), domain: domainCode >= 0 ? (projection.domains[domainCode] ?? '') : '', ...(group === undefined ? {} : { group }), ...(zone === undefined ? {} : { zone }) };
  };
  const directory = (deviceId: string): DeviceInfo | undefined => {
    let hit = cache.get(deviceId);
    if (hit === undefined) {
      hit = lookup(deviceId);
      cache.set(deviceId, hit);
    }
    return hit ?? undefined;
  };
  return Object.assign(directory, { has: (deviceId: string) => directory(deviceId) !== undefined });
}

/**
 * A device's cg:site and cg:element (C-Town district `w0`, EPANET element `PU4`) from the
 * projection's interned columns: the streaming scorer's `elementOf`, which its
 * `physics:deviation` feature needs (a pump's status against the control rule on its tank's
 * level, CTOWN_CONTROL_RULES). Read at call time, not memoised: an O(1) column read, and a device
 * the projection learns from the change feed later (ingest while serving) has them at once.
 */
export function projectionElementOf(projection: Projection): (deviceId: string) => DeviceElement | undefined {
  return (deviceId) => {
    const v = projection.nodeIndex(deviceId);
    if (v === -1) return undefined;
    const { site, element } = projection.columns;
    const siteCode = site[v] as number;
    const elementCode = element[v] as number;
    // Built without spreads: this runs once per scored observation.
    if (siteCode !== -1 && elementCode !== -1) return { site: projection.sites[siteCode] as string, element: projection.elements[elementCode] as string };
    if (siteCode !== -1) return { site: projection.sites[siteCode] as string };
    return elementCode === -1 ? undefined : { element: projection.elements[elementCode] as string };
  };
}
