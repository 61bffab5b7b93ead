import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { collect } from '../../testing/collect.js';
import { sourceFixture } from '../../testing/fixture-paths.js';
import { scadaAdapter } from './adapter.js';

describe('scadaAdapter (BATADAL tag table)', () => {
  it('maps 43 tags: sensors controlledBy their PLC, status tags as actuators, PU3 and PU9 without a PLC', async () => {
    const text = readFileSync(sourceFixture('scada', 'batadal-scada-tags.csv'), 'utf8');
    const r = await collect(scadaAdapter.read({ source: 'tags.csv', text }, { system: 'ctown' }));
    expect([r.records.length, r.rejected.length]).toEqual([43, 0]);
    const kinds: Record<string, number> = {};
    for (const n of r.nodes) kinds[n.kind] = (kinds[n.kind] ?? 0) + 1;
    expect(kinds).toEqual({ LevelSensor: 7, Plc: 9, Tank: 7, FlowSensor: 12, Pump: 11, Valve: 1, PressureSensor: 12 });
    const controlled = new Set(r.edges.filter((e) => e.kind === 'controlledBy').map((e) => e.from));
    expect(['ctown:PU3', 'ctown:PU9'].map((id) => controlled.has(id))).toEqual([false, false]);
    expect(r.edges).toContainEqual({ kind: 'controlledBy', from: 'ctown:L_T1', to: 'ctown:PLC2' });
    expect(r.edges).toContainEqual({ kind: 'monitoredBy', from: 'ctown:T1', to: 'ctown:L_T1' });
    expect(r.edges).toContainEqual({ kind: 'monitoredBy', from: 'ctown:PU2', to: 'ctown:P_J280' });
  });

  it('rejects a row without a quantity and a quantity with no sensor kind', async () => {
    const text = 'tag,element,element_type,quantity,unit,reported_by_plc,attached_to\nX1,J1,junction,,m,PLC1,\nX2,J1,junction,vibration,mm/s,PLC1,\n';
    const r = await collect(scadaAdapter.read({ source: 't.csv', text }, { system: 's' }));
    expect(r.rejected.map((x) => [x.diagnostic.code, x.diagnostic.location.line, x.diagnostic.location.field])).toEqual([
      ['CG_INGEST_RECORD_INVALID', 2, 'quantity'],
      ['CG_INGEST_TYPE_UNMAPPED', 3, 'quantity'],
    ]);
  });
});
