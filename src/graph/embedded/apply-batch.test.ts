import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { applyBatch } from './apply-batch.js';
import { KindRegistry } from './kind-registry.js';
import { NidCache } from './nid-cache.js';
import { ensureSchema } from './schema.js';
import { prepareWriteStatements } from './write-statements.js';

describe('what a batch teaches the endpoint cache', () => {
  it('learns the endpoints it looked up in the store, not the nodes it wrote (a live loop\'s events)', () => {
    const db = new Database(':memory:');
    ensureSchema(db, false);
    const kinds = new KindRegistry(db, (kind) => [kind], false);
    const stmts = prepareWriteStatements(db);
    const cache = new NidCache(db);
    const write = (batch: Parameters<typeof applyBatch>[3]) => db.transaction(() => applyBatch(stmts, kinds, cache, batch))();
    const city = write({
      nodes: [{ id: 'gw-1', kind: 'Gateway', props: {} }, { id: 'plc-1', kind: 'Plc', props: {} }],
      edges: [{ id: 'e-1', kind: 'networkedVia', from: 'plc-1', to: 'gw-1', props: {} }],
    });
    expect([...city.resolved.keys()]).toEqual([]);
    cache.commit(city.deleted, city.resolved);
    const events = write({
      nodes: [{ id: 'ev-1', kind: 'SecurityEvent', props: {} }, { id: 'ev-2', kind: 'SecurityEvent', props: {} }],
      edges: [
        { id: 'e-2', kind: 'about', from: 'ev-1', to: 'plc-1', props: {} },
        { id: 'e-3', kind: 'about', from: 'ev-2', to: 'plc-1', props: {} },
        { id: 'e-4', kind: 'about', from: 'ev-2', to: 'gw-1', props: {} },
      ],
    });
    expect([...events.resolved.keys()].sort()).toEqual(['gw-1', 'plc-1']);
    cache.commit(events.deleted, events.resolved);
    expect([cache.get('plc-1'), cache.get('gw-1'), cache.get('ev-1'), cache.get('ev-2')]).toEqual([2, 1, undefined, undefined]);
    // A cached endpoint is not looked up again.
    const again = write({ nodes: [{ id: 'ev-3', kind: 'SecurityEvent', props: {} }], edges: [{ id: 'e-5', kind: 'about', from: 'ev-3', to: 'plc-1', props: {} }] });
    expect([...again.resolved.keys()]).toEqual([]);
    expect(again.result).toMatchObject({ nodesWritten: 1, edgesWritten: 1 });
    expect(db.prepare("SELECT count(*) AS n FROM edges").get()).toEqual({ n: 5 });
  });
});
