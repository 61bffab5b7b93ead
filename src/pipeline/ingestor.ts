/**
 * The front of the loop shared by the MQTT worker and the HTTP ingest
 * endpoint: decode by topic (event-codec.ts), drop duplicates (bounded LRU on
 * the event id — QoS 1 is at-least-once), hand each event to the loop, and
 * send undecodable payloads to the dead letter with their diagnostic. An
 * event the scorer or the correlator refuses (a coded EngineError: e.g. a
 * time that does not parse, an alert far in the future) goes to the dead
 * letter too, named by its event id and field; the rest of the payload goes on.
 * A batch payload (an event array, a SenML pack) gets one dead letter per bad
 * element, its diagnostic's JSON pointer naming the element's index; the
 * caller acknowledges the message once every good element was accepted.
 */
import { EngineError, diagnostic, type Diagnostic } from '../core/index.js';
import { createDedupCache, type DedupCache } from './dedup-cache.js';
import { decodePayload, payloadText, type RejectedElement } from './event-codec.js';
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
  /** The first dead letter of this message (see `deadLetters`). */
  readonly deadLetter?: DeadLetter;
  /** Every dead letter of this message: one per bad element of a batch, one per refused event. */
  readonly deadLetters?: readonly DeadLetter[];
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

/** Dead letters of the bad elements of a batch: each carries its own element's JSON text. */
function elementLetters(topic: string, messageId: string, rejected: readonly RejectedElement[] | undefined): DeadLetter[] {
  return (rejected ?? []).map((r) => ({ topic, messageId, diagnostic: r.diagnostic, payload: r.payload.slice(0, MAX_LETTER) }));
}

/** The result's dead-letter members: the first one and, for several, all of them. */
function lettersOf(letters: readonly DeadLetter[]): Pick<AcceptResult, 'deadLetter' | 'deadLetters'> {
  return letters.length === 0 ? {} : { deadLetter: letters[0], deadLetters: letters };
}

/** One wait for every store hand-off that asked for it (none, one, or all of a batch's). */
function joined(waits: readonly Promise<void>[]): Pick<AcceptResult, 'wait'> {
  if (waits.length === 0) return {};
  return { wait: waits.length === 1 ? waits[0] : Promise.all(waits).then(() => undefined) };
}

/** Creates the shared decode → dedup → loop front. */
export function createIngestor(options: IngestorOptions): Ingestor {
  const dedup = createDedupCache(options.dedupSize ?? 100_000);
  const { loop } = options;
  const send = (letters: readonly DeadLetter[]): void => {
    if (letters.length === 0) return;
    loop.metrics.count('dead_letter', letters.length);
    for (const letter of letters) options.onDeadLetter?.(letter);
  };
  return {
    dedup,
    accept(topic, payload, messageId) {
      const started = performance.now();
      const decoded = decodePayload(topic, payload, options.directory, messageId);
      loop.metrics.observe('map', performance.now() - started);
      if (!decoded.ok) {
        const letters = decoded.rejected === undefined ? [{ topic, messageId, diagnostic: decoded.diagnostic, payload: payloadText(payload).slice(0, MAX_LETTER) }] : elementLetters(topic, messageId, decoded.rejected);
        send(letters);
        return { accepted: 0, duplicates: 0, outcomes: [], ...lettersOf(letters) };
      }
      const letters = elementLetters(topic, messageId, decoded.rejected);
      const outcomes: LoopOutcome[] = [];
      const waits: Promise<void>[] = [];
      let duplicates = 0;
      for (const live of decoded.events) {
        if (dedup.seen(live.event.id)) {
          duplicates++;
          continue;
        }
        const r = processOrRefuse(loop, live, topic, messageId);
        if (!('outcome' in r)) {
          letters.push({ topic, messageId, diagnostic: r, payload: payloadText(payload).slice(0, MAX_LETTER) });
          continue;
        }
        outcomes.push(r.outcome);
        if (r.wait !== undefined) waits.push(r.wait);
      }
      if (outcomes.length > 0) loop.metrics.count('accepted', outcomes.length);
      if (duplicates > 0) loop.metrics.count('duplicate', duplicates);
      send(letters);
      return { accepted: outcomes.length, duplicates, outcomes, ...lettersOf(letters), ...joined(waits) };
    },
  };
}
