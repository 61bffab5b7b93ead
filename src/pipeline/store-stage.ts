/**
 * The store stage of the live loop: events become cg:Observation /
 * cg:SecurityEvent nodes (with `observedBy` / `affects` edges to their device)
 * written in micro-batches, so the store sees few large transactions instead
 * of one per event. Bounded: when `maxPending` events wait or are in flight,
 * `add` returns a promise that settles once the store has caught up — the
 * caller stops consuming (back-pressure) and memory stays bounded.
 *
 * Pipelined: up to `maxInFlight` writes (default 2) are in flight, a second one
 * only for a full batch (a partial batch lingers behind the write in flight and
 * grows). The store may run them one after the other (Neo4j serialises writers
 * on its version lock), but the next batch is already encoded and sent while the
 * previous one executes and commits, so the store never idles between batches:
 * on Neo4j that is the client's encoding and the round trips of each batch.
 *
 * Durability is observable: every event added gets the next sequence number
 * (`added`) and batches are acknowledged in that order (FIFO: a batch that
 * commits before an earlier one still in flight waits for it), so `committed`
 * is a watermark — every event numbered at or below it is in the store. The
 * MQTT worker acknowledges a message once the watermark passes its events
 * (README "Guarantees"); `hurry` writes a partial batch now instead of after
 * the linger, for a caller whose in-flight window is nearly full (when no write
 * is in flight: that one's commit will free the window anyway). A failed write
 * is retried while later ones may commit: the store then holds a later batch
 * before an earlier one (same events, other store versions); the watermark
 * still waits for the earlier one.
 */
import type { GraphStore, NodeInput, EdgeInput, Props, WriteBatch } from '../graph/port.js';
import type { LiveEvent } from './live-event.js';
import type { PipelineMetrics } from './pipeline-metrics.js';

export interface StoreStageOptions {
  readonly store: Pick<GraphStore, 'write'>;
  /** Writes the device edge only for devices the graph holds (an edge to a missing node fails the batch). */
  readonly hasDevice: (deviceId: string) => boolean;
  /**
   * Events per write (default 2,048). SQLite's cost per commit grows with the
   * index pages a batch dirties, which random event ids spread widely: on the
   * embedded store 2,048 events per commit cost 15 µs CPU and 46 µs wall per
   * event against 21 µs and 85–103 µs at 512 (docs/SCALING.md).
   */
  readonly batchSize?: number;
  /**
   * Longest wait before a partial batch is written, ms (default 20; was 5). The MQTT worker's
   * PUBACKs wait for the commit, which throttles what the broker sends: at 5 ms the linger fired
   * first and commits shrank to 400–900 events one event per message; at 20 ms they stay at
   * 1,100–1,700 (CPU per event 34–35 against 36–54 µs). `stored()` and `hurry()` skip it.
   */
  readonly lingerMs?: number;
  /** Events waiting or in flight before `add` applies back-pressure (default 4,096, at least 2 × batchSize). */
  readonly maxPending?: number;
  /**
   * Writes in flight at once (default 2; 1 = the next batch is sent only after the previous
   * commit). A second write starts only for a full batch; commits are acknowledged in order.
   */
  readonly maxInFlight?: number;
  /** Told about each failed write; the batch is retried with backoff (up to 5 s). */
  readonly onError?: (error: unknown, events: number) => void;
  /** Told after each durable write. */
  readonly onWritten?: (events: number, ms: number) => void;
  /** Counts `store_batches` and `store_failures` and sets the `store_pending` gauge. */
  readonly metrics?: PipelineMetrics;
}

/**
 * What a caller that acknowledges only durable events needs from the store stage: the
 * sequence watermark of committed events and a signal on each commit.
 */
export interface StoreDurability {
  /** Events added so far: the sequence number of the last one (the first is 1). */
  readonly added: number;
  /** Events committed so far: every event numbered at or below this is in the store. */
  readonly committed: number;
  /** Calls `listener(committed)` after every commit until the returned function is called. */
  onCommit(listener: (committed: number) => void): () => void;
  /** Writes what waits now instead of after the linger, unless a write is in flight (then as usual). */
  hurry(): void;
  /** Resolves once every event added so far is committed (writes them without the linger). */
  stored(): Promise<void>;
}

export interface StoreStage extends StoreDurability {
  /** Queues one event; returns a promise only when the caller must wait (back-pressure). */
  add(live: LiveEvent): Promise<void> | undefined;
  /** Resolves when everything queued so far is durable. */
  flush(): Promise<void>;
  readonly pending: number;
  /** Highest number of pending events seen (for the burst benchmark). */
  readonly peakPending: number;
}

function toWrites(live: LiveEvent, hasDevice: (id: string) => boolean): { node: NodeInput; edge?: EdgeInput } {
  const e = live.event;
  const guard: Props = live.derivedFromDecision === undefined ? {} : { derivedFromDecision: live.derivedFromDecision };
  const node: NodeInput = e.type === 'observation'
    ? { id: e.id, kind: 'Observation', props: { time: e.time, deviceId: e.deviceId, quantity: e.quantity, value: e.value, unit: e.unit, ...guard } }
    : { id: e.id, kind: 'SecurityEvent', props: { time: e.time, deviceId: e.deviceId, action: e.action, count: e.count, ...(e.peer === undefined ? {} : { peer: e.peer }), ...guard } };
  if (!hasDevice(e.deviceId)) return { node };
  return { node, edge: { kind: e.type === 'observation' ? 'observedBy' : 'affects', from: e.id, to: e.deviceId } };
}

const DEFAULT_BATCH = 2048;
const DEFAULT_MAX_PENDING = 4096;
const DEFAULT_IN_FLIGHT = 2;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Writes one batch, retrying with backoff (up to 5 s apart) until the store takes it. */
async function writeWithRetry(options: StoreStageOptions, batch: WriteBatch, events: number): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const started = performance.now();
    try {
      await options.store.write(batch);
      options.metrics?.count('store_batches');
      options.onWritten?.(events, performance.now() - started);
      return;
    } catch (error) {
      options.metrics?.count('store_failures');
      options.onError?.(error, events);
      await sleep(Math.min(5000, 50 * 2 ** attempt));
    }
  }
}

/** The commit watermark: events are numbered as added and committed in that order. */
function createWatermark() {
  let added = 0;
  let committed = 0;
  const listeners = new Set<(committed: number) => void>();
  const onCommit = (listener: (committed: number) => void): (() => void) => {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  };
  return {
    onCommit,
    get added() {
      return added;
    },
    get committed() {
      return committed;
    },
    add: (): void => void added++,
    commit(events: number): void {
      committed += events;
      for (const listener of listeners) listener(committed);
    },
    /** Resolves once every event added so far is committed. */
    reached(): Promise<void> {
      const target = added;
      if (committed >= target) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const off = onCommit((now) => {
          if (now < target) return;
          off();
          resolve();
        });
      });
    },
  };
}

/** Creates the micro-batching writer over one store. */
export function createStoreStage(options: StoreStageOptions): StoreStage {
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const linger = options.lingerMs ?? 20;
  const maxPending = options.maxPending ?? Math.max(DEFAULT_MAX_PENDING, 2 * batchSize);
  const maxInFlight = Math.max(1, options.maxInFlight ?? DEFAULT_IN_FLIGHT);
  let buffer: { node: NodeInput; edge?: EdgeInput }[] = [];
  /** Events and writes sent and not yet acknowledged (an acknowledgement waits for every earlier one). */
  let inFlight = 0;
  let writes = 0;
  let peak = 0;
  /** Settles when the last write sent so far is acknowledged (and so every earlier one). */
  let tail: Promise<void> = Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let waiters: (() => void)[] = [];
  const mark = createWatermark();
  /** Set by `stored()`: what waits behind the write in flight goes at once, without the linger. */
  let urgent = false;

  const release = (): void => {
    if (buffer.length + inFlight >= maxPending) return;
    const ready = waiters;
    waiters = [];
    for (const w of ready) w();
  };

  /** Sends the next batch when a write slot is free: any batch when none is in flight, else only a full (or urgent) one. */
  function startWrite(): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (writes >= maxInFlight || buffer.length === 0) return;
    if (writes > 0 && buffer.length < batchSize && !urgent) return;
    const taken = buffer.slice(0, batchSize);
    buffer = buffer.slice(taken.length);
    if (buffer.length === 0) urgent = false;
    inFlight += taken.length;
    writes++;
    const batch: WriteBatch = { nodes: taken.map((t) => t.node), edges: taken.flatMap((t) => (t.edge === undefined ? [] : [t.edge])) };
    const written = writeWithRetry(options, batch, taken.length);
    tail = Promise.all([tail, written]).then(() => {
      inFlight -= taken.length;
      writes--;
      mark.commit(taken.length);
      release();
      next();
    });
    if (buffer.length >= batchSize) startWrite();
  }

  /** After an acknowledgement: a full or urgent batch goes now, a partial one lingers. */
  function next(): void {
    if (buffer.length >= batchSize || (urgent && buffer.length > 0)) startWrite();
    else if (buffer.length > 0) schedule();
  }

  function schedule(): void {
    if (timer === undefined && writes === 0) timer = setTimeout(startWrite, linger);
  }

  /** A write in flight is left to finish: its commit releases acks, and what waits then lingers as usual. */
  function hurry(): void {
    if (writes === 0) startWrite();
  }

  return {
    add(live) {
      buffer.push(toWrites(live, options.hasDevice));
      mark.add();
      const pending = buffer.length + inFlight;
      if (pending > peak) peak = pending;
      options.metrics?.gauge('store_pending', pending);
      if (buffer.length >= batchSize) startWrite();
      else schedule();
      if (pending < maxPending) return undefined;
      return new Promise<void>((resolve) => waiters.push(resolve));
    },
    async flush() {
      while (buffer.length > 0 || writes > 0) {
        if (writes === 0) startWrite();
        await tail;
      }
    },
    hurry,
    onCommit: mark.onCommit,
    stored() {
      urgent = buffer.length > 0;
      hurry();
      return mark.reached();
    },
    get added() {
      return mark.added;
    },
    get committed() {
      return mark.committed;
    },
    get pending() {
      return buffer.length + inFlight;
    },
    get peakPending() {
      return peak;
    },
  };
}
