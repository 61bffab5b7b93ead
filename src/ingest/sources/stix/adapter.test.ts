import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { collect } from '../../testing/collect.js';
import { sourceFixture } from '../../testing/fixture-paths.js';
import { stixAdapter, stixScopeOf } from './adapter.js';

const read = (file: string) => collect(stixAdapter.read({ source: file, text: readFileSync(sourceFixture('stix', file), 'utf8') }, undefined));

describe('stixAdapter', () => {
  it('maps an ATT&CK for ICS 2.1 slice: techniques with tactics, mitigations, folded assets and detections, deprecation', async () => {
    const r = await read('ics-attack-18.1.slice.json');
    expect(r.rejected).toEqual([]);
    const techniques = r.nodes.filter((n) => n.kind === 'Technique').map((n) => [n.id, n.props?.['deprecated']]);
    expect(techniques.sort()).toEqual([['attack:T0800', false], ['attack:T0801', false], ['attack:T0810', true], ['attack:T0836', false], ['attack:T0850', true]]);
    const t0836 = r.nodes.find((n) => n.id === 'attack:T0836');
    expect(t0836?.props?.['x_specVersion']).toBe('2.1');
    expect((t0836?.props?.['x_targets'] as string[]).length).toBeGreaterThan(0);
    expect(r.edges.filter((e) => e.kind === 'hasTactic' && e.from === 'attack:T0836').map((e) => e.to)).toEqual(['attack:TA0106']);
    expect(r.edges.filter((e) => e.kind === 'mitigatedBy').every((e) => e.from.startsWith('attack:T0') && e.to.startsWith('attack:M'))).toBe(true);
    expect(stixScopeOf(readFileSync(sourceFixture('stix', 'ics-attack-18.1.slice.json'), 'utf8'))).toBe('stix:ics-attack');
  });

  it('maps an Enterprise 2.0 slice with a revoked technique, revokedBy and subTechniqueOf', async () => {
    const r = await read('enterprise-attack-18.1.slice.json');
    const revoked = r.nodes.filter((n) => n.props?.['revoked'] === true).map((n) => n.id);
    expect(revoked.length).toBe(1);
    expect(r.edges.filter((e) => e.kind === 'revokedBy').map((e) => e.from)).toEqual(revoked);
    expect(r.edges).toContainEqual(expect.objectContaining({ kind: 'subTechniqueOf', from: 'attack:T1003.001', to: 'attack:T1003' }));
    expect(r.nodes.find((n) => n.id === 'attack:T1003')?.props?.['x_specVersion']).toBe('2.0');
  });

  it('maps indicators and sightings; rejects a malformed id and an unmapped type', async () => {
    const r = await read('indicators-sightings.json');
    expect(r.nodes.map((n) => [n.kind, n.id])).toEqual([
      ['Indicator', 'stix:indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f'],
      ['SecurityEvent', 'stix:sighting--ee20065d-2555-424f-ad9e-0f8428623c75'],
    ]);
    expect(r.edges).toEqual([{ kind: 'derivedFrom', from: 'stix:sighting--ee20065d-2555-424f-ad9e-0f8428623c75', to: 'stix:indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f' }]);
    expect(r.rejected.map((x) => [x.diagnostic.code, x.diagnostic.location.pointer, x.diagnostic.location.field])).toEqual([
      ['CG_INGEST_RECORD_INVALID', '/objects/2', 'id'],
      ['CG_INGEST_TYPE_UNMAPPED', '/objects/3', 'type'],
    ]);
  });
});
