/**
 * One engine worker on an MQTT broker (MQTT 5.0, mqtt.js 5): subscribes QoS 1
 * to its topic filters — shared as `$share/<group>/<filter>` (MQTT 5.0 §4.8.2)
 * when a worker group is given — and runs every message through the ingestor.
 *
 * The PUBACK follows acceptance: the ack callback (`customHandleAcks`) is
 * called only after the event has been through the loop and, when the store
 * is behind, after the store has room again. mqtt.js handles incoming packets
 * one at a time, so a withheld ack stops reading from the socket; the broker
 * then holds the rest (up to the session's Receive Maximum in flight), which
 * bounds the worker's memory. The session is persistent (clean start false,
 * session expiry), so after a broker restart the broker redelivers what was
 * not acknowledged; duplicates are dropped by event id.
 *
 * A message may carry a batch (an event array, a SenML pack): its PUBACK
 * follows acceptance of every element, and each bad element gets its own dead
 * letter. PUBACKs of the messages handled in one turn of the event loop leave
 * in one socket write (the socket is corked until `setImmediate`), not one
 * write per message; each still follows its message's acceptance.
 */
import { connect, connectAsync, type IClientOptions, type MqttClient } from 'mqtt';
import { EngineError } from '../core/index.js';
import type { DecisionRecord } from '../decision/index.js';
import type { DeadLetter, Ingestor } from './ingestor.js';
import type { LiveLoop } from './live-loop.js';
import { DEAD_LETTER_TOPIC, DECISION_TOPIC, shareFilter, topicLevel } from './topic-layout.js';

export interface MqttWorkerOptions {
  /** Broker URL, e.g. mqtt://127.0.0.1:1883. */
  readonly url: string;
  readonly topics: readonly string[];
  /** Shared-subscription group; each message goes to one worker of the group. */
  readonly group?: string;
  /** Stable client id: the persistent session hangs on it. */
  readonly clientId: string;
  readonly loop: LiveLoop;
  readonly ingestor: Ingestor;
  /** Unacknowledged messages the broker may send at once (MQTT 5 Receive Maximum, default 1,024). */
  readonly receiveMaximum?: number;
  /** Seconds the broker keeps the session after a disconnect (default 3,600). */
  readonly sessionExpirySeconds?: number;
  /** Publish decisions to `civgraph/decisions/<incident>` (default true). */
  readonly publishDecisions?: boolean;
  readonly deadLetterTopic?: string;
  /** Told about connection errors (mqtt.js reconnects by itself). */
  readonly onError?: (error: Error) => void;
}

export interface MqttWorker {
  /** The consuming connection. */
  readonly client: MqttClient;
  /** The publishing connection (client id `<clientId>-out`). */
  readonly outbound: MqttClient;
  readonly filters: readonly string[];
  /** Publishes JSON (QoS 1) on the worker's connection. */
  publish(topic: string, payload: unknown): void;
  /** Unsubscribes nothing (the session keeps its subscriptions) and disconnects after the store is flushed. */
  close(): Promise<void>;
}

function letterPayload(letter: DeadLetter): string {
  return JSON.stringify({ topic: letter.topic, messageId: letter.messageId, diagnostic: letter.diagnostic, payload: letter.payload });
}

interface ConnectionRef {
  /** The outbound connection (dead letters, decisions, actions). */
  client?: MqttClient;
  /** The consuming connection, once connected (its socket is corked to coalesce PUBACKs). */
  consumer?: MqttClient;
  /** True while the consuming socket is corked for this turn of the event loop. */
  corked: boolean;
  /** Connections closed so far: an ack withheld across a reconnect must not go out on the new connection. */
  closes: number;
}

/**
 * Corks the consuming socket until the end of this turn of the event loop, so
 * the PUBACKs written meanwhile (mqtt-packet corks per packet and uncorks on
 * the next tick) leave in one write instead of one system call each.
 */
function corkAcks(ref: ConnectionRef): void {
  const stream = ref.consumer?.stream;
  if (ref.corked || stream === undefined || stream.writableCorked === undefined) return;
  ref.corked = true;
  stream.cork();
  setImmediate(() => {
    ref.corked = false;
    stream.uncork();
  });
}

function handler(options: MqttWorkerOptions, ref: ConnectionRef): NonNullable<IClientOptions['customHandleAcks']> {
  const deadLetterTopic = options.deadLetterTopic ?? DEAD_LETTER_TOPIC;
  return (topic, message, packet: { messageId?: number }, ack) => {
    corkAcks(ref);
    const started = performance.now();
    const result = options.ingestor.accept(topic, message, String(packet.messageId ?? ''));
    options.loop.metrics.observe('receive', performance.now() - started);
    for (const letter of result.deadLetters ?? (result.deadLetter === undefined ? [] : [result.deadLetter])) {
      ref.client?.publish(deadLetterTopic, letterPayload(letter), { qos: 1 });
    }
    if (result.wait === undefined) {
      ack(0);
      return;
    }
    // Packet ids belong to one connection: after a reconnect the broker redelivers and dedup acks it.
    const connection = ref.closes;
    void result.wait.then(() => {
      if (ref.closes === connection) ack(0);
    });
  };
}

/**
 * `connectAsync(url, options, false)` that hands the client to `onClient` at once: a resumed
 * session's messages arrive right after the CONNACK, before the promise settles, and their
 * PUBACKs should already coalesce (`corkAcks`).
 */
function connectConsumer(url: string, options: IClientOptions, onClient: (client: MqttClient) => void): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const client = connect(url, options);
    onClient(client);
    const listeners = {
      connect: () => settle(() => resolve(client)),
      end: () => settle(() => resolve(client)),
      error: (error: Error) => settle(() => (client.end(), reject(error))),
      close: () => settle(() => (client.end(), reject(new Error("Couldn't connect to server")))),
    };
    const settle = (then: () => void): void => {
      client.off('connect', listeners.connect).off('end', listeners.end).off('error', listeners.error).off('close', listeners.close);
      then();
    };
    client.on('connect', listeners.connect).on('end', listeners.end).on('error', listeners.error).on('close', listeners.close);
  });
}

function connectFailed(url: string): (cause: unknown) => never {
  return (cause) => {
    throw new EngineError('CG_PIPELINE_BROKER_UNAVAILABLE', `cannot connect to the MQTT broker at ${url}`, { cause, details: { url } });
  };
}

/**
 * Connects, subscribes and starts consuming; resolves once the subscriptions
 * are granted. Outbound messages use a second connection: the consuming one
 * stops reading while an ack is withheld, so it could not read the PUBACKs of
 * its own publishes and would exceed the broker's Receive Maximum (MQTT 5.0
 * §4.9), which brokers answer with a protocol-error disconnect.
 */
export async function startMqttWorker(options: MqttWorkerOptions): Promise<MqttWorker> {
  // Messages a resumed session redelivers may arrive before connectAsync resolves: their dead letters need the client.
  const ref: ConnectionRef = { closes: 0, corked: false };
  const client = await connectConsumer(options.url, {
    clientId: options.clientId,
    protocolVersion: 5,
    clean: false,
    reconnectPeriod: 250,
    connectTimeout: 5_000,
    properties: { sessionExpiryInterval: options.sessionExpirySeconds ?? 3_600, receiveMaximum: options.receiveMaximum ?? 1_024 },
    customHandleAcks: handler(options, ref),
    // mqtt.js logs every packet through debug(); the worker has no use for it and it costs per message.
    log: () => undefined,
  }, (consumer) => (ref.consumer = consumer)).catch(connectFailed(options.url));
  const outbound = await connectAsync(options.url, { clientId: `${options.clientId}-out`, protocolVersion: 5, clean: false, reconnectPeriod: 250, properties: { sessionExpiryInterval: options.sessionExpirySeconds ?? 3_600 } }, false).catch(async (cause: unknown) => {
    await client.endAsync(true);
    return connectFailed(options.url)(cause);
  });
  ref.client = outbound;
  outbound.on('error', (error) => options.onError?.(error));
  client.on('close', () => ref.closes++);
  client.on('error', (error) => options.onError?.(error));
  client.on('message', (topic, message, packet) => {
    if (packet.qos === 0) options.ingestor.accept(topic, message, 'qos0');
  });
  const filters = options.topics.map((t) => shareFilter(t, options.group));
  const grants = await client.subscribeAsync(filters, { qos: 1 });
  const refused = grants.filter((g) => g.qos >= 0x80);
  if (refused.length > 0) {
    await Promise.all([client.endAsync(true), outbound.endAsync(true)]);
    throw new EngineError('CG_PIPELINE_BROKER_UNAVAILABLE', `the broker refused the subscription to ${refused.map((g) => g.topic).join(', ')}`, { details: { url: options.url, refused: refused.map((g) => g.topic) } });
  }
  const unsubscribe = options.publishDecisions === false
    ? () => undefined
    : options.loop.subscribe('decision', (record: DecisionRecord) => {
        outbound.publish(`${DECISION_TOPIC}/${topicLevel(record.incident.id)}`, JSON.stringify(record), { qos: 1 });
      });
  return {
    client,
    outbound,
    filters,
    publish(topic, payload) {
      outbound.publish(topic, JSON.stringify(payload), { qos: 1 });
    },
    async close() {
      unsubscribe();
      await options.loop.flush();
      await Promise.all([client.endAsync(), outbound.endAsync()]);
    },
  };
}
