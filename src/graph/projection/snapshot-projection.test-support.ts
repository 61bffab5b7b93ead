/**
 * Test support only (not exported from index.ts): an id-level snapshot of a
 * projection, independent of index numbering, so an incrementally maintained
 * projection can be compared with one rebuilt from scratch.
 */
import { NUMBER_COLUMNS } from './node-columns.js';
import type { Projection } from './projection.js';

export interface ProjectionSnapshot {
  readonly nodes: readonly (readonly unknown[])[];
  readonly edges: readonly (readonly unknown[])[];
  /** `${node} ${direction} ${edgeKind}` → sorted `${edgeId} ${neighbour}`. */
  readonly adjacency: Readonly<Record<string, readonly string[]>>;
}

function nodeRow(p: Projection, v: number): unknown[] {
  const c = p.columns;
  const zone = c.zone[v] as number;
  const domain = c.domain[v] as number;
  return [
    p.nodeId(v),
    p.nodeKind(v),
    ...NUMBER_COLUMNS.map((name) => c[name][v]),
    c.defaultCredentials[v],
    domain === -1 ? null : p.domains[domain],
    zone === -1 ? null : p.zones[zone],
    c.site[v] === -1 ? null : p.sites[c.site[v] as number],
    c.element[v] === -1 ? null : p.elements[c.element[v] as number],
  ];
}

function neighbourList(p: Projection, v: number, kind: number, direction: 'out' | 'in'): string[] {
  const list: string[] = [];
  const visit = (n: number, e: number): void => void list.push(`${p.edgeId(e)} ${p.nodeId(n)}`);
  if (direction === 'out') p.forEachOut(v, kind, visit);
  else p.forEachIn(v, kind, visit);
  return list.sort();
}

export function snapshotProjection(p: Projection): ProjectionSnapshot {
  const nodes: unknown[][] = [];
  const adjacency: Record<string, string[]> = {};
  for (let v = 0; v < p.nodeCount; v++) {
    if (!p.isAlive(v)) continue;
    nodes.push(nodeRow(p, v));
    for (let k = 0; k < p.edgeKinds.length; k++) {
      for (const direction of ['out', 'in'] as const) {
        const list = neighbourList(p, v, k, direction);
        if (list.length > 0) adjacency[`${p.nodeId(v)} ${direction} ${p.edgeKinds[k]}`] = list;
      }
    }
  }
  const edges: unknown[][] = [];
  for (let e = 0; e < p.edgeSlotCount; e++) {
    if (!p.isEdgeAlive(e)) continue;
    edges.push([p.edgeId(e), p.nodeId(p.edgeFrom(e)), p.edgeKinds[p.edgeKindOf(e)], p.nodeId(p.edgeTo(e)), p.edgeTransmission(e), p.edgeDelay(e)]);
  }
  const byId = (a: readonly unknown[], b: readonly unknown[]): number => (String(a[0]) < String(b[0]) ? -1 : 1);
  return { nodes: nodes.sort(byId), edges: edges.sort(byId), adjacency };
}
