import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { collect } from '../../testing/collect.js';
import { sourceFixture } from '../../testing/fixture-paths.js';
import { senmlAdapter } from './adapter.js';

const NOW = 1_772_360_000;

describe('senmlAdapter (RFC 8428)', () => {
  it('resolves base name, time, unit and value, and rejects bad records with their pointer', async () => {
    const text = readFileSync(sourceFixture('senml', 'rfc8428-examples.json'), 'utf8');
    const r = await collect(senmlAdapter.read({ source: 'rfc8428-examples.json', text }, { now: NOW }));
    expect(r.rejected.map((x) => [x.diagnostic.location.pointer, x.diagnostic.location.field])).toEqual([['/6', 'n'], ['/8', 'v']]);
    const byName = new Map(r.records.map((rec) => [rec.nodes[0]?.props?.['name'], rec.nodes[0]?.props]));
    expect(byName.get('urn:dev:ow:10e2073a01080063:')).toMatchObject({ value: 21.3, unit: '%RH', observedAt: '2011-10-31T13:24:34.000Z' });
    expect(byName.get('urn:dev:ow:10e2073a01080063:pressure')).toMatchObject({ value: 101325, unit: 'Pa', observedAt: '2011-10-31T13:24:29.000Z' });
    expect(byName.get('urn:dev:mac:0024befffe804ff1:level')).toMatchObject({ value: 2.5, unit: 'm' });
    expect(byName.get('urn:dev:mac:0024befffe804ff1:switch')).toMatchObject({ x_boolValue: true });
    const sensors = r.nodes.filter((n) => n.kind !== 'Observation').map((n) => [n.id, n.kind, n.props?.['mac'] ?? null]);
    expect(sensors).toEqual([
      ['senml:urn:dev:ow:10e2073a01080063', 'TemperatureSensor', null],
      ['senml:urn:dev:mac:0024befffe804ff1', 'TemperatureSensor', null],
      ['senml:urn:dev:mac:0024be804ff1', 'FlowSensor', '00:24:be:80:4f:f1'],
    ]);
  });

  it('treats times below 2^28 as relative to now (RFC 8428 §4.5.3)', async () => {
    const r = await collect(senmlAdapter.read({ source: 's', text: JSON.stringify([{ n: 'dev:x', v: 1, t: -60 }]) }, { now: NOW }));
    expect(r.records[0]?.nodes[0]?.props?.['observedAt']).toBe(new Date((NOW - 60) * 1000).toISOString());
  });

  it('rejects a pack that is not an array', async () => {
    const r = await collect(senmlAdapter.read({ source: 's', text: '{"n":"x"}' }, { now: NOW }));
    expect(r.rejected.map((x) => x.diagnostic.code)).toEqual(['CG_INGEST_RECORD_INVALID']);
  });
});

describe('senmlAdapter base-only records', () => {
  it('skips a record that carries only base fields and applies them to the next', async () => {
    const text = JSON.stringify([{ bn: 'urn:dev:mac:0024be804ff1:', bt: 1_772_000_000, bu: 'Cel' }, { n: 't', v: 20 }]);
    const r = await collect(senmlAdapter.read({ source: 's', text }, { now: NOW }));
    expect(r.skipped.map((s) => s.index)).toEqual([0]);
    expect(r.records[0]?.nodes[0]?.props).toEqual({ name: 'urn:dev:mac:0024be804ff1:t', observedAt: '2026-02-25T06:13:20.000Z', unit: 'Cel', value: 20 });
  });
});
