/**
 * `civgraph serve --live --store-thread` without a broker: events arrive by POST /ingest/events (stored
 * from the loop's writer thread), the loop decides,
 * the decisions are served over GraphQL from the same log, and a bundle published by an architect
 * reaches the loop (the next decisions carry its version).
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { serveCommand } from '../../src/cli/commands/serve.js';
import { createRuntime } from '../../src/cli/runtime.js';
import { readLog, type DecisionRecord } from '../../src/decision/index.js';
import { liveFixture, waitFor } from '../../src/pipeline/live-harness.test-support.js';
import { encodeLiveEvent, eventTopic } from '../../src/pipeline/topic-layout.js';
import { memoryIO } from '../support/memory-io.js';

const SOC = 'soc-key-0123456789abcdef';
const ARCHITECT = 'architect-key-0123456789abcdef';
const fixture = liveFixture({ scenario: 'coordinated' });
const dir = mkdtempSync(join(tmpdir(), 'civgraph-live-http-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function policyFiles(): { path: string; text: string }[] {
  const root = join(import.meta.dirname, '..', '..', 'rules', 'policies');
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.json'))
    .map((f, i) => {
      const text = readFileSync(join(root, f), 'utf8');
      // A changed description makes a new bundle (its version is the content hash of the files).
      return { path: f.split('\\').join('/'), text: i === 0 ? JSON.stringify({ ...(JSON.parse(text) as object), description: 'Republished through the API.' }) : text };
    });
}

describe('civgraph serve --live (HTTP ingest, no broker)', () => {
  it('decides on posted events, serves the decisions, and decides with a published bundle afterwards', { timeout: 180_000 }, async () => {
    const io = memoryIO({ CIVGRAPH_API_KEYS: `${SOC}:soc,${ARCHITECT}:architect` });
    const runtime = createRuntime(io);
    const program = new Command('civgraph').exitOverride();
    serveCommand.register(program, runtime);
    const log = join(dir, 'decisions.jsonl');
    const running = program.parseAsync(['node', 'civgraph', 'serve', '--port', '0', '--store-path', join(dir, 'city.db'), '--demo-devices', '600', '--seed', '1',
      '--live', '--store-thread', '--decision-log', log, '--publish-dir', join(dir, 'published'), '--audit-log', join(dir, 'audit.jsonl')]);
    let url: string | undefined;
    await waitFor(() => (url = /serving GraphQL at (http:\/\/\S+)\/graphql/.exec(io.stderr())?.[1]) !== undefined || runtime.exitCode !== 0, 'serve to start', 120_000);
    expect(url, io.stderr()).toBeDefined();
    expect(io.stderr()).toContain(`live loop taking events at ${url}/ingest/events`);
    const post = async (events: typeof fixture.events) => {
      const items = events.map((live) => ({ topic: eventTopic({}, live.event.deviceId), payload: encodeLiveEvent(live) }));
      const response = await fetch(`${url}/ingest/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': SOC }, body: JSON.stringify(items) });
      return { status: response.status, body: (await response.json()) as { accepted: number; rejected: unknown[] } };
    };
    const graphql = async (key: string, query: string, variables: Record<string, unknown> = {}) =>
      (await (await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: JSON.stringify({ query, variables }) })).json()) as { data?: Record<string, unknown>; errors?: unknown[] };

    // Post in chunks until the loop has decided at least once; the rest comes after the publication.
    const decidedSoFar = () => (existsSync(log) ? readLog(log).length : 0);
    let sent = 0;
    while (sent < fixture.events.length && decidedSoFar() === 0) {
      const chunk = fixture.events.slice(sent, sent + 1_000);
      expect(await post(chunk)).toMatchObject({ status: 202, body: { accepted: chunk.length, rejected: [] } });
      sent += chunk.length;
    }
    expect(sent).toBeLessThan(fixture.events.length);
    const before = readLog(log).map((e) => e.record as DecisionRecord);
    expect(before.length).toBeGreaterThan(0);
    const served = await graphql(SOC, '{ decisions(first: 200) { totalCount } }');
    expect(served).toEqual({ data: { decisions: { totalCount: before.length } } });

    const published = await graphql(ARCHITECT, 'mutation($b: PolicyBundleInput!) { publishPolicyBundle(bundle: $b) { version } }', { b: { name: 'republished', files: policyFiles() } });
    expect(published.errors).toBeUndefined();
    const version = (published.data?.['publishPolicyBundle'] as { version: string }).version;
    for (let i = sent; i < fixture.events.length; i += 5_000) expect((await post(fixture.events.slice(i, Math.min(i + 5_000, fixture.events.length)))).status).toBe(202);
    const after = readLog(log).map((e) => e.record as DecisionRecord).slice(before.length);
    expect(new Set(before.map((r) => r.versions.policyBundle)).has(version)).toBe(false);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((r) => r.versions.policyBundle === version)).toBe(true);

    process.emit('SIGTERM');
    await running;
    expect(runtime.exitCode).toBe(0);
  });
});
