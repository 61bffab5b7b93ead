import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EngineError } from '../core/index.js';
import { openEmbeddedStore } from '../graph/embedded/index.js';
import { labelsOf } from '../ontology/index.js';
import { openThreadedStoreWriter } from './threaded-store-writer.js';

const dir = mkdtempSync(join(tmpdir(), 'civgraph-threaded-writer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('threaded store writer', () => {
  it('applies batches in a worker thread; the main connection reads them; a refused batch keeps its code', async () => {
    const path = join(dir, 'city.db');
    const store = openEmbeddedStore({ path, labelsOf, synchronous: 'normal' });
    await store.write({ nodes: [{ id: 'dev-a', kind: 'LevelSensor', props: { name: 'a' } }] });
    const writer = await openThreadedStoreWriter({ path, synchronous: 'normal' });
    try {
      const result = await writer.write({
        nodes: [{ id: 'o1', kind: 'Observation', props: { time: '2026-01-05T00:00:00.000Z', deviceId: 'dev-a', quantity: 'level', value: 1.5, unit: 'm' } }],
        edges: [{ kind: 'observedBy', from: 'o1', to: 'dev-a' }],
      });
      expect(result).toEqual({ version: 2, nodesWritten: 1, edgesWritten: 1, nodesDeleted: 0, edgesDeleted: 0 });
      expect(await store.getNode('o1')).toMatchObject({ id: 'o1', kind: 'Observation', props: { time: '2026-01-05T00:00:00.000Z', deviceId: 'dev-a', quantity: 'level', value: 1.5, unit: 'm' } });
      expect((await store.stats()).nodes).toBe(2);
      const refused = await writer.write({ edges: [{ kind: 'observedBy', from: 'o1', to: 'ghost' }] }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(EngineError);
      expect([(refused as EngineError).code, (refused as EngineError).details['missing'], (refused as EngineError).details['path']]).toEqual(['CG_EDGE_ENDPOINT_MISSING', 'ghost', path]);
      expect((await store.stats()).edges).toBe(1);
    } finally {
      await writer.close();
      await store.close();
    }
  });

  it('fails to open with the store code when the file is not a store', async () => {
    const error = await openThreadedStoreWriter({ path: join(dir, 'missing', 'city.db') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).code).toBe('CG_STORE_OPEN_FAILED');
  });
});
