import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GraphStore } from '../graph/port.js';
import { openEmbeddedStore } from '../graph/embedded/index.js';
import { labelsOf, loadShapes, ontologyDir } from '../ontology/index.js';
import { memoryDeadLetter } from './dead-letter.js';
import { runIngest, type RunIngestOptions } from './run-ingest.js';
import { loadBundledContexts } from './sources/ngsi-ld/bundled-contexts.js';
import type { BundledContexts } from './sources/ngsi-ld/context-resolver.js';
import { repoRoot, sourceFixture } from './testing/fixture-paths.js';
import type { Store } from 'n3';

let contexts: BundledContexts;
let shapes: Store;
let dir: string;
let store: GraphStore;

beforeAll(async () => {
  contexts = await loadBundledContexts(join(repoRoot(), 'fixtures', 'sources', 'ngsi-ld', 'contexts'));
  shapes = await loadShapes({ dir: ontologyDir(repoRoot()) });
});
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'civgraph-ingest-'));
  store = await openEmbeddedStore({ path: join(dir, 'test.db'), labelsOf, synchronous: 'normal' });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const run = (inputs: RunIngestOptions['inputs'], extra: Partial<RunIngestOptions> = {}) =>
  runIngest({ store, inputs, contexts, shapes, now: 1_772_360_000, ...extra });

async function snapshot(): Promise<string[]> {
  const out: string[] = [];
  for await (const batch of store.exportNodes()) for (const n of batch) out.push(`N ${n.id} ${n.kind} ${JSON.stringify(n.props)}`);
  for await (const batch of store.exportEdges()) for (const e of batch) out.push(`E ${e.id} ${JSON.stringify(e.props)}`);
  return out.sort();
}

describe('runIngest', () => {
  it('reports the broken D3FEND file at line 106, fails the run, and still loads the valid file', async () => {
    const summary = await run([sourceFixture('rdf', 'd3fend-ontology-mappings.broken.ttl'), sourceFixture('rdf', 'city-sample.ttl')]);
    expect(summary.failed).toBe(true);
    expect(summary.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.location.line])).toEqual([['CG_INGEST_SYNTAX', 106]]);
    expect(summary.files.map((f) => [f.format, f.failed])).toEqual([['rdf', true], ['rdf', false]]);
    expect((await store.stats()).nodeKinds).toEqual({ Camera: 1, Gateway: 1, Zone: 1 });
  });

  it('is idempotent: the same inputs twice give the same graph', async () => {
    const inputs = [sourceFixture('scada', 'batadal-scada-tags.csv'), sourceFixture('ngsi-ld', 'device.keyvalues-v2.json')];
    const first = await run(inputs, { scadaSystem: 'ctown' });
    const before = await snapshot();
    const second = await run(inputs, { scadaSystem: 'ctown' });
    expect(await snapshot()).toEqual(before);
    expect([first.accepted, second.accepted, second.nodesDeleted, second.edgesDeleted]).toEqual([44, 44, 0, 0]);
  });

  it('rejects records with their diagnostic into the dead-letter store and goes on', async () => {
    const deadLetter = memoryDeadLetter();
    const summary = await run([sourceFixture('ngsi-ld', 'camera.normalized-v2.json'), sourceFixture('ngsi-ld', 'alert.normalized-ld.jsonld')], { deadLetter });
    expect(deadLetter.entries.map((e) => [e.diagnostic.code, e.diagnostic.location.field])).toEqual([['CG_INGEST_SHAPE_VIOLATION', 'lat']]);
    expect([summary.accepted, summary.rejected]).toEqual([1, 1]);
    expect((await store.stats()).nodeKinds).toEqual({ Alert: 1 });
  });

  it('merges the same device from NGSI and an inventory by serial, with a merge record', async () => {
    await run([sourceFixture('ngsi-ld', 'device.normalized-ld.jsonld')]);
    const inventory = JSON.stringify({ data: [{ id: 'inv-77', role: 'level', serial: '9845A', vendor: 'Acme', name: 'Waste level sensor' }] });
    const mapping = {
      format: 'json-mapping' as const, source: 'inventory', records: '/data',
      record: { kind: { const: 'LevelSensor' }, id: { pointer: '/id' }, props: { name: { pointer: '/name' }, vendor: { pointer: '/vendor' }, serial: { pointer: '/serial' }, domain: { const: 'Water' } }, identity: { serial: { pointer: '/serial' } }, edges: [] },
    };
    const summary = await run([{ source: 'inventory.json', text: inventory }], { format: 'json-mapping', mapping });
    expect(summary.merges).toEqual([{ into: 'urn:ngsi-ld:Device:device-9845A', from: 'inv-77', key: 'serial', value: '9845A', source: 'json-mapping:inventory.json' }]);
    expect(summary.merged).toBe(1);
    const node = await store.getNode('urn:ngsi-ld:Device:device-9845A');
    expect(node?.props).toMatchObject({ vendor: 'Acme', serial: '9845A', x_mergedFrom: ['inv-77'], x_mergedBy: ['serial=9845A'] });
    expect(await store.getNode('inv-77')).toBeUndefined();
  });

  it('merges an inventory row that declares the NGSI id, and a later MAC match, into the same node', async () => {
    await run([sourceFixture('ngsi-ld', 'device.keyvalues-ld.jsonld')]);
    const rows = JSON.stringify([
      { id: 'row-1', ngsi: 'urn:ngsi-ld:Device:device-9845A', mac: '00-24-BE-11-22-33' },
      { id: 'row-2', mac: '00:24:be:11:22:33' },
    ]);
    const mapping = {
      format: 'json-mapping' as const, source: 'inventory',
      record: { kind: { const: 'LevelSensor' }, id: { pointer: '/id' }, props: { name: { pointer: '/id' }, domain: { const: 'Water' }, mac: { pointer: '/mac' } }, identity: { declaredId: { pointer: '/ngsi' }, mac: { pointer: '/mac' } }, edges: [] },
    };
    const summary = await run([{ source: 'rows.json', text: rows }], { format: 'json-mapping', mapping });
    expect(summary.merges.map((m) => [m.from, m.into, m.key, m.value])).toEqual([
      ['row-1', 'urn:ngsi-ld:Device:device-9845A', 'declaredId', 'urn:ngsi-ld:Device:device-9845A'],
      ['row-2', 'urn:ngsi-ld:Device:device-9845A', 'mac', '00:24:be:11:22:33'],
    ]);
    expect((await store.stats()).nodes).toBe(1);
  });

  it('reconciles stale data within its scope and refuses a mass deletion', async () => {
    const csv = (n: number) => ({ source: 'tags.csv', text: ['tag,element,element_type,quantity,unit,reported_by_plc,attached_to', ...Array.from({ length: n }, (_, i) => `P${i},J${i},junction,pressure,m,,`)].join('\n') });
    await run([csv(20)], { format: 'scada', scope: 'tags', scadaSystem: 's' });
    await run([sourceFixture('rdf', 'city-sample.ttl')]);
    const shrink = await run([csv(19)], { format: 'scada', scope: 'tags', scadaSystem: 's' });
    expect([shrink.nodesDeleted, (await store.stats()).nodes]).toEqual([1, 22]);
    const truncated = await run([csv(5)], { format: 'scada', scope: 'tags', scadaSystem: 's' });
    expect(truncated.nodesDeleted).toBe(0);
    expect(truncated.diagnostics.map((d) => d.code)).toEqual(['CG_INGEST_RECONCILE_GUARD']);
    expect((await store.stats()).nodes).toBe(22);
  });

  it('loads ATT&CK for ICS 17.1 then 18.1 into the same state as 18.1 alone, deprecations marked', async () => {
    await run([sourceFixture('stix', 'ics-attack-17.1.slice.json')]);
    const upgrade = await run([sourceFixture('stix', 'ics-attack-18.1.slice.json')]);
    const upgraded = await snapshot();
    await store.clear();
    await run([sourceFixture('stix', 'ics-attack-18.1.slice.json')]);
    expect(upgraded).toEqual(await snapshot());
    expect(upgrade.failed).toBe(false);
    const deprecated = await store.listNodes({ kinds: ['Technique'], props: { deprecated: true } }, { first: 100 });
    expect(deprecated.items.map((n) => n.id)).toEqual(['attack:T0810', 'attack:T0850']);
  });

  it('links ICS techniques to D3FEND countermeasures through the namesake Enterprise mitigation', async () => {
    const summary = await run([sourceFixture('stix', 'ics-attack-18.1.slice.json'), sourceFixture('rdf', 'd3fend-slice.ttl')]);
    const links = await store.listEdges({ kinds: ['mitigatedBy'] }, { first: 1000 });
    const derived = links.items.filter((e) => e.props['source'] === 'link:d3fend').map((e) => `${e.from} -> ${e.to} via ${String(e.props['x_via'])} (${String(e.props['x_rule'])})`);
    const auditTechniques = links.items.filter((e) => e.to === 'attack:M0947').map((e) => e.from).sort();
    expect(derived.sort()).toEqual(auditTechniques.flatMap((t) => ['D3-DAM', 'D3-LAM', 'D3-SFA'].map((d) => `${t} -> d3fend:${d} via M0947~M1047 (ics-namesake+d3fend-related)`)).sort());
    expect([derived.length > 0, summary.knowledgeLinks]).toEqual([true, derived.length]);
  });
});
