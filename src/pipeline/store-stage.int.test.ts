/**
 * The store stage on a real Neo4j (issue 9, the live loop on Neo4j): events and their device
 * edges written in micro-batches, two writes in flight, at-least-once delivery (300 events sent
 * again after their first copy, as a broker redelivers). Checked against the embedded store fed the
 * same events (the differential), on a test-owned server (tests/setup/neo4j-server-control.ts)
 * because the contract suite's `clear()` empties the shared one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineError } from '../core/index.js';
import { openEmbeddedStore } from '../graph/embedded/index.js';
import { openNeo4jStore, type Neo4jStore } from '../graph/neo4j/index.js';
import type { EdgeRecord, GraphStore, NodeRecord } from '../graph/port.js';
import { labelsOf } from '../ontology/index.js';
import { canControlNeo4j, startControlledNeo4j, type ControlledNeo4j } from '../../tests/setup/neo4j-server-control.js';
import { neo4jTarget } from '../../tests/setup/neo4j-target.js';
import type { LiveEvent } from './live-event.js';
import { createStoreStage } from './store-stage.js';

const target = neo4jTarget();
const DEVICES = ['dev-a', 'dev-b', 'dev-c'];

const observation = (i: number, deviceId: string): LiveEvent => ({
  event: { type: 'observation', id: `obs-${i}`, time: '2026-01-05T00:00:00.000Z', deviceId, kind: 'LevelSensor', domain: 'Water', quantity: 'level', value: i, unit: 'm' },
});
const securityEvent = (i: number, deviceId: string): LiveEvent => ({
  event: { type: 'security', id: `sec-${i}`, time: '2026-01-05T00:00:01.000Z', deviceId, kind: 'Camera', domain: 'PublicSafety', action: 'failedLogin', count: i, peer: '10.0.0.9' },
});

/** 1,200 events over three devices and one device the graph lacks (no edge), then 300 of them again (redelivered). */
function stream(): LiveEvent[] {
  const events: LiveEvent[] = [];
  for (let i = 0; i < 1200; i++) {
    const device = i % 7 === 0 ? 'ghost' : DEVICES[i % 3]!;
    events.push(i % 5 === 0 ? securityEvent(i, device) : observation(i, device));
  }
  for (let i = 0; i < 300; i++) events.push(events[(i * 37) % 1200]!);
  return events;
}

async function writeThrough(store: GraphStore, events: readonly LiveEvent[]): Promise<number[]> {
  const stage = createStoreStage({ store, hasDevice: (id) => DEVICES.includes(id), batchSize: 250, maxPending: 1000, lingerMs: 1 });
  const commits: number[] = [];
  stage.onCommit((c) => commits.push(c));
  for (const live of events) {
    const wait = stage.add(live);
    if (wait !== undefined) await wait;
  }
  await stage.flush();
  return commits;
}

async function all<T>(pages: AsyncIterable<readonly T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...page);
  return out;
}

const nodeView = (n: NodeRecord) => ({ id: n.id, kind: n.kind, labels: n.labels, props: n.props });
const edgeView = (e: EdgeRecord) => ({ id: e.id, kind: e.kind, from: e.from, to: e.to, props: e.props });
const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

describe.skipIf(!target.available || !canControlNeo4j())('store stage on Neo4j: pipelined writes, redelivery, big batches', () => {
  let server: ControlledNeo4j;
  let store: Neo4jStore;
  const dir = mkdtempSync(join(tmpdir(), 'civgraph-store-stage-int-'));
  const devices = { nodes: DEVICES.map((id) => ({ id, kind: 'LevelSensor', props: { name: id } })) };

  beforeAll(async () => {
    server = await startControlledNeo4j();
    store = await openNeo4jStore({ uri: server.uri, labelsOf, batchSize: 100 });
    await store.write(devices);
  });
  afterAll(async () => {
    await store?.close();
    await server?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores every event once with its device edge, as the embedded store does, and raises the watermark batch by batch', async () => {
    const events = stream();
    const commits = await writeThrough(store, events);
    expect(commits).toEqual([250, 500, 750, 1000, 1250, 1500]);
    const embedded = openEmbeddedStore({ path: join(dir, 'diff.db'), labelsOf });
    try {
      await embedded.write(devices);
      await writeThrough(embedded, events);
      const [nodes, edges, expectedNodes, expectedEdges] = await Promise.all([all(store.exportNodes()), all(store.exportEdges()), all(embedded.exportNodes()), all(embedded.exportEdges())]);
      expect(nodes.map(nodeView).sort(byId)).toEqual(expectedNodes.map(nodeView).sort(byId));
      expect(edges.map(edgeView).sort(byId)).toEqual(expectedEdges.map(edgeView).sort(byId));
      expect([nodes.length, edges.length]).toEqual([1203, 1200 - Math.ceil(1200 / 7)]);
    } finally {
      await embedded.close();
    }
    const sample = await store.getNodes(['obs-1', 'sec-5']);
    expect(sample.get('obs-1')?.props).toEqual({ time: '2026-01-05T00:00:00.000Z', deviceId: 'dev-b', quantity: 'level', value: 1, unit: 'm' });
    expect(sample.get('sec-5')?.labels).toEqual(['SecurityEvent', 'Happening']);
    expect(await store.getEdge('sec-5|affects|dev-c')).toMatchObject({ kind: 'affects', from: 'sec-5', to: 'dev-c', props: {} });
  });

  it('writes one big batch of new events in several statements and reads back every edge', async () => {
    const events = Array.from({ length: 2500 }, (_, i) => observation(10_000 + i, DEVICES[i % 3]!));
    const result = await store.write({
      nodes: events.map((e) => ({ id: e.event.id, kind: 'Observation', props: { deviceId: e.event.deviceId } })),
      edges: events.map((e) => ({ kind: 'observedBy', from: e.event.id, to: e.event.deviceId })),
    });
    expect([result.nodesWritten, result.edgesWritten]).toEqual([2500, 2500]);
    const neighbours = await store.neighbours({ id: 'dev-a', direction: 'in', edgeKinds: ['observedBy'] });
    const big = neighbours.map((n) => n.node.id).filter((id) => Number(id.slice(4)) >= 10_000).sort();
    expect(big).toEqual(events.filter((_, i) => i % 3 === 0).map((e) => e.event.id).sort());
    const changes = await store.changes(result.version - 1);
    expect([changes.changes.filter((c) => c.entity === 'node').length, changes.changes.filter((c) => c.entity === 'edge').length, changes.hasMore]).toEqual([2500, 2500, false]);
  });

  it('rejects a new event whose device is missing with CG_EDGE_ENDPOINT_MISSING naming the device, and writes nothing of the batch', async () => {
    const version = await store.version();
    const error = await store
      .write({
        nodes: [{ id: 'obs-new-1', kind: 'Observation' }, { id: 'obs-new-2', kind: 'Observation' }],
        edges: [
          { kind: 'observedBy', from: 'obs-new-1', to: 'dev-a' },
          { kind: 'observedBy', from: 'obs-new-2', to: 'dev-gone' },
        ],
      })
      .then(() => undefined, (e: unknown) => e as EngineError);
    expect([error?.code, error?.details]).toEqual(['CG_EDGE_ENDPOINT_MISSING', { edgeId: 'obs-new-2|observedBy|dev-gone', missing: 'dev-gone', endpoint: 'to' }]);
    expect(await store.version()).toBe(version);
    expect((await store.getNodes(['obs-new-1', 'obs-new-2'])).size).toBe(0);
  });
});
