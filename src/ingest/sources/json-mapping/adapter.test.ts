import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadMapping } from '../../declarative/load-mapping.js';
import { collect } from '../../testing/collect.js';
import { mappingFixture, sourceFixture } from '../../testing/fixture-paths.js';
import { jsonMappingAdapter } from './adapter.js';

describe('jsonMappingAdapter (vendor JSON)', () => {
  it('maps records by pointer and JSONPath with unit, lookup, coalesce and time transforms', async () => {
    const mapping = await loadMapping(mappingFixture('vendor-gateways.json'));
    const text = readFileSync(sourceFixture('json-mapping', 'vendor-gateways.json'), 'utf8');
    const r = await collect(jsonMappingAdapter.read({ source: 'v.json', text }, { mapping }));
    expect(r.records.map((x) => [x.nodes[0]?.id, x.nodes[0]?.kind])).toEqual([
      ['examplenet:gw-001', 'Gateway'], ['examplenet:plc-017', 'Plc'], ['examplenet:cam-9', 'Camera'],
    ]);
    expect(r.records[0]?.nodes[0]?.props).toMatchObject({ serial: 'EXN-77810', mac: '00:24:be:11:22:33', x_uptimeSeconds: 4_320_000, x_lastSeen: '2026-03-01T09:00:00.000Z', lat: 56.15 });
    expect(r.records[0]?.identities).toEqual({ 'examplenet:gw-001': { serial: 'EXN-77810', mac: '00:24:be:11:22:33' } });
    expect(r.records[1]?.edges).toEqual([{ kind: 'networkedVia', from: 'examplenet:plc-017', to: 'examplenet:gw-001' }]);
    expect(r.records[2]?.diagnostics.map((d) => [d.code, d.location.pointer, d.location.field])).toEqual([['CG_INGEST_TRANSFORM_FAILED', '/data/devices/2', '/lastSeen']]);
    expect(r.rejected.map((x) => [x.diagnostic.code, x.diagnostic.location.pointer, x.diagnostic.location.field])).toEqual([
      ['CG_INGEST_RECORD_INVALID', '/data/devices/3', '/deviceId'],
      ['CG_INGEST_TYPE_UNMAPPED', '/data/devices/4', '/role'],
    ]);
  });

  it('reads JSON Lines, rejecting a bad line with its line number', async () => {
    const mapping = await loadMapping(mappingFixture('vendor-gateways.json'));
    const text = '{"deviceId":"a","role":"gw","label":"A"}\n{not json}\n';
    const r = await collect(jsonMappingAdapter.read({ source: 'v.jsonl', text }, { mapping: { ...mapping, records: undefined } }));
    expect(r.records.map((x) => x.nodes[0]?.id)).toEqual(['examplenet:a']);
    expect(r.rejected.map((x) => [x.diagnostic.code, x.diagnostic.location.line])).toEqual([['CG_INGEST_SYNTAX', 2]]);
  });
});
