import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { DOMAINS } from '../../src/ontology/index.js';
import { memoryIO } from '../support/memory-io.js';

const dir = mkdtempSync(join(tmpdir(), 'civgraph-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function civgraph(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = memoryIO({}, dir);
  const code = await main(['node', 'civgraph', ...args], io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

describe('civgraph demo', () => {
  it('prints one JSON object with all eight domains, consistent counts and the scenario', async () => {
    const path = join(dir, 'demo.db');
    const { code, stdout, stderr } = await civgraph('demo', '--devices', '800', '--seed', '3', '--store-path', path, '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Record<string, unknown> & {
      devices: number;
      nodes: number;
      edges: number;
      domains: Record<string, number>;
      edgeKinds: Record<string, number>;
      nodeKinds: Record<string, number>;
      projection: { nodes: number; edges: number };
      ingest: { source: string; accepted: number; rejected: number; nodesWritten: number; edgesWritten: number };
      scenario: { name: string; domains: string[]; maliciousEvents: number };
      store: { version: number };
    };
    expect(Object.keys(report.domains).sort()).toEqual([...DOMAINS].sort());
    expect(Object.values(report.domains).reduce((a, b) => a + b, 0)).toBe(report.devices);
    expect(Object.values(report.edgeKinds).reduce((a, b) => a + b, 0)).toBe(report.edges);
    expect(Object.values(report.nodeKinds).reduce((a, b) => a + b, 0)).toBe(report.nodes);
    // The real BATADAL SCADA tag table (43 tags) is ingested beside the simulated city.
    expect(report.ingest).toMatchObject({ source: 'fixtures/sources/scada/batadal-scada-tags.csv', accepted: 43, rejected: 0 });
    expect(report.projection).toMatchObject({
      nodes: report.nodes + report.ingest.nodesWritten,
      edges: report.edges + report.ingest.edgesWritten,
    });
    expect(report.scenario.name).toBe('coordinated');
    expect(report.scenario.domains.length).toBeGreaterThanOrEqual(3);
    expect(report.scenario.maliciousEvents).toBeGreaterThan(0);
  });

  it('reports propagation paths with hops, probabilities and domains, one crossing three domains, and the blast radius', async () => {
    const { code, stdout } = await civgraph('demo', '--devices', '800', '--store-path', join(dir, 'risk.db'), '--json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as {
      foothold: string[];
      paths: { nodes: string[]; edges: { kind: string; probability: number; delay: number }[]; probability: number; domains: string[] }[];
      blastRadius: { sources: string[]; servicesAffected: number; peopleAffected: number };
    };
    expect(report.foothold).toEqual(['gw-shared']);
    expect(report.paths.length).toBeGreaterThan(0);
    for (const path of report.paths) {
      expect(path.nodes[0]).toBe('gw-shared');
      expect(path.edges).toHaveLength(path.nodes.length - 1);
      const product = path.edges.reduce((p, hop) => p * hop.probability, 1);
      expect(path.probability).toBeCloseTo(product, 3);
    }
    const probabilities = report.paths.map((p) => p.probability);
    expect(probabilities).toEqual([...probabilities].sort((a, b) => b - a));
    expect(report.paths.some((path) => path.domains.length >= 3)).toBe(true);
    expect(report.blastRadius.sources).toContain('gw-shared');
    expect(report.blastRadius.servicesAffected).toBeGreaterThan(0);
    expect(report.blastRadius.peopleAffected).toBeGreaterThan(0);
  });

  it('decides with the starter policies and reports availability beside the static baseline', async () => {
    const log = join(dir, 'decisions.jsonl');
    const { code, stdout } = await civgraph('demo', '--devices', '800', '--store-path', join(dir, 'policy.db'), '--decision-log', log, '--json');
    expect(code).toBe(0);
    const verified = await civgraph('audit', 'verify', '--log', log, '--json');
    expect(verified.code).toBe(0);
    const explained = await civgraph('explain', (JSON.parse(stdout) as { decisions: { id: string }[] }).decisions[0]?.id ?? '', '--log', log);
    expect(explained.code).toBe(0);
    expect(explained.stdout).toContain('Chosen:');
    const report = JSON.parse(stdout) as {
      decisions: { id: string; chosen: unknown[]; versions: Record<string, string> }[];
      mitigation: Record<string, number>;
    };
    expect(report.decisions).toHaveLength(1);
    // The live loop over the same scenario, on scored evidence: the coordinated attack ends in one incident across three domains.
    const { loop } = JSON.parse(stdout) as { loop: { events: number; quiet: number; alerts: number; incidents: { domains: string[] }[]; decisions: { id: string; chosen: string[] }[] } };
    expect(loop.quiet + loop.alerts).toBe(loop.events);
    expect(loop.decisions.length).toBeGreaterThan(0);
    expect(Math.max(...loop.incidents.map((i) => i.domains.length))).toBeGreaterThanOrEqual(3);
    expect((await civgraph('explain', loop.decisions.at(-1)?.id ?? '', '--log', log)).code).toBe(0);
    expect(report.decisions[0]?.chosen.length).toBeGreaterThan(0);
    expect(Object.keys(report.mitigation).sort()).toEqual([
      'availability', 'availabilityIfApproved', 'riskReduction', 'riskReductionIfApproved', 'staticAvailability', 'staticRiskReduction',
    ]);
    for (const value of Object.values(report.mitigation)) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
    }
  });

  it('prints the detection table: live scorer and graph correlation over three seeds, pooled row the sum of the seeds', async () => {
    const { code, stdout } = await civgraph('demo', '--devices', '500', '--seed', '4', '--store-path', join(dir, 'detection.db'), '--json');
    expect(code).toBe(0);
    type Row = { seed: number | 'all'; counts: Record<string, number>; fpr: number; stageDetection: number };
    const { detection } = JSON.parse(stdout) as { detection: { model: string; devices: number; seeds: number[]; rows: Row[] } };
    expect(detection.model).toMatch(/^[0-9a-f]{16}$/);
    expect([detection.devices, detection.seeds]).toEqual([600, [4, 5, 6]]);
    expect(detection.rows.map((r) => r.seed)).toEqual([4, 5, 6, 'all']);
    const pooled = detection.rows[3] as Row;
    for (const [key, value] of Object.entries(pooled.counts)) {
      expect([key, detection.rows.slice(0, 3).reduce((sum, r) => sum + (r.counts[key] ?? 0), 0)]).toEqual([key, value]);
    }
    expect(pooled.fpr).toBeLessThan(0.01);
    expect(pooled.stageDetection).toBeGreaterThanOrEqual(0.9);
  });

  it('is deterministic by seed and replaces its own previous city on a re-run', async () => {
    const path = join(dir, 'rerun.db');
    const first = await civgraph('demo', '--devices', '500', '--store-path', path, '--json');
    const second = await civgraph('demo', '--devices', '500', '--store-path', path, '--json');
    expect(second.code).toBe(0);
    const a = JSON.parse(first.stdout) as { nodes: number; edges: number; scenario: unknown };
    const b = JSON.parse(second.stdout) as { nodes: number; edges: number; scenario: unknown };
    expect([b.nodes, b.edges, b.scenario]).toEqual([a.nodes, a.edges, a.scenario]);
  });

  it('renders a readable text report on stdout', async () => {
    const { code, stdout } = await civgraph('demo', '--devices', '500', '--store-path', join(dir, 'text.db'), '--scenario', 'camera-botnet');
    expect(code).toBe(0);
    expect(stdout).toContain('Scenario: camera-botnet (attack)');
    expect(stdout).toMatch(/Detection\n═+\n {2}Live scorer \(model [0-9a-f]{16}\) and graph correlation over every scenario, 600-device cities, seeds 1, 2, 3:/);
    for (const domain of DOMAINS) expect(stdout).toContain(domain);
  });

  it.each([
    [['--scenario', 'nope'], 3, /Unknown scenario "nope"\. Valid scenarios: camera-botnet.*\[CG_SCENARIO_UNKNOWN\]/],
    [['--devices', '0'], 2, /--devices must be a whole number from 500 to 5,000,000, got "0" \[CG_ARGUMENT_INVALID\]/],
    [['--store-path', '/nonexistent-dir/x.db'], 6, /folder \/nonexistent-dir does not exist \[CG_STORE_OPEN_FAILED\]/],
  ])('rejects %j with exit code %i and a one-line reason', async (args, exitCode, message) => {
    const { code, stdout, stderr } = await civgraph('demo', '--devices', '500', '--store-path', join(dir, 'bad.db'), ...args);
    expect(code).toBe(exitCode);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
  });

  it('rejects a malformed config file with every problem named, without a stack trace', async () => {
    const file = join(dir, 'bad-config.json');
    writeFileSync(file, JSON.stringify({ store: { kind: 'mongo' }, colour: 'red' }));
    const { code, stderr } = await civgraph('demo', '--config', file);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^civgraph: invalid configuration \(.*bad-config\.json, environment, flags\): store\.kind: .*; \(top level\): Unrecognized key: "colour" \[CG_CONFIG_INVALID\]\n$/);
  });

  it('refuses to wipe a store the demo did not fill unless --reset is given', async () => {
    const path = join(dir, 'foreign.db');
    const { openEmbeddedStore } = await import('../../src/graph/embedded/index.js');
    const { labelsOf } = await import('../../src/ontology/index.js');
    const store = openEmbeddedStore({ path, labelsOf });
    await store.write({ nodes: [{ id: 'my-camera', kind: 'Camera', props: { name: 'mine' } }] });
    await store.close();
    const refused = await civgraph('demo', '--devices', '500', '--store-path', path);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/holds 1 nodes the demo did not create; pass --reset/);
    const replaced = await civgraph('demo', '--devices', '500', '--store-path', path, '--reset', '--json');
    expect(replaced.code).toBe(0);
  });
});
