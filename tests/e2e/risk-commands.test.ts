import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { memoryIO } from '../support/memory-io.js';

const dir = mkdtempSync(join(tmpdir(), 'civgraph-risk-cli-'));
const store = join(dir, 'city.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function civgraph(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = memoryIO({}, dir);
  const code = await main(['node', 'civgraph', ...args, '--store-path', store], io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

beforeAll(async () => {
  const { code } = await civgraph('demo', '--devices', '800', '--json');
  expect(code).toBe(0);
});

describe('risk commands on the demo city', () => {
  it('paths --json gives nodes, edges (kind, probability, delay), probability and domains, ranked', async () => {
    const { code, stdout } = await civgraph('paths', '--from', 'gw-shared', '--to', 'svc-hospital-0', '--k', '3', '--json');
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as {
      paths: { nodes: string[]; edges: { kind: string; probability: number; delay: number }[]; probability: number; domains: string[] }[];
    };
    expect(result.paths.length).toBeGreaterThan(0);
    expect(result.paths.length).toBeLessThanOrEqual(3);
    for (const path of result.paths) {
      expect(path.nodes[0]).toBe('gw-shared');
      expect(path.nodes.at(-1)).toBe('svc-hospital-0');
      expect(path.edges).toHaveLength(path.nodes.length - 1);
      for (const hop of path.edges) expect(Object.keys(hop)).toEqual(expect.arrayContaining(['kind', 'probability', 'delay']));
      expect(path.domains).toContain('Health');
    }
    const probabilities = result.paths.map((p) => p.probability);
    expect(probabilities).toEqual([...probabilities].sort((a, b) => b - a));
  });

  it('blast-radius, choke-points and simulate answer with JSON', async () => {
    const blast = await civgraph('blast-radius', 'gw-shared', '--json');
    expect(blast.code).toBe(0);
    expect((JSON.parse(blast.stdout) as { services: unknown[] }).services.length).toBeGreaterThan(0);
    const choke = await civgraph('choke-points', '--top', '3', '--json');
    expect(choke.code).toBe(0);
    const simulate = await civgraph('simulate', '--fail-random', '30%', '--horizon', '24h', '--json');
    expect(simulate.code).toBe(0);
  });

  it.each([
    [['paths', '--from', 'no-such-node'], 3, /no-such-node/],
    [['paths', '--from', 'gw-shared', '--k', '0'], 2, /positive integer/],
    [['simulate', '--fail-random', '30%', '--horizon', 'soon'], 2, /soon/],
  ])('rejects %j with exit %i and a one-line reason', async (args, exitCode, message) => {
    const { code, stdout, stderr } = await civgraph(...args);
    expect(code).toBe(exitCode);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
  });
});
