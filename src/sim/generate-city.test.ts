import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ABSTRACT_NODE_KINDS, DOMAINS, EDGE_KIND_INFO, EDGE_KINDS, NODE_KIND_ANCESTORS, NODE_KINDS, type EdgeKind, type NodeKind } from '../ontology/index.js';
import type { EdgeInput, NodeInput } from '../graph/port.js';
import { generateCity, indexCity, SIM_DOMAINS, type City } from './index.js';

interface Loaded {
  readonly nodes: Map<string, NodeInput>;
  readonly edges: EdgeInput[];
  /** Edges whose endpoint is neither in an earlier batch nor in the edge's own batch. */
  readonly lateEndpoints: string[];
  readonly batchSizes: number[];
}

function load(city: City): Loaded {
  const nodes = new Map<string, NodeInput>();
  const edges: EdgeInput[] = [];
  const lateEndpoints: string[] = [];
  const batchSizes: number[] = [];
  for (const batch of city.batches()) {
    for (const node of batch.nodes ?? []) nodes.set(node.id, node);
    for (const edge of batch.edges ?? []) {
      if (!nodes.has(edge.from) || !nodes.has(edge.to)) lateEndpoints.push(`${edge.from}|${edge.kind}|${edge.to}`);
      edges.push(edge);
    }
    batchSizes.push((batch.nodes?.length ?? 0) + (batch.edges?.length ?? 0));
  }
  return { nodes, edges, lateEndpoints, batchSizes };
}

function digest(city: City): string {
  const hash = createHash('sha256');
  for (const batch of city.batches()) hash.update(JSON.stringify(batch));
  return hash.digest('hex');
}

const city = generateCity({ devices: 5000, seed: 1 });
const graph = load(city);
const out = (id: string, kind: string): string[] => graph.edges.filter((e) => e.from === id && e.kind === kind).map((e) => e.to);

describe('generateCity', () => {
  it('is deterministic by seed', () => {
    expect(digest(generateCity({ devices: 5000, seed: 1 }))).toBe(digest(city));
    expect(digest(generateCity({ devices: 5000, seed: 2 }))).not.toBe(digest(city));
  });

  it('writes only concrete ontology kinds, every node named, every edge endpoint present in time', () => {
    const abstract = new Set<string>(ABSTRACT_NODE_KINDS);
    const nodeKinds = new Set([...graph.nodes.values()].map((n) => n.kind));
    expect([...nodeKinds].filter((k) => !(NODE_KINDS as readonly string[]).includes(k) || abstract.has(k))).toEqual([]);
    expect([...new Set(graph.edges.map((e) => e.kind))].filter((k) => !(EDGE_KINDS as readonly string[]).includes(k))).toEqual([]);
    expect([...graph.nodes.values()].filter((n) => typeof n.props?.name !== 'string').map((n) => n.id)).toEqual([]);
    expect(graph.lateEndpoints).toEqual([]);
    expect(new Set(graph.edges.map((e) => `${e.from}|${e.kind}|${e.to}`)).size).toBe(graph.edges.length);
    const index = indexCity(city, { devices: false });
    expect(graph.nodes.size).toBe(index.counts.nodes);
    expect([...SIM_DOMAINS].sort()).toEqual([...DOMAINS].sort());
  });

  it('respects the domain and range of every edge kind', () => {
    const fits = (id: string, allowed: readonly NodeKind[]): boolean => {
      const kind = graph.nodes.get(id)?.kind as NodeKind | undefined;
      return allowed.length === 0 || (kind !== undefined && NODE_KIND_ANCESTORS[kind].some((k) => allowed.includes(k)));
    };
    const misfits = new Set<string>();
    for (const e of graph.edges) {
      const info = EDGE_KIND_INFO[e.kind as EdgeKind];
      if (!fits(e.from, info.domain) || !fits(e.to, info.range)) misfits.add(`${graph.nodes.get(e.from)?.kind} ${e.kind} ${graph.nodes.get(e.to)?.kind}`);
    }
    expect([...misfits]).toEqual([]);
  });

  it('bounds batches by batchSize plus one unit', () => {
    expect(Math.max(...graph.batchSizes)).toBeLessThan(10_000 + 200);
    expect(graph.batchSizes.length).toBeGreaterThan(1);
  });

  it('places every physical asset in a zone with domain and coordinates', () => {
    const located = new Map(graph.edges.filter((e) => e.kind === 'locatedIn').map((e) => [e.from, e.to]));
    const unplaced = [...graph.nodes.values()].filter((n) => {
      const physical = !/Service$/.test(n.kind) && !['Zone', 'Vulnerability', 'Weakness'].includes(n.kind);
      if (!physical) return false;
      const p = n.props ?? {};
      return located.get(n.id) !== p.zone || typeof p.domain !== 'string' || typeof p.lat !== 'number' || typeof p.lon !== 'number';
    });
    expect(unplaced.map((n) => n.id)).toEqual([]);
  });

  it('covers all eight domains with devices at 5,000 devices', () => {
    const index = indexCity(city, { devices: false });
    expect(Object.keys(index.counts.devicesByDomain).sort()).toEqual([...DOMAINS].sort());
    expect(index.counts.devices - (index.counts.byNodeKind.Gateway ?? 0)).toBe(5000);
  });

  it('gives every hospital a 1-of-2 power group over feeders of two substations, and a path from a substation to its service', () => {
    for (const hospital of city.notable.hospitals) {
      const [group] = out(hospital, 'dependsOn');
      expect(graph.nodes.get(group ?? '')?.props?.requiredCount).toBe(1);
      const feeders = out(group ?? '', 'hasMember');
      expect(feeders).toHaveLength(2);
      const substations = new Set(feeders.flatMap((f) => out(f, 'poweredBy')));
      expect(substations.size).toBe(2);
    }
    // Walk dependencies from the service towards what it needs: service → hospital → group → feeder → substation.
    const reach = new Set(['svc-hospital-0']);
    for (let depth = 0; depth < 5; depth++) {
      for (const e of graph.edges) if (reach.has(e.from) && ['dependsOn', 'hasMember', 'poweredBy'].includes(e.kind)) reach.add(e.to);
    }
    expect([...reach].filter((id) => graph.nodes.get(id)?.kind === 'Substation').length).toBe(2);
  });

  it('shares one gateway between traffic and water SCADA', () => {
    const shared = city.notable.sharedGateway;
    const domains = new Set(graph.edges.filter((e) => e.kind === 'networkedVia' && e.to === shared).map((e) => graph.nodes.get(e.from)?.props?.domain));
    expect([...domains].sort()).toEqual(['Transportation', 'Water']);
    expect(out('w0-PLC3', 'networkedVia')).toEqual([shared]);
    expect(out('tc-0', 'networkedVia')).toEqual([shared]);
  });

  it('wires the C-Town district: pumps controlled by PLCs, tanks supplied by pumps and watched by level sensors', () => {
    expect(out('w0-PU4', 'controlledBy')).toEqual(['w0-PLC3']);
    expect(out('w0-PU3', 'controlledBy')).toEqual([]);
    expect(out('w0-T1', 'suppliedBy').sort()).toEqual(['w0-PU1', 'w0-PU2', 'w0-PU3']);
    expect(out('w0-T1', 'monitoredBy')).toEqual(['w0-L_T1']);
    expect(out('w0-PLC1', 'dependsOn').sort()).toEqual(['w0-F_PU1', 'w0-F_PU2', 'w0-PLC2', 'w0-P_J269', 'w0-P_J280']);
    expect(typeof graph.nodes.get('w0-T3')?.props?.storageHours).toBe('number');
  });

  it('marks cameras with default credentials with the weakness, at about the configured share', () => {
    const cameras = [...graph.nodes.values()].filter((n) => n.kind === 'Camera');
    const weak = cameras.filter((n) => n.props?.defaultCredentials === true).map((n) => n.id).sort();
    const withWeakness = graph.edges.filter((e) => e.kind === 'hasWeakness').map((e) => e.from).sort();
    expect(withWeakness).toEqual(weak);
    expect(weak.length / cameras.length).toBeGreaterThan(0.12);
    expect(weak.length / cameras.length).toBeLessThan(0.18);
  });

  it('scales roughly linearly (5k vs 50k)', () => {
    const small = indexCity(city, { devices: false }).counts;
    const large = indexCity(generateCity({ devices: 50_000, seed: 1 }), { devices: false }).counts;
    expect(large.nodes / small.nodes).toBeGreaterThan(9);
    expect(large.nodes / small.nodes).toBeLessThan(11);
    expect(large.edges / small.edges).toBeGreaterThan(9);
    expect(large.edges / small.edges).toBeLessThan(11);
  });

  it('rejects a device budget out of range', () => {
    expect(() => generateCity({ devices: 10 })).toThrowError(expect.objectContaining({ code: 'CG_ARGUMENT_INVALID', details: { option: 'devices', value: 10 } }));
  });
});
