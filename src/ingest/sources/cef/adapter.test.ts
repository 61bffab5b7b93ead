import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { collect } from '../../testing/collect.js';
import { sourceFixture } from '../../testing/fixture-paths.js';
import { cefAdapter } from './adapter.js';
import { parseExtension } from './schema.js';

describe('cefAdapter (CEF over RFC 5424)', () => {
  it('maps events, escapes and techniques; rejects non-CEF lines with their line number', async () => {
    const text = readFileSync(sourceFixture('cef', 'security-events.log'), 'utf8');
    const r = await collect(cefAdapter.read({ source: 'events.log', text }, undefined));
    expect(r.records.map((x) => [x.nodes[0]?.props?.['name'], x.nodes[0]?.props?.['severity']])).toEqual([
      ['Deny tcp by access-group', 'medium'],
      ['ET SCADA Modbus write multiple registers', 'high'],
      ['Brute force attempt | admin', 'high'],
    ]);
    expect(r.records[1]?.edges.map((e) => [e.kind, e.to])).toEqual([['usesTechnique', 'attack:T0836']]);
    expect(r.records[1]?.references.map((x) => [x.kind, x.key, x.value])).toEqual([['affects', 'ip', '10.20.0.15'], ['affects', 'mac', '00:24:be:80:4f:f1']]);
    expect(r.records[1]?.nodes[0]?.props?.['observedAt']).toBe('2026-03-01T10:16:02.000Z');
    expect(r.rejected.map((x) => [x.diagnostic.location.line, x.diagnostic.message])).toEqual([
      [4, 'syslog MSG does not start with "CEF:"'],
      [5, 'CEF header has 4 of 8 fields'],
    ]);
  });

  it('parses extension values with spaces and escaped equals signs', () => {
    expect(parseExtension('msg=a b c\\=d src=1.2.3.4')).toEqual({ msg: 'a b c=d', src: '1.2.3.4' });
  });
});
