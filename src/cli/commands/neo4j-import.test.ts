import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommands } from '../testing/run-commands.test-support.js';
import { neo4jImportCommand } from './neo4j-import.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'civgraph-cli-neo4j-import-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const cli = (args: string[]): ReturnType<typeof runCommands> => runCommands([neo4jImportCommand], args, dir);

describe('civgraph neo4j-import: bad input fails before any import', () => {
  it('needs exactly one source', async () => {
    const none = await cli(['neo4j-import', '--data-dir', 'neo']);
    const both = await cli(['neo4j-import', '--data-dir', 'neo', '--city', '500', '--from-store', 'x.db']);
    const line = 'civgraph: neo4j-import needs exactly one of --from-store FILE (an embedded store) or --city DEVICES (a generated city) [CG_ARGUMENT_INVALID]\n';
    expect([none.err, both.err]).toEqual([line, line]);
    expect([none.code, both.code, none.out]).toEqual([2, 2, '']);
  });

  it('refuses a page cache size that is not a size', async () => {
    const bad = await cli(['neo4j-import', '--data-dir', 'neo', '--city', '500', '--pagecache', '12x']);
    expect([bad.code, bad.out, bad.err]).toEqual([2, '', 'civgraph: --pagecache must be a size like 512m or 1g, got "12x" [CG_ARGUMENT_INVALID]\n']);
  });

  it('names a missing embedded store and a city size out of range', async () => {
    const missing = await cli(['neo4j-import', '--data-dir', 'neo', '--from-store', 'nope.db']);
    const small = await cli(['neo4j-import', '--data-dir', 'neo', '--city', '10']);
    expect(missing.err).toBe('civgraph: embedded store nope.db does not exist [CG_FILE_UNREADABLE]\n');
    expect(small.err).toBe('civgraph: --city must be a whole number from 500 to 5000000, got "10" [CG_ARGUMENT_INVALID]\n');
    expect([missing.code, small.code]).toEqual([3, 2]);
  });
});
