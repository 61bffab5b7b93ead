import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIO } from '../io.js';
import { createRuntime } from '../runtime.js';
import { neo4jImportCommand } from './neo4j-import.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'civgraph-cli-neo4j-import-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { out: (t) => void (out += t), err: (t) => void (err += t), interactive: false, env: {}, cwd: dir };
  const runtime = createRuntime(io);
  const program = new Command('civgraph').exitOverride();
  neo4jImportCommand.register(program, runtime);
  await program.parseAsync(['node', 'civgraph', ...args]);
  return { code: runtime.exitCode, out, err };
}

describe('civgraph neo4j-import: bad input fails before any import', () => {
  it('needs exactly one source', async () => {
    const none = await cli(['neo4j-import', '--data-dir', 'neo']);
    const both = await cli(['neo4j-import', '--data-dir', 'neo', '--city', '500', '--from-store', 'x.db']);
    const line = 'civgraph: neo4j-import needs exactly one of --from-store FILE (an embedded store) or --city DEVICES (a generated city) [CG_ARGUMENT_INVALID]\n';
    expect([none.err, both.err]).toEqual([line, line]);
    expect([none.code, both.code, none.out]).toEqual([2, 2, '']);
  });

  it('names a missing embedded store and a city size out of range', async () => {
    const missing = await cli(['neo4j-import', '--data-dir', 'neo', '--from-store', 'nope.db']);
    const small = await cli(['neo4j-import', '--data-dir', 'neo', '--city', '10']);
    expect(missing.err).toBe('civgraph: embedded store nope.db does not exist [CG_FILE_UNREADABLE]\n');
    expect(small.err).toBe('civgraph: --city must be a whole number from 500 to 5000000, got "10" [CG_ARGUMENT_INVALID]\n');
    expect([missing.code, small.code]).toEqual([3, 2]);
  });
});
