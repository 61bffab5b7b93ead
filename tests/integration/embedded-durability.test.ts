/**
 * Durability of the embedded store under SIGKILL: a child process writes
 * numbered batches and acknowledges each after `write` resolves; the parent
 * kills it mid-stream, reopens the file and checks that every acknowledged
 * batch is wholly present and no batch is partly present.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/core/index.js';
import { openEmbeddedStore } from '../../src/graph/embedded/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const writer = join(here, 'fixtures', 'durability-writer.ts');
const BATCH = 1000;

/** Runs the writer until `acks` batches are acknowledged, then SIGKILLs it. */
function writeThenKill(path: string, acks: number): Promise<number> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, path, String(BATCH)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let acked = 0;
    let buffered = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const match = /^ACK (\d+)$/.exec(line);
        if (match !== null) acked = Math.max(acked, Number(match[1]));
      }
      if (acked >= acks && child.exitCode === null && !child.killed) child.kill('SIGKILL');
    });
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') done(acked);
      else fail(new Error(`writer exited with ${code} before the kill: ${stderr}`));
    });
  });
}

/** Node count of each batch found in the store, by batch number. */
async function batchesIn(path: string): Promise<Map<number, { nodes: number; edges: number }>> {
  const store = openEmbeddedStore({ path, labelsOf: (kind) => [kind] });
  const found = new Map<number, { nodes: number; edges: number }>();
  const entry = (id: string): { nodes: number; edges: number } => {
    const n = Number(/^b(\d+)-/.exec(id)?.[1]);
    const seen = found.get(n) ?? { nodes: 0, edges: 0 };
    found.set(n, seen);
    return seen;
  };
  for await (const batch of store.exportNodes()) for (const node of batch) entry(node.id).nodes++;
  for await (const batch of store.exportEdges()) for (const edge of batch) entry(edge.from).edges++;
  await store.close();
  return found;
}

describe('embedded store durability under SIGKILL', () => {
  const random = createRandom(20261122);
  for (const round of [1, 2, 3]) {
    const target = random.fork(`round ${round}`).int(2, 40);
    it(`round ${round}: every batch acknowledged before a kill after ${target} ACKs is whole, none is partial`, async () => {
      const folder = mkdtempSync(join(tmpdir(), 'civgraph-durability-'));
      try {
        const path = join(folder, 'graph.db');
        const acked = await writeThenKill(path, target);
        expect(acked).toBeGreaterThanOrEqual(target);
        const found = await batchesIn(path);
        const numbers = [...found.keys()].sort((a, b) => a - b);
        const expectedPrefix = Array.from({ length: numbers.length }, (_, i) => i + 1);
        expect(numbers).toEqual(expectedPrefix);
        expect(numbers.length).toBeGreaterThanOrEqual(acked);
        for (const n of numbers) expect([n, found.get(n)]).toEqual([n, { nodes: BATCH, edges: BATCH - 1 }]);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    });
  }
});
