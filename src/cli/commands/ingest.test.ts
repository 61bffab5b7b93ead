import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommands } from '../testing/run-commands.test-support.js';
import { exportCommand } from './export.js';
import { ingestCommand } from './ingest.js';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'sources');
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'civgraph-cli-ingest-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const cli = (args: string[]): ReturnType<typeof runCommands> => runCommands([ingestCommand, exportCommand], args, dir);

describe('civgraph ingest / export', () => {
  it('reports the D3FEND syntax error at line 106, exits non-zero, and still loads the valid file', async () => {
    const r = await cli(['ingest', join(FIXTURES, 'rdf', 'd3fend-ontology-mappings.broken.ttl'), join(FIXTURES, 'rdf', 'city-sample.ttl'), '--store-path', join(dir, 'g.db'), '--json']);
    const summary = JSON.parse(r.out) as { accepted: number; merged: number; rejected: number; diagnostics: { code: string; location: { line?: number } }[] };
    expect([r.code, summary.accepted, summary.merged, summary.rejected]).toEqual([2, 3, 0, 1]);
    expect(summary.diagnostics.filter((d) => d.code === 'CG_INGEST_SYNTAX').map((d) => d.location.line)).toEqual([106]);
    const dead = readFileSync(join(dir, 'civgraph.dead-letter.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { diagnostic: { code: string } });
    expect(dead.map((d) => d.diagnostic.code)).toEqual(['CG_INGEST_SYNTAX']);
  });

  it('prints a human summary with the first diagnostics on stderr, then exports Turtle', async () => {
    const r = await cli(['ingest', join(FIXTURES, 'scada', 'batadal-scada-tags.csv'), '--system', 'ctown', '--store-path', join(dir, 'g.db')]);
    expect(r.code).toBe(0);
    expect(r.err).toContain('ingested 1 input(s): 43 accepted, 0 merged, 0 rejected');
    // The run ended with the synchronous commit that makes its batches durable (EmbeddedStore.deferDurability).
    const db = new Database(join(dir, 'g.db'), { readonly: true });
    expect(typeof (db.prepare("SELECT value FROM meta WHERE key = 'durable_sync_ms'").get() as { value: unknown } | undefined)?.value).toBe('number');
    db.close();
    const e = await cli(['export', '--format', 'turtle', '--focus', 'ctown:PLC2', '--depth', '1', '--store-path', join(dir, 'g.db')]);
    expect(e.code).toBe(0);
    expect(e.out).toContain('<https://w3id.org/civgraph/id/ctown%3AL_T1> a cg:LevelSensor');
    expect(e.out).toContain('<https://w3id.org/civgraph/id/ctown%3AL_T1> cg:controlledBy <https://w3id.org/civgraph/id/ctown%3APLC2>.');
  });
});
