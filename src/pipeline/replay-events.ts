/**
 * Publishes a recorded or simulated event stream to a broker (QoS 1, the
 * CivGraph event JSON adapter's topic layout), at a given rate, with at most
 * `window` publishes awaiting their PUBACK. The session is persistent, so
 * mqtt.js resends what the broker has not acknowledged after a reconnect.
 */
import { connectAsync } from 'mqtt';
import { EngineError } from '../core/index.js';
import type { LiveEvent } from './live-event.js';
import { encodeLiveEvent, eventTopic } from './topic-layout.js';

export interface ReplayOptions {
  readonly url: string;
  readonly events: Iterable<LiveEvent>;
  /** Partition group of a device (gateway or zone); the device id when unknown. */
  readonly groupOf?: (deviceId: string) => string | undefined;
  /** Events per second; 0 or absent publishes as fast as the window allows. */
  readonly rate?: number;
  readonly prefix?: string;
  readonly partitions?: number;
  /** Publishes awaiting their PUBACK at once (default 256). */
  readonly window?: number;
  readonly clientId?: string;
  /** Told after each acknowledged publish. */
  readonly onProgress?: (published: number) => void;
}

export interface ReplayReport {
  readonly published: number;
  readonly ms: number;
  readonly eventsPerSecond: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Replays the events and resolves once the broker acknowledged every one. */
export async function replayEvents(options: ReplayOptions): Promise<ReplayReport> {
  const client = await connectAsync(options.url, { clientId: options.clientId ?? `civgraph-replay-${process.pid}`, protocolVersion: 5, clean: false, properties: { sessionExpiryInterval: 600 }, reconnectPeriod: 250 }, false).catch((cause: unknown) => {
    throw new EngineError('CG_PIPELINE_BROKER_UNAVAILABLE', `cannot connect to the MQTT broker at ${options.url}`, { cause, details: { url: options.url } });
  });
  const window = options.window ?? 256;
  const started = performance.now();
  const inFlight = new Set<Promise<unknown>>();
  let published = 0;
  let acked = 0;
  try {
    for (const live of options.events) {
      if (options.rate !== undefined && options.rate > 0) {
        const due = started + (published / options.rate) * 1000;
        const now = performance.now();
        if (due > now) await sleep(due - now);
      }
      while (inFlight.size >= window) await Promise.race(inFlight);
      const group = options.groupOf?.(live.event.deviceId);
      const topic = eventTopic({ ...(options.prefix === undefined ? {} : { prefix: options.prefix }), ...(options.partitions === undefined ? {} : { partitions: options.partitions }), ...(group === undefined ? {} : { group }) }, live.event.deviceId);
      const p: Promise<unknown> = client.publishAsync(topic, encodeLiveEvent(live), { qos: 1 }).then(() => {
        inFlight.delete(p);
        options.onProgress?.(++acked);
      });
      inFlight.add(p);
      published++;
    }
    await Promise.all(inFlight);
  } finally {
    await client.endAsync();
  }
  const ms = performance.now() - started;
  return { published, ms, eventsPerSecond: ms > 0 ? (published / ms) * 1000 : published };
}
