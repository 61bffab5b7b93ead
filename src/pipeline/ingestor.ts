/**
 * The front of the loop shared by the MQTT worker and the HTTP ingest
 * endpoint: decode by topic (event-codec.ts), drop duplicates (bounded LRU on
 * the event id — QoS 1 is at-least-once), hand each event to the loop, and
 * send undecodable payloads to the dead letter with their diagnostic. An
 * event the scorer or the correlator refuses (a coded EngineError: e.g. a
 * time that does not parse, an alert far in the future) goes to the dead
 * letter too, named by its event id and field; the rest of the payload goes on.
 */
import { EngineError, diagnostic, type Diagnostic } from '../core/index.js';
import { createDedupCache, type DedupCache } from './dedup-cache.js';
import { decodePayload } from './event-codec.js';
import type { DeviceDirectory } from './live-event.js';
import type { LiveLoop, LoopOutcome, ProcessResult } from './live-loop.js';
import type { LiveEvent } from './live-event.js';

export interface DeadLetter {
  readonly topic: string;
  readonly messageId: string;
  readonly diagnostic: Diagnostic;
  /** The payload as received (UTF-8, cut at 64 KiB). */
  readonly payload: string;
}

export interface AcceptResult {
  readonly accepted: number;
  readonly duplicates: number;
  readonly outcomes: readonly LoopOutcome[];
  readonly deadLetter?: DeadLetter;
  /** Settles when the store has room again; the caller takes no new message before (back-pressure). */
  readonly wait?: Promise<void>;
}

export interface Ingestor {
  accept(topic: string, payload: Uint8Array | string, messageId: string): AcceptResult;
  readonly dedup: DedupCache;
}

export interface IngestorOptions {
  readonly loop: LiveLoop;
  readonly directory: DeviceDirectory;
  /** Event ids remembered for deduplication (default 100,000). */
  readonly dedupSize?: number;
  readonly onDeadLetter?: (letter: DeadLetter) => void;
}

const MAX_LETTER = 64 * 1024;

/** Runs one event through the loop; a coded refusal becomes a dead letter instead of ending the batch. */
function processOrRefuse(loop: LiveLoop, live: LiveEvent, topic: string, messageId: string): ProcessResult | Diagnostic {
  try {
    return loop.process(live);
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    const field = error.details?.['field'];
    const record = Number(messageId);
    return diagnostic(error.code, `event ${live.event.id} on ${topic}: ${error.message}`, { source: topic, ...(Number.isInteger(record) ? { record } : {}), ...(typeof field === 'string' ? { field } : {}) });
  }
}

/** Creates the shared decode → dedup → loop front. */
export function createIngestor(options: IngestorOptions): Ingestor {
  const dedup = createDedupCache(options.dedupSize ?? 100_000);
  const { loop } = options;
  return {
    dedup,
    accept(topic, payload, messageId) {
      const started = performance.now();
      const decoded = decodePayload(topic, payload, options.directory, messageId);
      loop.metrics.observe('map', performance.now() - started);
      if (!decoded.ok) {
        const text = typeof payload === 'string' ? payload : Buffer.from(payload).toString('utf8');
        const letter: DeadLetter = { topic, messageId, diagnostic: decoded.diagnostic, payload: text.slice(0, MAX_LETTER) };
        loop.metrics.count('dead_letter');
        options.onDeadLetter?.(letter);
        return { accepted: 0, duplicates: 0, outcomes: [], deadLetter: letter };
      }
      const outcomes: LoopOutcome[] = [];
      const waits: Promise<void>[] = [];
      let duplicates = 0;
      let refused: DeadLetter | undefined;
      for (const live of decoded.events) {
        if (dedup.seen(live.event.id)) {
          duplicates++;
          continue;
        }
        const r = processOrRefuse(loop, live, topic, messageId);
        if (!('outcome' in r)) {
          const text = typeof payload === 'string' ? payload : Buffer.from(payload).toString('utf8');
          refused ??= { topic, messageId, diagnostic: r, payload: text.slice(0, MAX_LETTER) };
          loop.metrics.count('dead_letter');
          options.onDeadLetter?.({ topic, messageId, diagnostic: r, payload: text.slice(0, MAX_LETTER) });
          continue;
        }
        loop.metrics.count('accepted');
        outcomes.push(r.outcome);
        if (r.wait !== undefined) waits.push(r.wait);
      }
      if (duplicates > 0) loop.metrics.count('duplicate', duplicates);
      return { accepted: outcomes.length, duplicates, outcomes, ...(refused === undefined ? {} : { deadLetter: refused }), ...(waits.length === 0 ? {} : { wait: Promise.all(waits).then(() => undefined) }) };
    },
  };
}
