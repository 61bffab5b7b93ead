/**
 * `civgraph serve --mqtt URL --topics 'city/#' --decision-log FILE`: the live loop wired into the
 * API server, fed by `replayEvents` (what `civgraph replay --scenario` calls), with its metrics at
 * GET /metrics and its decisions in a hash-chained log that verifies.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveCommand } from '../../src/cli/commands/serve.js';
import { createRuntime } from '../../src/cli/runtime.js';
import { verifyLog } from '../../src/decision/index.js';
import { liveFixture, waitFor } from '../../src/pipeline/live-harness.test-support.js';
import { replayEvents } from '../../src/pipeline/replay-events.js';
import { memoryIO } from '../support/memory-io.js';
import { mosquittoAvailable, startMosquitto, type Mosquitto } from '../support/mosquitto.js';

const fixture = liveFixture({ scenario: 'coordinated' });

describe.skipIf(!mosquittoAvailable())('civgraph serve with the live loop', () => {
  let broker: Mosquitto;
  const dir = mkdtempSync(join(tmpdir(), 'civgraph-live-serve-'));
  beforeAll(async () => {
    broker = await startMosquitto();
  });
  afterAll(async () => {
    await broker?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('consumes the replayed scenario, decides, logs and serves /metrics', { timeout: 180_000 }, async () => {
    const io = memoryIO({});
    const runtime = createRuntime(io);
    const program = new Command('civgraph').exitOverride();
    serveCommand.register(program, runtime);
    const log = join(dir, 'decisions.jsonl');
    const running = program.parseAsync(['node', 'civgraph', 'serve', '--port', '0', '--allow-anonymous-read', '--store-path', join(dir, 'city.db'), '--demo-devices', '600', '--seed', '1',
      '--mqtt', broker.url, '--topics', 'city/#', '--worker-group', 'engines', '--client-id', 'serve-test', '--decision-log', log, '--audit-log', join(dir, 'audit.jsonl')]);
    let url: string | undefined;
    await waitFor(() => (url = /serving GraphQL at (http:\/\/\S+)\/graphql/.exec(io.stderr())?.[1]) !== undefined || runtime.exitCode !== 0, 'serve to start', 120_000);
    expect(url, io.stderr()).toBeDefined();
    expect(io.stderr()).toContain(`live loop consuming $share/engines/city/# from ${broker.url}`);
    await replayEvents({ url: broker.url, events: fixture.events, groupOf: fixture.groupOf, clientId: 'serve-replay' });
    const accepted = `civgraph_pipeline_events_total{outcome="accepted"} ${fixture.events.length}`;
    let metrics = '';
    for (let i = 0; i < 600 && !metrics.includes(accepted); i++) {
      metrics = await (await fetch(`${url}/metrics`)).text();
      if (!metrics.includes(accepted)) await new Promise((r) => setTimeout(r, 200));
    }
    expect(metrics).toContain(accepted);
    const decided = Number(/civgraph_pipeline_events_total\{outcome="decided"\} (\d+)/.exec(metrics)?.[1]);
    expect(decided).toBeGreaterThan(0);
    process.emit('SIGTERM');
    await running;
    expect(runtime.exitCode).toBe(0);
    expect(verifyLog(log)).toMatchObject({ ok: true, entries: decided });
  });
});
