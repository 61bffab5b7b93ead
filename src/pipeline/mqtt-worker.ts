/**
 * One engine worker on an MQTT broker (MQTT 5.0, mqtt.js 5): subscribes QoS 1
 * to its topic filters — shared as `$share/<group>/<filter>` (MQTT 5.0 §4.8.2)
 * when a worker group is given — and runs every message through the ingestor.
 *
 * The PUBACK follows durability (durable-acks.ts): a message is acknowledged
 * once every event it carried is committed to the store and each of its dead
 * letters was acknowledged by the broker; scoring and decisions do not wait,
 * they run on acceptance. Reading goes on meanwhile — the broker's Receive
 * Maximum (4,096 unacknowledged messages in flight) bounds what is held — and
 * stops, as before, while the store stage applies back-pressure: mqtt.js takes
 * the next packet only after the ack callback (`customHandleAcks`) was called,
 * and the worker calls it once the store has room. The PUBACK itself is not
 * mqtt.js's: `handleMessage` ends each message with a callback error, which
 * makes mqtt.js go on to the next packet without sending one (mqtt.js 5.16
 * handlers/publish.js), and the worker writes the PUBACKs itself, one write
 * per commit. The session is persistent (clean start false, session expiry),
 * so after a broker restart or a worker crash the broker redelivers what was
 * not acknowledged; duplicates are dropped by event id.
 */
import { connect, connectAsync, type IClientOptions, type MqttClient } from 'mqtt';
import { EngineError } from '../core/index.js';
import type { DecisionRecord } from '../decision/index.js';
import { createDurableAcks, type DurableAcks } from './durable-acks.js';
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
  /**
   * Unacknowledged messages the broker may send at once (MQTT 5 Receive Maximum, default 4,096).
   * Acks wait for the store's commit, so the window must hold a store batch (2,048 events) with
   * room to spare: at 1,024, one event per message, commits shrank to ~500 events (41.9 µs CPU
   * per event in one drain, against 35.6 for the worker that acked on acceptance); at 4,096 they
   * stay at 1,000–1,700. Memory does not grow with it: the worker stops reading while the store
   * stage is full, and TCP holds the rest at the broker.
   */
  readonly receiveMaximum?: number;
  /** Seconds the broker keeps the session after a disconnect (default 3,600). */
  readonly sessionExpirySeconds?: number;
  /** MQTT keep-alive of both connections, seconds (default 60, mqtt.js's). */
  readonly keepaliveSeconds?: number;
  /** Publish decisions to `civgraph/decisions/<incident>` (default true). */
  readonly publishDecisions?: boolean;
  readonly deadLetterTopic?: string;
  /** Told about connection errors (mqtt.js reconnects by itself). */
  readonly onError?: (error: Error) => void;
  /** Told after each socket write of PUBACKs with the packet ids it acknowledged. */
  readonly onAcks?: (messageIds: readonly number[]) => void;
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
  /** The outbound connection (dead letters, decisions, actions), once connected. */
  client?: MqttClient;
  /** Dead letters of messages that arrived before the outbound connection: sent once it is up. */
  early: ((client: MqttClient) => void)[];
  /** The consuming connection, once created. */
  consumer?: MqttClient;
  /** Connections closed so far: an ack withheld across a reconnect must not go out on the new connection. */
  closes: number;
  acks?: DurableAcks;
}

/** Ends a message for mqtt.js without its PUBACK (see the file comment); one instance, no stack per message. */
const ACK_DEFERRED = new Error('PUBACK deferred until the message is stored');

/** Publishes a dead letter with QoS 1; `confirm` learns whether the broker acknowledged it. */
function sendLetter(ref: ConnectionRef, topic: string, letter: DeadLetter, confirm: (ok: boolean) => void): void {
  const send = (client: MqttClient): void => {
    client.publish(topic, letterPayload(letter), { qos: 1 }, (error) => confirm(error === undefined || error === null));
  };
  if (ref.client === undefined) ref.early.push(send);
  else send(ref.client);
}

function handler(options: MqttWorkerOptions, ref: ConnectionRef): NonNullable<IClientOptions['customHandleAcks']> {
  const deadLetterTopic = options.deadLetterTopic ?? DEAD_LETTER_TOPIC;
  return (topic, message, packet: { messageId?: number }, ack) => {
    const started = performance.now();
    const result = options.ingestor.accept(topic, message, String(packet.messageId ?? ''));
    options.loop.metrics.observe('receive', performance.now() - started);
    const letters = result.deadLetters ?? (result.deadLetter === undefined ? [] : [result.deadLetter]);
    const confirm = ref.acks?.track(packet.messageId ?? 0, letters.length);
    for (const letter of letters) sendLetter(ref, deadLetterTopic, letter, confirm ?? (() => undefined));
    if (result.wait === undefined) {
      ack(0);
      return;
    }
    // Back-pressure: mqtt.js reads the next packet only after ack(); packet ids belong to one connection.
    const connection = ref.closes;
    void result.wait.then(() => {
      if (ref.closes === connection) ack(0);
    });
  };
}

/**
 * `connectAsync(url, options, false)` that hands the client to `onClient` at once: a resumed
 * session's messages arrive right after the CONNACK, before the promise settles, and their
 * PUBACKs should already be tracked (durable-acks.ts).
 */
function connectConsumer(url: string, options: IClientOptions, onClient: (client: MqttClient) => void): Promise<{ client: MqttClient; sessionPresent: boolean }> {
  return new Promise((resolve, reject) => {
    const client = connect(url, options);
    onClient(client);
    const listeners = {
      connect: (connack: { sessionPresent?: boolean }) => settle(() => resolve({ client, sessionPresent: connack.sessionPresent === true })),
      end: () => settle(() => resolve({ client, sessionPresent: false })),
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
 * Counts every packet the broker sends as a sign the connection lives (at most one reschedule per
 * second). mqtt.js 5 reschedules its keep-alive only on acks and PINGRESP, and the consuming
 * connection receives no acks (it publishes nothing): a resumed session's backlog reaches the
 * client before the broker's SUBACK and PINGRESP, so draining a backlog longer than 1.5 × the
 * keep-alive (≈ 450k queued events with a 20 ms store, 60 s keep-alive) ended in "Keepalive
 * timeout" and the pending SUBSCRIBE failed with "Connection closed". The broker's own check is
 * unaffected: the worker's PUBACKs keep it fed.
 */
function aliveWhileReceiving(client: MqttClient): void {
  let last = 0;
  client.on('packetreceive', () => {
    const now = Date.now();
    if (now - last < 1_000) return;
    last = now;
    client.reschedulePing();
  });
}

/**
 * The consuming connection and its ack queue: QoS 1 messages go through the ingestor
 * (`customHandleAcks`), mqtt.js's own PUBACK is suppressed (`handleMessage`) and the queue
 * writes PUBACKs once the messages are stored (durable-acks.ts).
 */
async function openConsumer(options: MqttWorkerOptions, ref: ConnectionRef): Promise<{ client: MqttClient; acks: DurableAcks; sessionPresent: boolean }> {
  const receiveMaximum = options.receiveMaximum ?? 4_096;
  const acks = createDurableAcks({
    hurryAt: Math.max(1, Math.floor(receiveMaximum / 2)),
    socket: () => (ref.consumer?.connected === true ? ref.consumer.stream : undefined),
    ...(options.loop.durability === undefined ? {} : { durability: options.loop.durability }),
    ...(options.onAcks === undefined ? {} : { onAcks: options.onAcks }),
  });
  ref.acks = acks;
  const { client, sessionPresent } = await connectConsumer(options.url, {
    clientId: options.clientId,
    protocolVersion: 5,
    clean: false,
    reconnectPeriod: 250,
    connectTimeout: 5_000,
    properties: { sessionExpiryInterval: options.sessionExpirySeconds ?? 3_600, receiveMaximum },
    customHandleAcks: handler(options, ref),
    // mqtt.js logs every packet through debug(); the worker has no use for it and it costs per message.
    log: () => undefined,
    ...(options.keepaliveSeconds === undefined ? {} : { keepalive: options.keepaliveSeconds }),
  }, (consumer) => {
    ref.consumer = consumer;
    consumer.handleMessage = (_packet, done) => done(ACK_DEFERRED);
    consumer.on('close', () => (ref.closes++, acks.reset()));
    aliveWhileReceiving(consumer);
  }).catch((cause: unknown) => {
    acks.close();
    return connectFailed(options.url)(cause);
  });
  return { client, acks, sessionPresent };
}

/**
 * Connects, subscribes and starts consuming; resolves once the subscriptions
 * are granted, or at once when the broker resumed the worker's session (its
 * subscriptions exist, and a backlog may stand in front of the SUBACK).
 * Outbound messages use a second connection: the consuming one
 * stops reading while the store applies back-pressure, so it could not read the PUBACKs of
 * its own publishes and would exceed the broker's Receive Maximum (MQTT 5.0
 * §4.9), which brokers answer with a protocol-error disconnect.
 */
export async function startMqttWorker(options: MqttWorkerOptions): Promise<MqttWorker> {
  // Messages a resumed session redelivers may arrive before connectAsync resolves: their acks and dead letters need the ref.
  const ref: ConnectionRef = { closes: 0, early: [] };
  const { client, acks, sessionPresent } = await openConsumer(options, ref);
  const keepalive = options.keepaliveSeconds === undefined ? {} : { keepalive: options.keepaliveSeconds };
  const outbound = await connectAsync(options.url, { clientId: `${options.clientId}-out`, protocolVersion: 5, clean: false, reconnectPeriod: 250, ...keepalive, properties: { sessionExpiryInterval: options.sessionExpirySeconds ?? 3_600 } }, false).catch(async (cause: unknown) => {
    acks.close();
    await client.endAsync(true);
    return connectFailed(options.url)(cause);
  });
  ref.client = outbound;
  for (const send of ref.early.splice(0)) send(outbound);
  outbound.on('error', (error) => options.onError?.(error));
  client.on('error', (error) => options.onError?.(error));
  client.on('message', (topic, message, packet) => {
    if (packet.qos === 0) options.ingestor.accept(topic, message, 'qos0');
  });
  const filters = options.topics.map((t) => shareFilter(t, options.group));
  const refusal = (refused: readonly { topic: string }[]): EngineError =>
    new EngineError('CG_PIPELINE_BROKER_UNAVAILABLE', `the broker refused the subscription to ${refused.map((g) => g.topic).join(', ')}`, { details: { url: options.url, refused: refused.map((g) => g.topic) } });
  const granted = client.subscribeAsync(filters, { qos: 1 }).then((grants) => grants.filter((g) => g.qos >= 0x80));
  if (sessionPresent) {
    // A resumed session holds its subscriptions already, and its backlog arrives ahead of the SUBACK:
    // the worker is up now (it is consuming); a refusal of a new filter is reported when it comes.
    void granted.then(
      (refused) => {
        if (refused.length > 0) options.onError?.(refusal(refused));
      },
      (error: unknown) => {
        options.onError?.(error instanceof Error ? error : new Error(String(error)));
      },
    );
  } else {
    const refused = await granted;
    if (refused.length > 0) {
      await Promise.all([client.endAsync(true), outbound.endAsync(true)]);
      throw refusal(refused);
    }
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
      // Dead letters in flight are acknowledged before the outbound connection ends; then their messages' PUBACKs go.
      await outbound.endAsync();
      acks.drain();
      acks.close();
      await client.endAsync();
    },
  };
}
