import type { Projection } from '../../graph/projection/index.js';
import { EDGE_SETS } from '../../ontology/index.js';

/**
 * The graph elements an alert on one device can share with another alert
 * (DESIGN.md §6 "shared supplier, gateway, zone"), looked up once per device
 * on the projection and cached by the correlator.
 */
export interface DeviceAnchors {
  readonly deviceId: string;
  /** Node index in the projection, -1 when the device is not in it (then only same-device links apply). */
  readonly node: number;
  /** Gateways the device is `networkedVia` (itself when it is a gateway). */
  readonly gateways: readonly number[];
  /** Network segments behind those gateways (or the device's own segment). */
  readonly segments: readonly number[];
  /** Direct `poweredBy` / `suppliedBy` targets: feeder, substation, pumping station, pump, tank. */
  readonly suppliers: readonly number[];
  /** Zone code in the projection's zone table, -1 when absent. */
  readonly zone: number;
  /**
   * Nodes within `maxHops` over the propagation edge set, either direction
   * (dependency paths), with their hop count and BFS parent for the path's
   * text. Hubs (degree above `hubDegree`) are reached but not expanded.
   */
  readonly reach: ReadonlyMap<number, { readonly depth: number; readonly parent: number }>;
}

/** Kind codes and masks the anchor lookup needs, resolved once per projection. */
export interface AnchorContext {
  readonly projection: Projection;
  readonly maxHops: number;
  readonly hubDegree: number;
  readonly networkedVia: number;
  readonly supplyMask: Uint8Array;
  readonly propagationMask: Uint8Array;
}

/** Resolves the edge kind codes and masks of a projection for {@link deviceAnchors}. */
export function anchorContext(projection: Projection, maxHops: number, hubDegree: number): AnchorContext {
  return {
    projection,
    maxHops,
    hubDegree,
    networkedVia: projection.edgeKindCode('networkedVia'),
    supplyMask: projection.edgeKindMask(['poweredBy', 'suppliedBy']),
    propagationMask: projection.edgeKindMask(EDGE_SETS.propagation),
  };
}

function outTargets(ctx: AnchorContext, node: number, kind: number): number[] {
  const targets: number[] = [];
  if (kind !== -1) ctx.projection.forEachOut(node, kind, (target) => void targets.push(target));
  return targets;
}

function propagationDegree(ctx: AnchorContext, node: number, cap: number): number {
  let degree = 0;
  const count = (): boolean => ++degree > cap;
  if (ctx.projection.forEachOutMasked(node, ctx.propagationMask, count)) return degree;
  ctx.projection.forEachInMasked(node, ctx.propagationMask, count);
  return degree;
}

/**
 * Breadth-first search over propagation edges in both directions, up to
 * `maxHops`. The start node is always expanded (an alert on a gateway reaches
 * every device behind it); other nodes only when their degree is at most
 * `hubDegree`, so a feeder or gateway is an anchor but not a bridge to its
 * hundreds of dependants.
 */
function reachOf(ctx: AnchorContext, start: number): Map<number, { depth: number; parent: number }> {
  const reach = new Map<number, { depth: number; parent: number }>([[start, { depth: 0, parent: -1 }]]);
  let frontier = [start];
  for (let depth = 1; depth <= ctx.maxHops && frontier.length > 0; depth++) {
    const next: number[] = [];
    for (const node of frontier) {
      if (node !== start && propagationDegree(ctx, node, ctx.hubDegree) > ctx.hubDegree) continue;
      const visit = (neighbour: number): void => {
        if (reach.has(neighbour)) return;
        reach.set(neighbour, { depth, parent: node });
        next.push(neighbour);
      };
      ctx.projection.forEachOutMasked(node, ctx.propagationMask, visit);
      ctx.projection.forEachInMasked(node, ctx.propagationMask, visit);
    }
    frontier = next;
  }
  return reach;
}

/** Looks up the anchors of one device; a device absent from the projection gets none but itself. */
export function deviceAnchors(ctx: AnchorContext, deviceId: string): DeviceAnchors {
  const { projection } = ctx;
  const node = projection.nodeIndex(deviceId);
  if (node === -1) return { deviceId, node, gateways: [], segments: [], suppliers: [], zone: -1, reach: new Map() };
  const gateways = projection.isA(node, 'Gateway') ? [node] : outTargets(ctx, node, ctx.networkedVia).filter((g) => projection.isA(g, 'Gateway'));
  const segments = projection.isA(node, 'NetworkSegment') ? [node] : [];
  for (const via of [node, ...gateways]) {
    for (const target of outTargets(ctx, via, ctx.networkedVia)) {
      if (projection.isA(target, 'NetworkSegment') && !segments.includes(target)) segments.push(target);
    }
  }
  const suppliers: number[] = [];
  projection.forEachOutMasked(node, ctx.supplyMask, (target) => void suppliers.push(target));
  return { deviceId, node, gateways, segments, suppliers, zone: projection.columns.zone[node] ?? -1, reach: reachOf(ctx, node) };
}

/** The nodes of the path from `from` through the meeting node `via` to `to`, as ids joined by "→". */
export function pathText(projection: Projection, from: DeviceAnchors, via: number, to: DeviceAnchors): string {
  const up: string[] = [];
  for (let v = via; v !== -1; v = from.reach.get(v)?.parent ?? -1) up.push(projection.nodeId(v));
  up.reverse();
  for (let v = to.reach.get(via)?.parent ?? -1; v !== -1; v = to.reach.get(v)?.parent ?? -1) up.push(projection.nodeId(v));
  return up.join('→');
}
