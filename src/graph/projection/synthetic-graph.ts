import { createRandom, type Random } from '../../core/index.js';
import { DOMAINS } from '../../ontology/index.js';
import type { Change, ChangeSet, EdgeRecord, NodeRecord, Props, StoreStats } from '../port.js';
import type { ProjectionSource } from './apply-changes.js';
import type { EdgeLike, NodeLike } from './projection-state.js';

/** Hubs (facilities, zones, gateways) that many devices point at. */
const HUB_KINDS = ['Substation', 'Zone', 'Gateway', 'NetworkSegment', 'Feeder', 'PumpingStation', 'Hospital', 'Plc'];
const LEAF_KINDS = ['Camera', 'SmartMeter', 'TrafficSignal', 'AirQualitySensor', 'FlowSensor', 'Pump', 'Valve', 'Vulnerability'];
const EDGE_KINDS = ['poweredBy', 'networkedVia', 'controlledBy', 'locatedIn', 'monitoredBy', 'dependsOn', 'suppliedBy', 'hasVulnerability'];

/**
 * A city-shaped random graph held in flat arrays: 1% hub nodes, every edge
 * leaves a non-hub node and half of them land on a hub (skewed in-degree).
 * For benchmarks and tests of scale; not a realistic city (see src/sim/).
 */
export interface SyntheticGraph {
  readonly ids: readonly string[];
  readonly nodeKind: readonly string[];
  readonly edgeFrom: Uint32Array;
  readonly edgeTo: Uint32Array;
  /** Index into `edgeKinds`. */
  readonly edgeKind: Uint8Array;
  readonly edgeKinds: readonly string[];
}

export function syntheticGraph(nodes: number, edges: number, seed: number): SyntheticGraph {
  const random = createRandom(seed);
  const hubs = Math.max(1, Math.floor(nodes / 100));
  const ids: string[] = new Array<string>(nodes);
  const nodeKind: string[] = new Array<string>(nodes);
  for (let i = 0; i < nodes; i++) {
    const kind = i < hubs ? (HUB_KINDS[i % HUB_KINDS.length] as string) : random.pick(LEAF_KINDS);
    nodeKind[i] = kind;
    ids[i] = `urn:civgraph:${kind}:${i.toString(36)}`;
  }
  const edgeFrom = new Uint32Array(edges);
  const edgeTo = new Uint32Array(edges);
  const edgeKind = new Uint8Array(edges);
  for (let j = 0; j < edges; j++) {
    edgeFrom[j] = nodes > hubs ? random.int(hubs, nodes - 1) : random.int(0, nodes - 1);
    edgeTo[j] = random.chance(0.5) ? random.int(0, hubs - 1) : random.int(0, nodes - 1);
    edgeKind[j] = random.int(0, EDGE_KINDS.length - 1);
  }
  return { ids, nodeKind, edgeFrom, edgeTo, edgeKind, edgeKinds: EDGE_KINDS };
}

/** Deterministic attribute properties for node i (criticality, domain, zone, cvss...). */
export function syntheticProps(graph: SyntheticGraph, i: number): Props {
  const props: Record<string, string | number | boolean> = {
    criticality: 1 + (i % 5),
    domain: DOMAINS[i % DOMAINS.length] as string,
    zone: `zone-${i % 2500}`,
  };
  if (graph.nodeKind[i] === 'Vulnerability') props['cvss'] = (i % 100) / 10;
  if (graph.nodeKind[i] === 'Hospital') props['peopleServed'] = 10_000 + i;
  if (graph.nodeKind[i] === 'Camera') props['defaultCredentials'] = i % 3 === 0;
  return props;
}

export function syntheticNode(graph: SyntheticGraph, i: number): NodeLike {
  return { id: graph.ids[i] as string, kind: graph.nodeKind[i] as string, props: syntheticProps(graph, i) };
}

export function syntheticEdge(graph: SyntheticGraph, j: number): EdgeLike {
  return {
    kind: graph.edgeKinds[graph.edgeKind[j] as number] as string,
    from: graph.ids[graph.edgeFrom[j] as number] as string,
    to: graph.ids[graph.edgeTo[j] as number] as string,
  };
}

/** The synthetic graph behind the ProjectionSource surface, records made per batch as a store would. */
export function syntheticSource(graph: SyntheticGraph): ProjectionSource {
  const stats: StoreStats = { nodes: graph.ids.length, edges: graph.edgeFrom.length, nodeKinds: {}, edgeKinds: {}, version: 1 };
  return {
    version: () => Promise.resolve(1),
    stats: () => Promise.resolve(stats),
    changes: () => Promise.resolve({ changes: [], version: 1, hasMore: false }),
    async *exportNodes(options) {
      const size = options?.batchSize ?? 10_000;
      for (let start = 0; start < graph.ids.length; start += size) {
        const batch: NodeRecord[] = [];
        for (let i = start; i < Math.min(start + size, graph.ids.length); i++) {
          const node = syntheticNode(graph, i);
          batch.push({ id: node.id, kind: node.kind, labels: [node.kind], props: node.props ?? {}, version: 1 });
        }
        yield batch;
      }
    },
    async *exportEdges(options) {
      const size = options?.batchSize ?? 10_000;
      for (let start = 0; start < graph.edgeFrom.length; start += size) {
        const batch: EdgeRecord[] = [];
        for (let j = start; j < Math.min(start + size, graph.edgeFrom.length); j++) {
          const edge = syntheticEdge(graph, j);
          batch.push({ ...edge, id: `${edge.from}|${edge.kind}|${edge.to}`, props: {}, version: 1 });
        }
        yield batch;
      }
    },
  };
}

/**
 * A random change feed against the synthetic graph: edge adds (40%), edge
 * deletes (30%), attribute changes (15%), new nodes with an edge (10%), node
 * deletes (5%); one store version per change, `perSet` changes per ChangeSet.
 */
export function syntheticChanges(graph: SyntheticGraph, count: number, perSet: number, random: Random, firstVersion: number): ChangeSet[] {
  const sets: ChangeSet[] = [];
  const n = graph.ids.length;
  let version = firstVersion;
  let fresh = 0;
  const deleted = new Set<string>();
  let changes: Change[] = [];
  const edgeRecord = (from: string, kind: string, to: string): EdgeRecord => ({ id: `${from}|${kind}|${to}`, kind, from, to, props: { transmission: 0.5 }, version });
  const nodeRecord = (id: string, kind: string): NodeRecord => ({ id, kind, labels: [kind], props: { criticality: random.int(1, 5) }, version });
  for (let c = 0; c < count; c++) {
    version++;
    const roll = random.next();
    const kind = random.pick(graph.edgeKinds);
    const a = graph.ids[random.int(0, n - 1)] as string;
    const b = graph.ids[random.int(0, n - 1)] as string;
    const endpointsLive = !deleted.has(a) && !deleted.has(b);
    if (roll < 0.4) {
      if (endpointsLive) changes.push({ version, op: 'upsert', entity: 'edge', record: edgeRecord(a, kind, b) });
    } else if (roll < 0.7) {
      changes.push({ version, op: 'delete', entity: 'edge', id: syntheticEdgeId(graph, random.int(0, graph.edgeFrom.length - 1)) });
    } else if (roll < 0.85) {
      deleted.delete(a);
      changes.push({ version, op: 'upsert', entity: 'node', record: nodeRecord(a, 'Camera') });
    } else if (roll < 0.95) {
      const id = `urn:civgraph:new:${fresh++}`;
      changes.push({ version, op: 'upsert', entity: 'node', record: nodeRecord(id, 'Camera') });
      if (!deleted.has(b)) changes.push({ version, op: 'upsert', entity: 'edge', record: edgeRecord(id, 'locatedIn', b) });
    } else {
      deleted.add(a);
      changes.push({ version, op: 'delete', entity: 'node', id: a });
    }
    if (changes.length >= perSet) {
      sets.push({ changes, version, hasMore: false });
      changes = [];
    }
  }
  if (changes.length > 0) sets.push({ changes, version, hasMore: false });
  return sets;
}

function syntheticEdgeId(graph: SyntheticGraph, j: number): string {
  const edge = syntheticEdge(graph, j);
  return `${edge.from}|${edge.kind}|${edge.to}`;
}
