import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { serveCommand } from '../../src/cli/commands/serve.js';
import { createRuntime } from '../../src/cli/runtime.js';
import { openEmbeddedStore } from '../../src/graph/embedded/index.js';
import { labelsOf } from '../../src/ontology/index.js';
import { memoryIO } from '../support/memory-io.js';

const dir = mkdtempSync(join(tmpdir(), 'civgraph-serve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KEY = 'serve-test-key-0123456789';

/** Runs `civgraph serve ...` in-process until `stop` sends SIGTERM; returns the URL it printed. */
async function serve(args: string[]): Promise<{ url: string; stderr: () => string; stop: () => Promise<number> }> {
  const io = memoryIO({ CIVGRAPH_API_KEYS: `${KEY}:reader` });
  const runtime = createRuntime(io);
  const program = new Command('civgraph').exitOverride();
  serveCommand.register(program, runtime);
  const running = program.parseAsync(['node', 'civgraph', 'serve', '--port', '0', ...args]);
  let url: string | undefined;
  for (let i = 0; i < 600 && url === undefined; i += 1) {
    url = /serving GraphQL at (http:\/\/\S+)\/graphql/.exec(io.stderr())?.[1];
    if (url === undefined) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (url === undefined) throw new Error(`serve did not start: ${io.stderr()}`);
  return {
    url,
    stderr: io.stderr,
    async stop() {
      process.emit('SIGTERM');
      await running;
      return runtime.exitCode;
    },
  };
}

describe('civgraph serve', () => {
  it('fills an empty store with a demo city, serves, and shuts down gracefully on SIGTERM', async () => {
    const path = join(dir, 'city.db');
    const server = await serve(['--store-path', path, '--demo-devices', '500', '--audit-log', join(dir, 'audit.jsonl')]);
    expect(await (await fetch(`${server.url}/health`)).json()).toEqual({ status: 'ok' });
    const ready = (await (await fetch(`${server.url}/ready`)).json()) as Record<string, unknown>;
    expect(ready).toMatchObject({ status: 'ready', store: 'embedded', nodes: 693 });
    const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': KEY }, body: JSON.stringify({ query: '{ graphStats { nodes } }' }) });
    expect(await response.json()).toEqual({ data: { graphStats: { nodes: 693 } } });
    expect(await server.stop()).toBe(0);
    expect(server.stderr()).toContain('filled embedded store');
    expect(server.stderr()).toContain('SIGTERM: draining requests and closing the store');
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
    // The store was closed cleanly and kept its data.
    const store = openEmbeddedStore({ path, labelsOf });
    expect((await store.stats()).nodes).toBe(693);
    await store.close();
  });

  it('never overwrites a store that holds data', async () => {
    const path = join(dir, 'city.db');
    const server = await serve(['--store-path', path, '--demo-devices', '800']);
    expect(await server.stop()).toBe(0);
    expect(server.stderr()).toContain('is not empty; --demo-devices ignored');
    const store = openEmbeddedStore({ path, labelsOf });
    expect((await store.stats()).nodes).toBe(693);
    await store.close();
  });

  it('refuses bad flags with CG_ARGUMENT_INVALID before opening anything', async () => {
    const io = memoryIO();
    const runtime = createRuntime(io);
    const program = new Command('civgraph').exitOverride();
    serveCommand.register(program, runtime);
    await program.parseAsync(['node', 'civgraph', 'serve', '--port', '70000']);
    expect({ code: runtime.exitCode, stderr: io.stderr() }).toEqual({ code: 2, stderr: 'civgraph: --port must be a whole number from 0 to 65535, got "70000" [CG_ARGUMENT_INVALID]\n' });
  });

  it('refuses a --mqtt that is not a broker URL before creating the store file', async () => {
    const io = memoryIO({ CIVGRAPH_API_KEYS: 'soc-key-0123456789abcdef:soc' });
    const runtime = createRuntime(io);
    const program = new Command('civgraph').exitOverride();
    serveCommand.register(program, runtime);
    const path = join(dir, 'never-created.db');
    await program.parseAsync(['node', 'civgraph', 'serve', '--mqtt', 'http://broker', '--store-path', path]);
    expect({ code: runtime.exitCode, stderr: io.stderr(), created: existsSync(path) }).toEqual({
      code: 2,
      stderr: 'civgraph: --mqtt must be a broker URL such as mqtt://127.0.0.1:1883, got "http://broker" [CG_ARGUMENT_INVALID]\n',
      created: false,
    });
  });

  it('refuses --store-thread without the live loop, or on Neo4j, before creating the store file', async () => {
    const run = async (args: string[]) => {
      const io = memoryIO({ CIVGRAPH_API_KEYS: 'soc-key-0123456789abcdef:soc' });
      const runtime = createRuntime(io);
      const program = new Command('civgraph').exitOverride();
      serveCommand.register(program, runtime);
      await program.parseAsync(['node', 'civgraph', 'serve', '--store-thread', ...args]);
      return { code: runtime.exitCode, stderr: io.stderr() };
    };
    const path = join(dir, 'never-created-thread.db');
    expect(await run(['--store-path', path])).toEqual({ code: 2, stderr: 'civgraph: --store-thread needs the live loop (--live or --mqtt) [CG_ARGUMENT_INVALID]\n' });
    expect(await run(['--live', '--store', 'neo4j', '--store-path', path])).toEqual({ code: 2, stderr: 'civgraph: --store-thread needs the embedded store, not neo4j [CG_ARGUMENT_INVALID]\n' });
    expect(existsSync(path)).toBe(false);
  });
});
