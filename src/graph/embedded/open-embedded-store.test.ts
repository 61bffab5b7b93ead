import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineError } from '../../core/index.js';
import { openEmbeddedStore } from './index.js';

const labelsOf = (kind: string): readonly string[] => [kind];

function openError(open: () => unknown): { code: string; details: Readonly<Record<string, unknown>>; message: string } {
  try {
    open();
  } catch (error) {
    expect(error).toBeInstanceOf(EngineError);
    const engine = error as EngineError;
    return { code: engine.code, details: engine.details, message: engine.message };
  }
  throw new Error('expected the open to fail');
}

describe('openEmbeddedStore', () => {
  let folder = '';
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'civgraph-open-'));
  });
  afterEach(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('names the path and the reason when the folder does not exist', () => {
    const path = join(folder, 'missing', 'graph.db');
    expect(openError(() => openEmbeddedStore({ path, labelsOf }))).toEqual({
      code: 'CG_STORE_OPEN_FAILED',
      details: { path, reason: `the folder ${join(folder, 'missing')} does not exist` },
      message: `Cannot open the embedded store ${path}: the folder ${join(folder, 'missing')} does not exist`,
    });
  });

  it('refuses a file that is not a SQLite database, without a raw SQLite error', () => {
    const path = join(folder, 'notes.db');
    writeFileSync(path, 'this is not a database, just some text that is long enough to have a header. '.repeat(20));
    const failure = openError(() => openEmbeddedStore({ path, labelsOf }));
    expect([failure.code, failure.details.path, failure.details.reason]).toEqual(['CG_STORE_OPEN_FAILED', path, 'file is not a database']);
  });

  it('refuses a store with an unsupported schema version', () => {
    const path = join(folder, 'future.db');
    const db = new Database(path);
    db.pragma('user_version = 99');
    db.close();
    const failure = openError(() => openEmbeddedStore({ path, labelsOf }));
    expect([failure.code, failure.details.reason]).toEqual(['CG_STORE_OPEN_FAILED', 'schema version 99 is not supported (expected 1)']);
  });

  it('opens read-only only an existing store, and refuses writes to it', async () => {
    const path = join(folder, 'graph.db');
    const missing = openError(() => openEmbeddedStore({ path, labelsOf, readonly: true }));
    expect([missing.code, missing.details.path]).toEqual(['CG_STORE_OPEN_FAILED', path]);
    const writer = openEmbeddedStore({ path, labelsOf });
    await writer.write({ nodes: [{ id: 'a', kind: 'Zone', props: { n: 1 } }] });
    await writer.close();
    const reader = openEmbeddedStore({ path, labelsOf, readonly: true });
    expect((await reader.getNode('a'))?.props).toEqual({ n: 1 });
    await expect(reader.write({ nodes: [{ id: 'b', kind: 'Zone' }] })).rejects.toMatchObject({ code: 'CG_STORE_WRITE_FAILED' });
    await reader.close();
  });

  it('keeps what was written across close and reopen, with the version', async () => {
    const path = join(folder, 'graph.db');
    const first = openEmbeddedStore({ path, labelsOf, synchronous: 'normal' });
    const written = await first.write({ nodes: [{ id: 'a', kind: 'Zone' }, { id: 'b', kind: 'Zone' }], edges: [{ kind: 'dependsOn', from: 'a', to: 'b' }] });
    await first.close();
    await first.close();
    const again = openEmbeddedStore({ path, labelsOf });
    expect(await again.stats()).toEqual({ nodes: 2, edges: 1, nodeKinds: { Zone: 2 }, edgeKinds: { dependsOn: 1 }, version: written.version });
    await again.close();
  });
});
