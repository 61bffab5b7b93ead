import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { collect } from '../../testing/collect.js';
import { repoRoot, sourceFixture } from '../../testing/fixture-paths.js';
import { ngsiAdapter } from './adapter.js';
import { loadBundledContexts } from './bundled-contexts.js';
import type { BundledContexts } from './context-resolver.js';

let contexts: BundledContexts;
beforeAll(async () => {
  contexts = await loadBundledContexts(join(repoRoot(), 'fixtures', 'sources', 'ngsi-ld', 'contexts'));
});

const read = (file: string) => collect(ngsiAdapter.read({ source: file, text: readFileSync(sourceFixture('ngsi-ld', file), 'utf8') }, { contexts }));
const inline = (value: unknown) => collect(ngsiAdapter.read({ source: 'inline.json', text: JSON.stringify(value) }, { contexts }));

describe('ngsiAdapter', () => {
  it('maps all four flavours of the Device example to the same node id, kind and identity', async () => {
    const files = ['device.keyvalues-v2.json', 'device.keyvalues-ld.jsonld', 'device.normalized-v2.json', 'device.normalized-ld.jsonld'];
    const results = await Promise.all(files.map(read));
    for (const r of results) {
      expect(r.rejected).toEqual([]);
      expect(r.nodes.map((n) => [n.id, n.kind])).toEqual([['urn:ngsi-ld:Device:device-9845A', 'LevelSensor']]);
      expect(r.records[0]?.identities).toEqual({ 'urn:ngsi-ld:Device:device-9845A': { serial: '9845A' } });
      expect(r.edges).toEqual([{ kind: 'monitoredBy', from: expect.stringContaining('wastecontainer-Osuna-100'), to: 'urn:ngsi-ld:Device:device-9845A' }]);
      const props = r.nodes[0]?.props ?? {};
      expect([props['serial'], props['ip'], props['domain'], props['name']]).toEqual(['9845A', '192.14.56.78', 'Water', expect.stringContaining('device-9845A')]);
    }
    expect(results.map((r) => r.nodes[0]?.props?.['x_ngsiFlavour'])).toEqual(['v2-keyvalues', 'ld-keyvalues', 'v2-normalized', 'ld-normalized']);
  });

  it('takes coordinates from GeoJSON [lon, lat] and the observation time from dateObserved', async () => {
    const r = await read('air-quality-observed.keyvalues-ld.jsonld');
    const props = r.nodes[0]?.props ?? {};
    expect(r.nodes[0]?.kind).toBe('Observation');
    expect([props['lat'], props['lon'], props['observedAt'], props['domain']]).toEqual([40.423852777777775, -3.712247222222222, '2016-03-15T11:00:00', 'Environment']);
  });

  it('rejects an unbundled @context, an unmapped type and an entity without id, each with its pointer', async () => {
    const r = await inline([
      { id: 'urn:ngsi-ld:Device:a', type: 'Device', '@context': ['https://example.org/unknown-context.jsonld'] },
      { id: 'urn:ngsi-ld:Bike:b', type: 'Bicycle' },
      { type: 'Device' },
      { id: 'x', type: 'Device', deviceCategory: ['thing'] },
    ]);
    expect(r.rejected.map((x) => [x.diagnostic.code, x.diagnostic.location.pointer])).toEqual([
      ['CG_INGEST_CONTEXT_UNAVAILABLE', '/0/@context'],
      ['CG_INGEST_TYPE_UNMAPPED', '/1/type'],
      ['CG_INGEST_RECORD_INVALID', '/2'],
      ['CG_INGEST_TYPE_UNMAPPED', '/3/deviceCategory'],
    ]);
    expect(r.rejected[0]?.diagnostic.message).toContain('https://example.org/unknown-context.jsonld');
  });

  it('rejects a payload that is not JSON with CG_INGEST_SYNTAX', async () => {
    const r = await collect(ngsiAdapter.read({ source: 'bad.json', text: '{"id": ' }, { contexts }));
    expect(r.rejected.map((x) => x.diagnostic.code)).toEqual(['CG_INGEST_SYNTAX']);
  });
});
