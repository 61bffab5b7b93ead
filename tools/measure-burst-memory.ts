/**
 * Shows that the live loop's memory stays bounded under a burst (issue 9 §6): a backlog of
 * `--events` events (the coordinated scenario repeated with fresh ids, each repeat shifted in time
 * after the previous one so incidents close as in a real stream) is queued at a real
 * Mosquitto first, then one worker drains it into an embedded store slowed to `--store-ms` per
 * write (a store slower than the stream, so back-pressure holds the backlog at the broker).
 * Every `--every` processed events the process is garbage-collected and the heap that survives
 * is recorded: if the loop buffered the backlog, retained heap would grow with it; bounded means
 * it levels off. Needs `--expose-gc`:
 *
 *   node --expose-gc --import tsx tools/measure-burst-memory.ts [--events 1000000] [--store-ms 20] [--every 100000] [--history 10000]
 *
 * `--history` is the loop's history of alerts, incidents and decisions kept for the API (default
 * 10,000 each, LiveLoopOptions.historySize): the largest bounded consumer, so a small one shows the
 * level the rest of the loop settles at.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { cityStore, liveFixture, slowedStore, testLoop, waitFor } from '../src/pipeline/live-harness.test-support.js';
import { startMqttWorker } from '../src/pipeline/mqtt-worker.js';
import { replayEvents } from '../src/pipeline/replay-events.js';
import type { LiveEvent } from '../src/pipeline/live-event.js';
import { startMosquitto } from '../tests/support/mosquitto.js';
import { runTool } from './run-tool.js';

function arg(argv: readonly string[], name: string, fallback: number): number {
  const at = argv.indexOf(name);
  const value = at === -1 ? fallback : Number(argv[at + 1]);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} needs a positive integer`);
  return value;
}

const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);

interface Sample {
  readonly processed: number;
  readonly retainedHeap: number;
  readonly rss: number;
  readonly pending: number;
}

async function main(argv: readonly string[]): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with node --expose-gc');
  const total = arg(argv, '--events', 1_000_000);
  const storeMs = arg(argv, '--store-ms', 20);
  const every = arg(argv, '--every', 100_000);
  const historySize = arg(argv, '--history', 10_000);
  const fixture = liveFixture({ scenario: 'coordinated', devices: 600, hours: 12 });
  const base = fixture.events;
  const times = base.map((e) => Date.parse(e.event.time));
  const span = Math.max(...times) - Math.min(...times) + 3_600_000;
  const events: LiveEvent[] = Array.from({ length: total }, (_, i) => {
    const e = base[i % base.length] as LiveEvent;
    const round = Math.floor(i / base.length);
    return { event: { ...e.event, id: `${e.event.id}#${round}`, time: new Date((times[i % base.length] as number) + round * span).toISOString() } };
  });
  const dir = mkdtempSync(join(tmpdir(), 'civgraph-burst-'));
  const broker = await startMosquitto();
  const store = await cityStore(fixture, join(dir, 'city.db'));
  try {
    const t = testLoop(fixture, { store: slowedStore(store, storeMs), maxPending: 4096, batchSize: 512, historySize });
    const clientId = 'burst-memory';
    const first = await startMqttWorker({ url: broker.url, topics: ['city/#'], clientId, loop: t.loop, ingestor: t.ingestor });
    await first.close();
    process.stdout.write(`queueing ${total.toLocaleString('en-US')} events at the broker…\n`);
    await replayEvents({ url: broker.url, events, groupOf: fixture.groupOf, clientId: `${clientId}-replay`, window: 2048 });
    gc();
    const baseline = process.memoryUsage();
    const samples: Sample[] = [{ processed: 0, retainedHeap: baseline.heapUsed, rss: baseline.rss, pending: 0 }];
    let peakRss = baseline.rss;
    let peakHeap = baseline.heapUsed;
    let next = every;
    // The harness records every processed id (t.processed); count and drop them so the figure is the engine's memory.
    let processed = 0;
    const count = (): number => {
      processed += t.processed.length;
      t.processed.length = 0;
      return processed;
    };
    const started = performance.now();
    const timer = setInterval(() => {
      const now = process.memoryUsage();
      peakRss = Math.max(peakRss, now.rss);
      peakHeap = Math.max(peakHeap, now.heapUsed);
      if (count() >= next) {
        next += every;
        gc();
        const after = process.memoryUsage();
        samples.push({ processed, retainedHeap: after.heapUsed, rss: after.rss, pending: t.store?.pending ?? 0 });
      }
    }, 50);
    const worker = await startMqttWorker({ url: broker.url, topics: ['city/#'], clientId, loop: t.loop, ingestor: t.ingestor });
    await waitFor(() => count() >= total, 'the queued events', 3_600_000);
    await t.loop.flush();
    clearInterval(timer);
    const seconds = (performance.now() - started) / 1000;
    await worker.close();
    gc();
    const end = process.memoryUsage();
    samples.push({ processed: count(), retainedHeap: end.heapUsed, rss: end.rss, pending: 0 });
    process.stdout.write(`node ${process.versions.node}, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}; history ${historySize}; drained ${total.toLocaleString('en-US')} events in ${seconds.toFixed(0)} s (${Math.round(total / seconds).toLocaleString('en-US')}/s), store ${storeMs} ms per write\n`);
    process.stdout.write(`baseline heap ${mib(baseline.heapUsed)} MiB, RSS ${mib(baseline.rss)} MiB; peak heap ${mib(peakHeap)} MiB (garbage included), peak RSS ${mib(peakRss)} MiB; peak store writes waiting ${t.store?.peakPending ?? 0}\n`);
    process.stdout.write('processed    retained heap (after GC)   RSS        store pending\n');
    for (const s of samples) {
      process.stdout.write(`${s.processed.toLocaleString('en-US').padStart(9)}    ${`${mib(s.retainedHeap)} MiB`.padStart(12)} (+${mib(s.retainedHeap - baseline.heapUsed)})   ${`${mib(s.rss)} MiB`.padStart(10)}   ${s.pending}\n`);
    }
  } finally {
    await store.close();
    await broker.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
  return 0;
}

runTool(main);
