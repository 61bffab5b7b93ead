import type { Projection } from '../../graph/projection/index.js';

/**
 * A service's weight in expected impact: criticality × peopleServed
 * (DESIGN.md §5 "Impact"); a missing criticality counts as 1 and missing
 * people served as 1, so an unannotated service still counts.
 */
export function serviceWeight(projection: Projection, v: number): number {
  const criticality = projection.columns.criticality[v] as number;
  const people = projection.columns.peopleServed[v] as number;
  return (Number.isFinite(criticality) ? criticality : 1) * (Number.isFinite(people) ? people : 1);
}

/** Live service nodes and their weights, for repeated impact sums. */
export interface ServiceTable {
  readonly nodes: Uint32Array;
  readonly weights: Float64Array;
}

export function serviceTable(projection: Projection): ServiceTable {
  const nodes: number[] = [];
  for (let v = 0; v < projection.nodeCount; v++) if (projection.isAlive(v) && projection.isA(v, 'Service')) nodes.push(v);
  return { nodes: Uint32Array.from(nodes), weights: Float64Array.from(nodes, (v) => serviceWeight(projection, v)) };
}

/** Σ over services P(loss of availability) × weight. */
export function expectedImpact(services: ServiceTable, availability: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < services.nodes.length; i++) sum += (availability[services.nodes[i] as number] as number) * (services.weights[i] as number);
  return sum;
}
