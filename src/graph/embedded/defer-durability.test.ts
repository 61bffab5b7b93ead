import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { labelsOf } from '../../ontology/index.js';
import { openEmbeddedStore } from './open-embedded-store.js';

const node = (i: number) => ({ id: `dev-${i}`, kind: 'Camera', props: { name: `camera ${i}` } });

describe('EmbeddedStore.deferDurability (bulk loads acknowledged at their end)', () => {
  it('commits batches as usual, then one synchronous commit marks the load durable without changing the version or content', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'cg-defer-')), 'g.db');
    const store = openEmbeddedStore({ path, labelsOf });
    const makeDurable = store.deferDurability();
    await store.write({ nodes: [node(1), node(2)] });
    await store.write({ nodes: [node(3)] });
    const version = await store.version();
    const reader = new Database(path, { readonly: true });
    const marker = () => (reader.prepare("SELECT value FROM meta WHERE key = 'durable_sync_ms'").get() as { value: number } | undefined)?.value;
    expect(marker()).toBeUndefined();
    makeDurable();
    const first = marker();
    expect(typeof first).toBe('number');
    makeDurable();
    expect(marker()).toBe(first);
    expect(await store.version()).toBe(version);
    expect((await store.listNodes({}, { first: 10 })).items.map((n) => n.id)).toEqual(['dev-1', 'dev-2', 'dev-3']);
    reader.close();
    await store.close();
    const reopened = openEmbeddedStore({ path, labelsOf });
    expect([(await reopened.getNode('dev-3'))?.props, await reopened.version()]).toEqual([{ name: 'camera 3' }, version]);
    await reopened.close();
  });
});
