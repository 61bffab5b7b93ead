import { describe, expect, it } from 'vitest';
import type { EdgeInput, NodeInput } from '../port.js';
import { FakeGraphStore } from './fake-graph-store.test-support.js';
import { buildProjection, createProjectionBuilder, type Projection } from './index.js';
import { snapshotProjection } from './snapshot-projection.test-support.js';
import { syntheticEdge, syntheticGraph, syntheticNode } from './synthetic-graph.js';

const NODES: NodeInput[] = [
  { id: 'S1', kind: 'Substation', props: { criticality: 5, domain: 'Energy', zone: 'z1', backupHours: 4 } },
  { id: 'H1', kind: 'Hospital', props: { criticality: 5, peopleServed: 120000, backupHours: 8, domain: 'Health', zone: 'z1' } },
  { id: 'C1', kind: 'Camera', props: { defaultCredentials: true, zone: 'z2', domain: 'PublicSafety' } },
  { id: 'C2', kind: 'Camera', props: { defaultCredentials: false, domain: 'Atlantis' } },
  { id: 'G1', kind: 'Gateway' },
  { id: 'P1', kind: 'Plc' },
  { id: 'T1', kind: 'Tank', props: { storageHours: 12 } },
  { id: 'R1', kind: 'RedundancyGroup', props: { requiredCount: 2 } },
  { id: 'V1', kind: 'Vulnerability', props: { cvss: 9.8, exploitability: 0.9 } },
  { id: 'Z1', kind: 'Zone' },
  { id: 'SVC', kind: 'HospitalCareService', props: { criticality: '5' } },
  { id: 'X1', kind: 'Spaceship' },
];

const EDGES: EdgeInput[] = [
  { kind: 'poweredBy', from: 'H1', to: 'S1', props: { transmission: 0.6 } },
  { kind: 'poweredBy', from: 'C1', to: 'S1' },
  { kind: 'networkedVia', from: 'C1', to: 'G1', props: { delayHours: 0.5 } },
  { id: 'e-dup', kind: 'networkedVia', from: 'C1', to: 'G1' },
  { kind: 'networkedVia', from: 'C2', to: 'G1' },
  { kind: 'controlledBy', from: 'C1', to: 'P1' },
  { kind: 'hasVulnerability', from: 'C1', to: 'V1' },
  { kind: 'locatedIn', from: 'C1', to: 'Z1' },
  { kind: 'locatedIn', from: 'C2', to: 'Z1' },
  { kind: 'locatedIn', from: 'H1', to: 'Z1' },
  { kind: 'hasMember', from: 'R1', to: 'S1' },
  { kind: 'hasMember', from: 'R1', to: 'T1' },
  { kind: 'supports', from: 'H1', to: 'SVC' },
  { kind: 'dependsOn', from: 'SVC', to: 'H1' },
  { id: 'e-custom-1', kind: 'monitoredBy', from: 'H1', to: 'C1' },
  { kind: 'warpsTo', from: 'X1', to: 'Z1' },
];

async function handMade(): Promise<Projection> {
  const store = new FakeGraphStore();
  store.write({ nodes: NODES, edges: EDGES });
  return buildProjection(store, { batchSize: 3 });
}

function neighbours(p: Projection, id: string, kind: string, direction: 'out' | 'in'): string[] {
  const found: string[] = [];
  const visit = (n: number): void => void found.push(p.nodeId(n));
  const code = p.edgeKindCode(kind);
  if (direction === 'out') p.forEachOut(p.nodeIndex(id), code, visit);
  else p.forEachIn(p.nodeIndex(id), code, visit);
  return found.sort();
}

describe('projection built from a store', () => {
  it('holds exactly the neighbours of every node, per edge kind and direction', async () => {
    const p = await handMade();
    const expected = new Map<string, string[]>();
    for (const e of EDGES) {
      const out = `${e.from} out ${e.kind}`;
      const into = `${e.to} in ${e.kind}`;
      expected.set(out, [...(expected.get(out) ?? []), e.to].sort());
      expected.set(into, [...(expected.get(into) ?? []), e.from].sort());
    }
    const actual = new Map<string, string[]>();
    for (const node of NODES) {
      for (const kind of p.edgeKinds) {
        for (const direction of ['out', 'in'] as const) {
          const list = neighbours(p, node.id, kind, direction);
          if (list.length > 0) actual.set(`${node.id} ${direction} ${kind}`, list);
        }
      }
    }
    expect(Object.fromEntries(actual)).toEqual(Object.fromEntries(expected));
    expect(neighbours(p, 'S1', 'poweredBy', 'in')).toEqual(['C1', 'H1']);
    expect(neighbours(p, 'C1', 'networkedVia', 'out')).toEqual(['G1', 'G1']);
    expect(neighbours(p, 'G1', 'networkedVia', 'in')).toEqual(['C1', 'C1', 'C2']);
    expect(p.version).toBe(1);
    expect([p.liveNodeCount, p.edgeCount, p.pendingEdgeCount]).toEqual([12, 16, 0]);
  });

  it('iterates edge sets through a kind mask and stops when the visitor returns true', async () => {
    const p = await handMade();
    const mask = p.edgeKindMask(['poweredBy', 'networkedVia', 'controlledBy', 'noSuchKind']);
    const c1 = p.nodeIndex('C1');
    const seen: string[] = [];
    p.forEachOutMasked(c1, mask, (n, _e, k) => void seen.push(`${p.edgeKinds[k]}:${p.nodeId(n)}`));
    expect(seen.sort()).toEqual(['controlledBy:P1', 'networkedVia:G1', 'networkedVia:G1', 'poweredBy:S1']);
    const into: string[] = [];
    p.forEachInMasked(p.nodeIndex('Z1'), p.edgeKindMask(['locatedIn']), (n) => void into.push(p.nodeId(n)));
    expect(into.sort()).toEqual(['C1', 'C2', 'H1']);
    let visits = 0;
    const stopped = p.forEachOutMasked(c1, mask, () => ++visits === 2);
    expect([stopped, visits]).toEqual([true, 2]);
    expect(p.forEachOut(c1, p.edgeKindCode('poweredBy'), () => false)).toBe(false);
    expect([p.outDegree(c1, p.edgeKindCode('networkedVia')), p.inDegree(p.nodeIndex('S1'), p.edgeKindCode('hasMember'))]).toEqual([2, 1]);
  });

  it('fills the attribute columns with NaN / -1 for absent or ill-typed values', async () => {
    const p = await handMade();
    const c = p.columns;
    const row = (id: string): unknown[] => {
      const v = p.nodeIndex(id);
      const zone = c.zone[v] as number;
      const domain = c.domain[v] as number;
      return [
        c.criticality[v], c.peopleServed[v], c.backupHours[v], c.storageHours[v], c.requiredCount[v],
        c.cvss[v], c.exploitability[v], c.defaultCredentials[v],
        domain === -1 ? null : p.domains[domain], zone === -1 ? null : p.zones[zone],
      ];
    };
    expect(row('H1')).toEqual([5, 120000, 8, NaN, NaN, NaN, NaN, -1, 'Health', 'z1']);
    expect(row('S1')).toEqual([5, NaN, 4, NaN, NaN, NaN, NaN, -1, 'Energy', 'z1']);
    expect(row('C1')).toEqual([NaN, NaN, NaN, NaN, NaN, NaN, NaN, 1, 'PublicSafety', 'z2']);
    expect(row('C2')).toEqual([NaN, NaN, NaN, NaN, NaN, NaN, NaN, 0, null, null]);
    expect(row('T1')).toEqual([NaN, NaN, NaN, 12, NaN, NaN, NaN, -1, null, null]);
    expect(row('R1')).toEqual([NaN, NaN, NaN, NaN, 2, NaN, NaN, -1, null, null]);
    expect(row('V1')).toEqual([NaN, NaN, NaN, NaN, NaN, 9.8, 0.9, -1, null, null]);
    expect(row('SVC')).toEqual([NaN, NaN, NaN, NaN, NaN, NaN, NaN, -1, null, null]);
    expect([p.zones[p.zoneCode('z1')], p.zones[p.zoneCode('z2')], p.zoneCode('z9'), p.zones.length]).toEqual(['z1', 'z2', -1, 2]);
  });

  it('interns cg:site and cg:element into their own tables; absent or ill-typed values are -1', () => {
    const builder = createProjectionBuilder();
    builder.addNode({ id: 'w0-PU4', kind: 'Pump', props: { site: 'w0', element: 'PU4' } });
    builder.addNode({ id: 'w0-L_T3', kind: 'LevelSensor', props: { site: 'w0', element: 'T3' } });
    builder.addNode({ id: 'w1-PU4', kind: 'Pump', props: { site: 'w1', element: 'PU4' } });
    builder.addNode({ id: 'gw-0', kind: 'Gateway', props: { site: 'block-0' } });
    builder.addNode({ id: 'cam-1', kind: 'Camera', props: { site: 4, element: true } });
    builder.addNode({ id: 'tank', kind: 'Tank' });
    const p = builder.finish({ version: 1 });
    const { site, element } = p.columns;
    const at = (id: string): (string | null)[] => {
      const v = p.nodeIndex(id);
      return [site[v] === -1 ? null : (p.sites[site[v] as number] as string), element[v] === -1 ? null : (p.elements[element[v] as number] as string)];
    };
    expect(['w0-PU4', 'w0-L_T3', 'w1-PU4', 'gw-0', 'cam-1', 'tank'].map(at)).toEqual([
      ['w0', 'PU4'], ['w0', 'T3'], ['w1', 'PU4'], ['block-0', null], [null, null], [null, null],
    ]);
    expect([p.sites, p.elements]).toEqual([['w0', 'w1', 'block-0'], ['PU4', 'T3']]);
    // 73 bytes per node slot: kind 2, alive 1, seven Float64 columns, two Int8 and three Int32 (zone, site, element).
    expect(p.memory().nodeColumnBytes).toBe(p.columns.site.length * 73);
  });

  it('answers kind membership through the ontology ancestors', async () => {
    const p = await handMade();
    const c1 = p.nodeIndex('C1');
    const labels = ['Camera', 'Sensor', 'Device', 'Asset', 'Actuator', 'Facility', 'Zone'];
    expect(labels.filter((label) => p.isA(c1, label))).toEqual(['Camera', 'Sensor', 'Device', 'Asset']);
    expect(labels.filter((label) => p.isA(p.nodeIndex('H1'), label))).toEqual(['Asset', 'Facility']);
    const sensors = p.labelMask('Sensor');
    const all = NODES.map((n) => n.id).filter((id) => sensors[p.nodeKindOf(p.nodeIndex(id))] === 1);
    expect(all).toEqual(['C1', 'C2']);
    const x1 = p.nodeIndex('X1');
    expect([p.nodeKind(x1), p.isA(x1, 'Spaceship'), p.isA(x1, 'Asset'), p.nodeKindCode('Spaceship') >= 0]).toEqual(['Spaceship', true, false, true]);
    expect([p.nodeKindCode('NoSuchKind'), p.edgeKindCode('noSuchKind'), p.nodeIndex('nobody')]).toEqual([-1, -1, -1]);
    expect(p.nodeKindOf(c1)).toBe(p.nodeKindCode('Camera'));
  });

  it('finds edges by default and custom id and keeps their overrides', async () => {
    const p = await handMade();
    const powered = p.edgeIndex('H1|poweredBy|S1');
    const custom = p.edgeIndex('e-custom-1');
    const dup = p.edgeIndex('e-dup');
    const plain = p.edgeIndex('C1|networkedVia|G1');
    expect([powered, custom, dup, plain].every((e) => e >= 0)).toBe(true);
    expect(new Set([dup, plain]).size).toBe(2);
    expect([p.edgeId(powered), p.edgeId(custom), p.edgeId(dup), p.edgeId(plain)]).toEqual([
      'H1|poweredBy|S1', 'e-custom-1', 'e-dup', 'C1|networkedVia|G1',
    ]);
    expect([p.nodeId(p.edgeFrom(custom)), p.edgeKinds[p.edgeKindOf(custom)], p.nodeId(p.edgeTo(custom))]).toEqual(['H1', 'monitoredBy', 'C1']);
    expect(p.edgeTransmission(powered)).toBeCloseTo(0.6, 6);
    expect([p.edgeDelay(powered), p.edgeTransmission(plain)]).toEqual([NaN, NaN]);
    expect(p.edgeDelay(plain)).toBe(0.5);
    expect([p.edgeIndex('H1|poweredBy|Z1'), p.edgeIndex('no|such'), p.edgeIndex('H1|monitoredBy|C1')]).toEqual([-1, -1, -1]);
  });

  it('exposes raw CSR arrays whose kind-sorted segments match the iteration API', async () => {
    const p = await handMade();
    const raw = p.raw();
    const s1 = p.nodeIndex('S1');
    const slots: string[] = [];
    for (let i = raw.in.offsets[s1] as number; i < (raw.in.offsets[s1 + 1] as number); i++) {
      slots.push(`${p.edgeKinds[raw.in.kinds[i] as number]}:${p.nodeId(raw.in.targets[i] as number)}`);
      expect(raw.edgeTo[raw.in.edges[i] as number]).toBe(s1);
    }
    expect(slots.slice().sort()).toEqual(['hasMember:R1', 'poweredBy:C1', 'poweredBy:H1']);
    const kinds = [...raw.in.kinds.subarray(raw.in.offsets[s1], raw.in.offsets[s1 + 1])];
    expect(kinds).toEqual(kinds.slice().sort((a, b) => a - b));
    expect([raw.csrNodeCount, raw.out.targets.length, raw.in.targets.length]).toEqual([12, 16, 16]);
  });

  it('reports its memory with topology under 64 bytes per edge at scale', async () => {
    const graph = syntheticGraph(20_000, 100_000, 7);
    const builder = createProjectionBuilder({ expectedNodes: 20_000, expectedEdges: 100_000 });
    for (let i = 0; i < 20_000; i++) builder.addNode(syntheticNode(graph, i));
    for (let j = 0; j < 100_000; j++) builder.addEdge(syntheticEdge(graph, j));
    const p = builder.finish({ version: 3 });
    const memory = p.memory();
    expect([memory.liveNodes, memory.liveEdges, p.version, builder.skippedEdges]).toEqual([20_000, 100_000, 3, 0]);
    expect(memory.topologyBytes).toBe(p.topologyBytes());
    expect(memory.topologyBytesPerEdge).toBeLessThan(64);
    expect(memory.topologyBytesPerEdge).toBeGreaterThan(18);
  });

  it('builds the same projection from node indexes as from string ids', () => {
    const graph = syntheticGraph(500, 3_000, 11);
    const byId = createProjectionBuilder();
    const byIndex = createProjectionBuilder();
    const index: number[] = [];
    for (let i = 0; i < 500; i++) {
      byId.addNode(syntheticNode(graph, i));
      index.push(byIndex.addNode(syntheticNode(graph, i)));
    }
    for (let j = 0; j < 3_000; j++) {
      byId.addEdge(syntheticEdge(graph, j));
      const kind = graph.edgeKinds[graph.edgeKind[j] as number] as string;
      byIndex.addEdgeBetween(index[graph.edgeFrom[j] as number] as number, index[graph.edgeTo[j] as number] as number, kind);
    }
    const a = snapshotProjection(byId.finish({ version: 1 }));
    expect(a.edges.length).toBe(3_000);
    expect(snapshotProjection(byIndex.finish({ version: 1 }))).toEqual(a);
  });
});

describe('projection misuse', () => {
  it('rejects an out-of-range node index as a programmer error', async () => {
    const p = await handMade();
    const error: unknown = (() => {
      try {
        p.forEachOut(p.nodeIndex('nobody'), 0, () => undefined);
        return undefined;
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toMatchObject({ code: 'CG_INVARIANT' });
  });
});
