/**
 * Publishes a recorded or simulated event stream to a broker (QoS 1, the
 * CivGraph event JSON adapter's topic layout), at a given rate, with at most
 * `window` publishes awaiting their PUBACK. The session is persistent, so
 * mqtt.js resends what the broker has not acknowledged after a reconnect.
 *
 * With `batch` > 1 one message carries up to that many events as a JSON array
 * (the `event` adapter's batch form), the way a gateway forwards its devices'
 * readings: events are gathered per partition, in stream order within it, on
 * `<prefix>/p<n>/batch/event` (`planBatches`). Across partitions the delivered
 * order then differs from the stream's, so compare decisions with the batch
 * loop over `planBatches(...)` flattened, not over the original order.
 */
import { connectAsync } from 'mqtt';
import { EngineError } from '../core/index.js';
import type { LiveEvent } from './live-event.js';
import { DEFAULT_TOPIC_PREFIX, encodeLiveEvent, eventTopic, liveEventJson, partitionOf } from './topic-layout.js';

export interface ReplayOptions {
  readonly url: string;
  readonly events: Iterable<LiveEvent>;
  /** Partition group of a device (gateway or zone); the device id when unknown. */
  readonly groupOf?: (deviceId: string) => string | undefined;
  /** Events per second; 0 or absent publishes as fast as the window allows. */
  readonly rate?: number;
  readonly prefix?: string;
  readonly partitions?: number;
  /** Events per message (default 1): more publishes JSON arrays gathered per partition (`planBatches`). */
  readonly batch?: number;
  /** Publishes awaiting their PUBACK at once (default 256). */
  readonly window?: number;
  readonly clientId?: string;
  /** Told after each acknowledged publish. */
  readonly onProgress?: (published: number) => void;
}

export interface ReplayReport {
  /** Events published. */
  readonly published: number;
  /** MQTT messages published (equals `published` without `batch`). */
  readonly messages: number;
  readonly ms: number;
  readonly eventsPerSecond: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** One MQTT message of a replay: its topic and the events it carries. */
export interface PlannedMessage {
  readonly topic: string;
  readonly events: readonly LiveEvent[];
}

type Layout = Pick<ReplayOptions, 'groupOf' | 'prefix' | 'partitions' | 'batch'>;

/**
 * The messages a replay publishes, in publish order. Without `batch` (or 1):
 * one message per event on its device's topic. With `batch` = N: a partition's
 * events are gathered in stream order and sent as one message once N are
 * waiting; what remains goes out at the end, oldest first. Deterministic: the
 * same events and options give the same messages.
 */
export function* planBatches(events: Iterable<LiveEvent>, options: Layout = {}): Generator<PlannedMessage> {
  const size = options.batch ?? 1;
  const topicOptions = { ...(options.prefix === undefined ? {} : { prefix: options.prefix }), ...(options.partitions === undefined ? {} : { partitions: options.partitions }) };
  if (size <= 1) {
    for (const live of events) {
      const group = options.groupOf?.(live.event.deviceId);
      yield { topic: eventTopic({ ...topicOptions, ...(group === undefined ? {} : { group }) }, live.event.deviceId), events: [live] };
    }
    return;
  }
  const buffers = new Map<number, LiveEvent[]>();
  const topic = (partition: number): string => `${options.prefix ?? DEFAULT_TOPIC_PREFIX}/p${partition}/batch/event`;
  for (const live of events) {
    const partition = partitionOf(options.groupOf?.(live.event.deviceId) ?? live.event.deviceId, options.partitions);
    // Deleting a full buffer and re-adding later keeps the map in order of each buffer's oldest event.
    const buffer = buffers.get(partition) ?? [];
    if (buffer.length === 0) buffers.set(partition, buffer);
    buffer.push(live);
    if (buffer.length < size) continue;
    buffers.delete(partition);
    yield { topic: topic(partition), events: buffer };
  }
  for (const [partition, buffer] of buffers) yield { topic: topic(partition), events: buffer };
}

/** The payload of a planned message: one event's JSON, or a JSON array of them. */
export function encodeMessage(message: PlannedMessage, batched: boolean): string {
  if (!batched) return encodeLiveEvent(message.events[0] as LiveEvent);
  return `[${message.events.map((live) => JSON.stringify(liveEventJson(live))).join(',')}]`;
}

/** Replays the events and resolves once the broker acknowledged every one. */
export async function replayEvents(options: ReplayOptions): Promise<ReplayReport> {
  const client = await connectAsync(options.url, { clientId: options.clientId ?? `civgraph-replay-${process.pid}`, protocolVersion: 5, clean: false, properties: { sessionExpiryInterval: 600 }, reconnectPeriod: 250 }, false).catch((cause: unknown) => {
    throw new EngineError('CG_PIPELINE_BROKER_UNAVAILABLE', `cannot connect to the MQTT broker at ${options.url}`, { cause, details: { url: options.url } });
  });
  const window = options.window ?? 256;
  const started = performance.now();
  const inFlight = new Set<Promise<unknown>>();
  const batched = (options.batch ?? 1) > 1;
  let published = 0;
  let messages = 0;
  let acked = 0;
  try {
    for (const message of planBatches(options.events, options)) {
      if (options.rate !== undefined && options.rate > 0) {
        const due = started + ((published + message.events.length - 1) / options.rate) * 1000;
        const now = performance.now();
        if (due > now) await sleep(due - now);
      }
      while (inFlight.size >= window) await Promise.race(inFlight);
      const count = message.events.length;
      const p: Promise<unknown> = client.publishAsync(message.topic, encodeMessage(message, batched), { qos: 1 }).then(() => {
        inFlight.delete(p);
        acked += count;
        options.onProgress?.(acked);
      });
      inFlight.add(p);
      published += count;
      messages++;
    }
    await Promise.all(inFlight);
  } finally {
    await client.endAsync();
  }
  const ms = performance.now() - started;
  return { published, messages, ms, eventsPerSecond: ms > 0 ? (published / ms) * 1000 : published };
}
