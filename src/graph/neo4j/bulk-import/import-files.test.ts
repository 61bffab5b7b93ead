import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineError } from '../../../core/index.js';
import { labelsOf } from '../../../ontology/index.js';
import { decodeFixup } from './fixup-line.js';
import { writeImportFiles } from './import-files.js';
import { importArguments } from './run-import.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'civgraph-import-files-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const read = (name: string): string => readFileSync(join(dir, name), 'utf8');
const US = '\u001f';

describe('writeImportFiles', () => {
  it('groups rows by kind and typed property signature, one header and data file per group, batch number as version', async () => {
    const files = await writeImportFiles(
      [
        {
          nodes: [
            { id: 'cam 1', kind: 'Camera', props: { name: 'North, "A"', on: true, level: -0, tags: ['a', 'b c'] } },
            { id: 'cam2', kind: 'Camera', props: { tags: ['x'], level: 2, on: false, name: '' } },
            { id: 'cam3', kind: 'Camera', props: { name: 3 } },
            { id: 'h1', kind: 'Hospital', props: { gone: null, id: 'mine', _x: 1 } },
          ],
        },
        { edges: [{ kind: 'poweredBy', from: 'cam2', to: 'h1', props: { w: [1, 2] } }, { id: 'e1', kind: 'locatedIn', from: 'cam3', to: 'h1' }] },
      ],
      { dir, labelsOf },
    );
    expect(files.nodeFiles.map((file) => [file.labels, file.rows])).toEqual([
      [['CgNode', 'Camera', 'Sensor', 'Device', 'Asset'], 2],
      [['CgNode', 'Camera', 'Sensor', 'Device', 'Asset'], 1],
      [['CgNode', 'Hospital', 'Facility', 'Asset'], 1],
    ]);
    expect(read('nodes-1.header.csv')).toBe('id:ID,kind,_version:long,level:double,name:string,on:boolean,tags:string[]\n');
    expect(read('nodes-1.csv')).toBe(`"cam 1",Camera,1,-0.0,"North, ""A""",true,"a${US}b c"\ncam2,Camera,1,2,"",false,x\n`);
    expect([read('nodes-2.header.csv'), read('nodes-2.csv')]).toEqual(['id:ID,kind,_version:long,name:double\n', 'cam3,Camera,1,3\n']);
    expect([read('nodes-3.header.csv'), read('nodes-3.csv')]).toEqual(['id:ID,kind,_version:long,_nulls:string[],_p__x:double,_p_id:string\n', 'h1,Hospital,1,gone,1,mine\n']);
    expect(read('edges-1.header.csv')).toBe(':START_ID,:END_ID,:TYPE,id,kind,_version:long,w:double[]\n');
    expect(read('edges-1.csv')).toBe(`cam2,h1,POWERED_BY,cam2|poweredBy|h1,poweredBy,2,1${US}2\n`);
    expect([read('edges-2.header.csv'), read('edges-2.csv')]).toEqual([':START_ID,:END_ID,:TYPE,id,kind,_version:long\n', 'cam3,h1,LOCATED_IN,e1,locatedIn,2\n']);
    expect([read('meta.header.csv'), read('meta.csv')]).toEqual(['id,value:long\n', 'version,2\n']);
    expect(files).toMatchObject({ nodes: 4, edges: 2, version: 2, fixups: null, fixupCount: 0, multiline: false, types: ['LOCATED_IN', 'POWERED_BY'] });
  });

  it('keeps what the CSV cannot carry as fix-ups (with -0), flags line breaks, and keeps the last of a repeated id', async () => {
    const files = await writeImportFiles(
      [
        {
          nodes: [
            { id: 'c', kind: 'Camera', props: { a: 'first' } },
            { id: 'c', kind: 'Camera', props: { none: [], one: [''], cut: [`x${US}y`], ':k': -0, note: 'two\nlines' } },
          ],
        },
      ],
      { dir, labelsOf },
    );
    expect(read('nodes-1.header.csv')).toBe('id:ID,kind,_version:long,note:string\n');
    expect(read('nodes-1.csv')).toBe('c,Camera,1,"two\nlines"\n');
    const fixups = read('fixups.jsonl').trim().split('\n').map(decodeFixup);
    expect(fixups).toEqual([{ node: 'c', p: { none: [], one: [''], cut: [`x${US}y`], ':k': -0 } }]);
    expect(Object.is(fixups[0]?.p[':k'], -0)).toBe(true);
    expect(files).toMatchObject({ nodes: 1, fixupCount: 1, multiline: true });
  });

  it('refuses a batch that deletes, and names the batch of an invalid value', async () => {
    const failure = (work: Promise<unknown>): Promise<EngineError> =>
      work.then(
        () => {
          throw new Error('expected a failure');
        },
        (error: EngineError) => error,
      );
    const deletes = await failure(writeImportFiles([{ nodes: [] }, { deleteNodes: ['x'] }], { dir, labelsOf }));
    const invalid = await failure(writeImportFiles([{ nodes: [{ id: 'n', kind: 'Camera', props: { bad: Number.NaN } }] }], { dir, labelsOf }));
    expect([deletes.code, deletes.message]).toEqual([
      'CG_IMPORT_INPUT_INVALID',
      "batch 2 deletes ids; a bulk import creates a new database and takes upserts only (apply deletes with the store's write after the import)",
    ]);
    expect([invalid.code, invalid.details]).toEqual(['CG_WRITE_INPUT_INVALID', { pointer: '/nodes/0/props/bad', batch: 1 }]);
    expect(invalid.message).toMatch(/^batch 1: \/nodes\/0\/props\/bad is not a property value/);
  });

  it('builds the neo4j-admin import options for the files', async () => {
    const files = await writeImportFiles([{ nodes: [{ id: 'c', kind: 'Camera' }] }], { dir, labelsOf });
    expect(importArguments(files, { threads: 2 })).toEqual([
      `--nodes=CgMeta=${join(dir, 'meta.header.csv')},${join(dir, 'meta.csv')}`,
      `--nodes=CgNode:Camera:Sensor:Device:Asset=${join(dir, 'nodes-1.header.csv')},${join(dir, 'nodes-1.csv')}`,
      '--id-type=string',
      '--input-encoding=UTF-8',
      '--array-delimiter=U+001F',
      '--multiline-fields=false',
      '--ignore-empty-strings=false',
      '--trim-strings=false',
      '--legacy-style-quoting=false',
      '--strict=true',
      '--skip-bad-relationships=false',
      '--skip-duplicate-nodes=false',
      '--bad-tolerance=0',
      `--report-file=${join(dir, 'import.report')}`,
      '--max-off-heap-memory=1g',
      '--threads=2',
    ]);
  });
});
