/**
 * Issue 4 item 8: records/s per source format, end to end (parse → map →
 * validate → resolve → write) into the embedded store through runIngest.
 * NGSI-LD key-values is measured with kind checks only and with SHACL on every
 * batch; the target is ≥ 50,000 NGSI-LD key-values records/s end to end.
 * Each case reports wall and CPU rates (process.cpuUsage: on a shared machine
 * the wall rate also measures the neighbours), the store's share of the CPU
 * time, and the load average, after an unmeasured warm-up run (warmUp); each
 * case runs RUNS times and the median run (by CPU rate) is reported.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openEmbeddedStore } from '../src/graph/embedded/index.js';
import type { GraphStore, WriteBatch, WriteResult } from '../src/graph/port.js';
import { NGSI_TYPE_MAPPINGS, loadBundledContexts, loadMapping, runIngest, type IngestFormat, type RunIngestOptions } from '../src/ingest/index.js';
import { labelsOf, loadShapes } from '../src/ontology/index.js';
import type { BenchContext, Benchmark } from './figures.js';

const ROOT = resolve(import.meta.dirname, '..');
const SIZES = { quick: 20_000, full: 200_000 } as const;

/** Synthetic AirQualityObserved entities in NGSI-LD key-values, each referring to one of 100 sensors. */
function ngsiKeyValues(n: number): string {
  const entities = Array.from({ length: n }, (_, i) => ({
    id: `urn:ngsi-ld:AirQualityObserved:bench-${i}`, type: 'AirQualityObserved',
    dateObserved: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    location: { type: 'Point', coordinates: [10.2 + (i % 100) / 1000, 56.15 + (i % 97) / 1000] },
    no2: 20 + (i % 30), pm10: 10 + (i % 17), temperature: 5 + (i % 20) / 2, airQualityLevel: 'moderate',
    '@context': ['https://raw.githubusercontent.com/smart-data-models/dataModel.Environment/master/context.jsonld'],
  }));
  return JSON.stringify(entities);
}

function senml(n: number): string {
  const records: object[] = [{ bn: 'urn:dev:mac:0024be804ff1:', bt: 1_772_000_000, bu: 'Cel' }];
  for (let i = 0; i < n; i++) records.push({ n: `t${i % 10}`, t: i, v: 20 + (i % 50) / 10 });
  return JSON.stringify(records);
}

function cef(n: number): string {
  return Array.from({ length: n }, (_, i) => `<134>1 2026-03-01T10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.000Z fw-01 asa - - - CEF:0|Cisco|ASA|9.18|106023|Deny tcp ${i}|5|src=203.0.113.${i % 250} dst=10.20.0.${i % 250} dpt=502 act=deny`).join('\n');
}

/** n rows of an inventory, ids made unique; line endings normalised to LF (the upstream file is CRLF). */
function csvRepeat(file: string, n: number): string {
  const [header, ...rows] = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const out = [header];
  for (let i = 0; i < n; i++) {
    const row = rows[i % rows.length] as string;
    out.push(row.replace(/,(\d+),Denmark,(\d+),AAR/, (_m, id: string, d: string) => `,${Number(id) + i * 1_000_000},Denmark,${d},AAR`));
  }
  return out.join('\n');
}

/**
 * The Aarhus rows with their second cell quoted, so csv-parse reads them (the split fast path needs
 * a file without quotes), and every tenth row's quote closed early ("…"x): one CG_INGEST_SYNTAX
 * rejection each, parsing resuming on the next line.
 */
function csvQuotedWithBadRows(n: number): string {
  const [header, ...rows] = csvRepeat(join(ROOT, '../shared/data/smart-city-inventories/citypulse_aarhus_traffic_metadata.csv'), n).split('\n');
  return [header, ...rows.map((row, i) => row.replace(/,([^,]*),/, (_m, cell: string) => (i % 10 === 9 ? `,"${cell}"x,` : `,"${cell}",`)))].join('\n');
}

interface Case {
  readonly name: string;
  readonly format: IngestFormat;
  readonly text: (n: number) => string;
  readonly shacl: boolean;
  readonly mapping?: string;
  readonly fixed?: boolean;
  /** Store durability: 'full' (default, what the CLI opens) or 'normal' (bulk loads). */
  readonly synchronous?: 'full' | 'normal';
  /** As `civgraph ingest` runs: durability deferred to one synchronous commit at the end, inside the timing. */
  readonly deferred?: boolean;
}

const CASES: readonly Case[] = [
  { name: 'ngsi-ld key-values', format: 'ngsi-ld', text: ngsiKeyValues, shacl: false },
  { name: 'ngsi-ld key-values, store synchronous=normal', format: 'ngsi-ld', text: ngsiKeyValues, shacl: false, synchronous: 'normal' },
  { name: 'ngsi-ld key-values, as civgraph ingest runs (durable at the end)', format: 'ngsi-ld', text: ngsiKeyValues, shacl: false, deferred: true },
  { name: 'ngsi-ld key-values + SHACL', format: 'ngsi-ld', text: ngsiKeyValues, shacl: true },
  { name: 'senml', format: 'senml', text: senml, shacl: false },
  { name: 'cef', format: 'cef', text: cef, shacl: false },
  { name: 'csv (Aarhus mapping)', format: 'csv', text: (n) => csvRepeat(join(ROOT, '../shared/data/smart-city-inventories/citypulse_aarhus_traffic_metadata.csv'), n), shacl: false, mapping: 'aarhus-traffic.json' },
  { name: 'csv (Aarhus mapping), quoted, 1 row in 10 a syntax error', format: 'csv', text: csvQuotedWithBadRows, shacl: false, mapping: 'aarhus-traffic.json' },
  { name: 'stix (ATT&CK ICS 18.1, 1,826 objects)', format: 'stix', text: () => readFileSync(join(ROOT, '../shared/data/mitre-attack-ics/ics-attack-18.1.json'), 'utf8'), shacl: false, fixed: true },
];

/** CPU seconds (user + system) since `start`: under shared load, wall time measures the neighbours too. */
function cpuSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

/** The store with its `write` timed in CPU seconds, to split the end-to-end time into store and ingest. */
function timedWrites(store: GraphStore): { readonly store: GraphStore; readonly cpuSeconds: () => number } {
  let spent = 0;
  const write = async (batch: WriteBatch): Promise<WriteResult> => {
    const start = process.cpuUsage();
    try {
      return await store.write(batch);
    } finally {
      spent += cpuSince(start);
    }
  };
  const timed = new Proxy(store, {
    get(target, property) {
      if (property === 'write') return write;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { store: timed, cpuSeconds: () => spent };
}

/**
 * One unmeasured run of a case at a tenth of its size into a scratch store, so
 * the measured run shows the steady-state rate of a long load rather than the
 * JIT warm-up of whichever case runs first in the process.
 */
async function warmUp(c: Case, n: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'civgraph-ingest-warm-'));
  const store = openEmbeddedStore({ path: join(dir, 'warm.db'), labelsOf, synchronous: 'normal' });
  try {
    const contexts = await loadBundledContexts(join(ROOT, 'fixtures', 'sources', 'ngsi-ld', 'contexts'));
    await runIngest({
      store, contexts, inputs: [{ source: `${c.format}-warm-up`, text: c.text(Math.max(1_000, Math.round(n / 10))) }], format: c.format, reconcile: false, linkKnowledge: false,
      ...(c.shacl ? { shapes: await loadShapes({ dir: join(ROOT, 'ontology') }) } : {}),
      ...(c.mapping ? { mapping: await loadMapping(join(ROOT, 'fixtures', 'mappings', c.mapping)) } : {}),
    });
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Measured {
  readonly records: number;
  readonly rejected: number;
  readonly seconds: number;
  readonly cpu: number;
  readonly storeCpu: number;
}

/** Runs of each case; the figures are those of the median run by CPU rate (single runs of 20k records varied by ±15 %). */
const RUNS = 3;

async function runCase(c: Case, n: number, context: BenchContext): Promise<void> {
  await warmUp(c, n);
  const runs: Measured[] = [];
  for (let i = 0; i < (c.fixed ? 1 : RUNS); i++) runs.push(await measure(c, n));
  runs.sort((a, b) => a.records / a.cpu - b.records / b.cpu);
  const m = runs[Math.floor(runs.length / 2)] as Measured;
  const figure = (metric: string, value: number, unit: string): void => context.record({ bench: 'ingest', case: c.name, metric, value, unit });
  figure('records', m.records, 'records');
  figure('rejected', m.rejected, 'records');
  figure('rate', Math.round(m.records / m.seconds), 'records/s');
  figure('CPU rate', Math.round(m.records / m.cpu), 'records/s');
  figure('store write share of CPU', Math.round((m.storeCpu / m.cpu) * 100), '%');
  figure('runs (median reported)', runs.length, 'runs');
  figure('load average (1 min)', Number(loadavg()[0]?.toFixed(1)), 'runnable');
}

/** One measured run of a case into a fresh store. */
async function measure(c: Case, n: number): Promise<Measured> {
  const dir = mkdtempSync(join(tmpdir(), 'civgraph-ingest-bench-'));
  const opened = openEmbeddedStore({ path: join(dir, 'bench.db'), labelsOf, synchronous: c.synchronous ?? 'full' });
  try {
    const { store, cpuSeconds } = timedWrites(opened);
    const contexts = await loadBundledContexts(join(ROOT, 'fixtures', 'sources', 'ngsi-ld', 'contexts'));
    const text = c.text(n);
    const options: RunIngestOptions = {
      store, contexts, inputs: [{ source: `${c.format}-bench`, text }], format: c.format, batchSize: 5_000, reconcile: false, linkKnowledge: false,
      ...(c.shacl ? { shapes: await loadShapes({ dir: join(ROOT, 'ontology') }) } : {}),
      ...(c.mapping ? { mapping: await loadMapping(join(ROOT, 'fixtures', 'mappings', c.mapping)) } : {}),
    };
    const started = performance.now();
    const cpuStart = process.cpuUsage();
    const makeDurable = c.deferred === true ? opened.deferDurability() : undefined;
    const summary = await runIngest(options);
    makeDurable?.();
    const cpu = cpuSince(cpuStart);
    const seconds = (performance.now() - started) / 1000;
    return { records: summary.accepted + summary.rejected, rejected: summary.rejected, seconds, cpu, storeCpu: cpuSeconds() };
  } finally {
    await opened.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Issue 4 "done when": every Smart Data Models example payload of a mapped type
 * ingests or is rejected with a diagnostic. Counts per outcome, with SHACL on.
 */
async function smartDataModelCounts(context: BenchContext): Promise<void> {
  const root = join(ROOT, '../shared/data/fiware-smart-data-models');
  if (!existsSync(root)) return;
  const dir = mkdtempSync(join(tmpdir(), 'civgraph-sdm-'));
  const store = openEmbeddedStore({ path: join(dir, 'sdm.db'), labelsOf });
  try {
    const contexts = await loadBundledContexts(join(ROOT, 'fixtures', 'sources', 'ngsi-ld', 'contexts'));
    const shapes = await loadShapes({ dir: join(ROOT, 'ontology') });
    const files = readdirSync(root).filter((r) => r.startsWith('dataModel.')).flatMap((repo) =>
      readdirSync(join(root, repo)).filter((type) => Object.hasOwn(NGSI_TYPE_MAPPINGS, type) && existsSync(join(root, repo, type, 'examples')))
        .flatMap((type) => readdirSync(join(root, repo, type, 'examples')).map((f) => join(root, repo, type, 'examples', f))));
    const counts = { payloads: files.length, accepted: 0, rejected: 0 };
    const byCode = new Map<string, number>();
    for (const file of files) {
      const summary = await runIngest({ store, contexts, shapes, inputs: [file], reconcile: false, linkKnowledge: false });
      counts.accepted += summary.accepted;
      counts.rejected += summary.rejected;
      for (const d of summary.diagnostics) if (d.severity === 'error') byCode.set(d.code, (byCode.get(d.code) ?? 0) + 1);
    }
    context.record({ bench: 'ingest', case: 'smart data models examples', metric: 'payloads', value: counts.payloads, unit: 'files' });
    context.record({ bench: 'ingest', case: 'smart data models examples', metric: 'accepted', value: counts.accepted, unit: 'entities' });
    context.record({ bench: 'ingest', case: 'smart data models examples', metric: 'rejected', value: counts.rejected, unit: 'entities' });
    for (const [code, n] of [...byCode].sort()) context.record({ bench: 'ingest', case: 'smart data models examples', metric: `rejected ${code}`, value: n, unit: 'entities' });
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const ingestBenchmark: Benchmark = {
  name: 'ingest',
  description: 'records/s per source format, end to end into the embedded store',
  async run(context) {
    await smartDataModelCounts(context);
    for (const c of CASES) await runCase(c, SIZES[context.scale], context);
  },
};
