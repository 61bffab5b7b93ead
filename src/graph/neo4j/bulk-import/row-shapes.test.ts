import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { labelsOf } from '../../../ontology/index.js';
import type { WriteBatch } from '../../port.js';
import { writeImportFiles } from './import-files.js';
import { RowShapes } from './row-shapes.js';

describe('RowShapes', () => {
  it('finds a row of a known shape: same keys in the same order, same column types, fix-ups by value', () => {
    const shapes = new RowShapes<string>();
    shapes.add('Camera', { id: 'a', kind: 'Camera', name: 'x', level: 1, tags: [] }, 'g1');
    shapes.add('Camera', { id: 'b', kind: 'Camera', ':odd': 1, level: 2 }, 'g2');
    expect([
      shapes.find('Camera', { id: 'c', kind: 'Camera', name: 'y', level: 3, tags: [] }),
      shapes.find('Camera', { id: 'd', kind: 'Camera', name: 'y', level: 3, tags: ['t'] }),
      shapes.find('Camera', { id: 'e', kind: 'Camera', level: 3, name: 'y', tags: [] }),
      shapes.find('Camera', { id: 'f', kind: 'Camera', name: 5, level: 3, tags: [] }),
      shapes.find('Camera', { id: 'g', kind: 'Camera', name: 'y', level: 3 }),
      shapes.find('Camera', { id: 'h', kind: 'Camera', ':odd': 'any', level: 4 }),
      shapes.find('Hospital', { id: 'i', kind: 'Hospital', name: 'y', level: 3, tags: [] }),
    ]).toEqual([
      { group: 'g1', fixup: { tags: [] } },
      undefined,
      undefined,
      undefined,
      undefined,
      { group: 'g2', fixup: { ':odd': 'any' } },
      undefined,
    ]);
  });

  it('keeps the 16 most recent shapes of a name', () => {
    const shapes = new RowShapes<number>();
    for (let n = 0; n < 17; n += 1) shapes.add('Camera', { id: `c${n}`, kind: 'Camera', [`k${n}`]: n }, n);
    expect([shapes.find('Camera', { id: 'x', kind: 'Camera', k0: 1 }), shapes.find('Camera', { id: 'x', kind: 'Camera', k1: 1 })]).toEqual([
      undefined,
      { group: 1, fixup: null },
    ]);
  });
});

describe('writeImportFiles with repeated row shapes', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'civgraph-row-shapes-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const contents = (folder: string): Record<string, string> =>
    Object.fromEntries(readdirSync(folder).filter((name) => name !== 'import.json').map((name) => [name, readFileSync(join(folder, name), 'utf8')]));

  it('groups repeated shapes (cache hits) and sets their fix-ups as it does for each row alone', async () => {
    const rows: NonNullable<WriteBatch['nodes']> = [
      { id: 'a', kind: 'Camera', props: { name: 'x', tags: [] } },
      { id: 'b', kind: 'Camera', props: { name: 'y', tags: ['t'] } },
      { id: 'c', kind: 'Camera', props: { tags: [], name: 'z' } },
      { id: 'd', kind: 'Camera', props: { name: 3, tags: [] } },
      { id: 'e', kind: 'Camera', props: { name: 'w', tags: [] } },
    ];
    const many = await writeImportFiles([{ nodes: rows }], { dir: join(dir, 'many'), labelsOf });
    const fresh = await Promise.all(rows.map((row, n) => writeImportFiles([{ nodes: [row] }], { dir: join(dir, `one-${n}`), labelsOf })));
    expect(many.nodeFiles.map((file) => [file.header, file.rows].join(' ').replace(join(dir, 'many'), ''))).toEqual([
      '/nodes-1.header.csv 3',
      '/nodes-2.header.csv 1',
      '/nodes-3.header.csv 1',
    ]);
    expect(contents(join(dir, 'many'))['nodes-1.csv']).toBe(['a,Camera,1,x', 'c,Camera,1,z', 'e,Camera,1,w', ''].join('\n'));
    expect(readFileSync(join(dir, 'many', 'fixups.jsonl'), 'utf8')).toBe(
      [...['a', 'c', 'd', 'e'].map((id) => JSON.stringify({ node: id, p: { tags: [] } })), ''].join('\n'),
    );
    expect(fresh.map((files) => files.fixupCount)).toEqual([1, 0, 1, 1, 1]);
  });
});
