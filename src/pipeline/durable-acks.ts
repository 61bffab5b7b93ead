/**
 * PUBACKs that follow durability. A QoS 1 message is acknowledged (MQTT 5.0
 * §3.4, §4.3.2) only once every event it carried is committed to the store —
 * the store stage's commit watermark has passed the sequence number of its
 * last event — and each of its dead letters was itself acknowledged by the
 * broker. Until then the broker keeps the message in the session, so a worker
 * that dies loses nothing it acknowledged: the next worker on the session gets
 * the message again and deduplicates by event id.
 *
 * Acks leave in arrival order (MQTT 5.0 §4.6: PUBACKs in the order the
 * PUBLISH packets were received), several per socket write: each commit
 * releases the messages it made durable in one write of 4-byte PUBACKs
 * (§3.4.2.1: reason code and properties omitted for Success). The store is
 * asked to write at once (`hurry`) when half the broker's in-flight window
 * (Receive Maximum) waits for it, so the window never sits full behind a
 * batch that lingers to fill.
 */
import type { StoreDurability } from './store-stage.js';

/** The consuming socket, as far as acks need it. */
export interface AckSocket {
  readonly writable: boolean;
  write(chunk: Uint8Array): boolean;
}

export interface DurableAcksOptions {
  /** The loop's store stage; without one an event is "stored" once accepted (memory only). */
  readonly durability?: StoreDurability;
  /** Unacknowledged messages at which the store is asked to write at once. */
  readonly hurryAt: number;
  /** The consuming connection's socket, when connected. */
  readonly socket: () => AckSocket | undefined;
  /** Told after each write with the packet ids acknowledged. */
  readonly onAcks?: (messageIds: readonly number[]) => void;
}

export interface DurableAcks {
  /**
   * Registers a message just accepted, carrying `letters` dead letters; returns the function
   * to call once per dead letter with whether the broker acknowledged it.
   */
  track(messageId: number, letters: number): (confirmed: boolean) => void;
  /** Writes every PUBACK now due, in order. */
  drain(): void;
  /** The connection closed: pending acks belong to it and are dropped (the broker redelivers). */
  reset(): void;
  /** Messages accepted and not yet acknowledged. */
  readonly waiting: number;
  /** Stops listening to the store's commits. */
  close(): void;
}

interface Pending {
  readonly messageId: number;
  /** Sequence number of the last event added when the message was accepted. */
  readonly upTo: number;
  letters: number;
  failed: boolean;
}

/** The confirmation of a message without dead letters: never called, shared (this is per message). */
const NO_LETTERS = (): void => undefined;

/** PUBACK, MQTT 5.0 §3.4: fixed header 0x40, remaining length 2, packet identifier. */
function encodeAcks(ids: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(ids.length * 4);
  for (const [i, id] of ids.entries()) {
    bytes[i * 4] = 0x40;
    bytes[i * 4 + 1] = 2;
    bytes[i * 4 + 2] = id >> 8;
    bytes[i * 4 + 3] = id & 0xff;
  }
  return bytes;
}

/** Creates the ack queue of one consuming connection. */
export function createDurableAcks(options: DurableAcksOptions): DurableAcks {
  let queue: Pending[] = [];
  let head = 0;
  let scheduled = false;
  const committed = (): number => options.durability?.committed ?? Number.POSITIVE_INFINITY;

  /** Pops the due prefix of the queue: failed ones are dropped unacknowledged (redelivered on reconnect). */
  function due(): number[] {
    const ids: number[] = [];
    const watermark = committed();
    while (head < queue.length) {
      const p = queue[head]!;
      if (!p.failed && (p.letters > 0 || p.upTo > watermark)) break;
      if (!p.failed) ids.push(p.messageId);
      head++;
    }
    if (head === queue.length) {
      queue = [];
      head = 0;
    } else if (head > 1024 && head * 2 > queue.length) {
      queue = queue.slice(head);
      head = 0;
    }
    return ids;
  }

  function drain(): void {
    scheduled = false;
    const socket = options.socket();
    if (socket === undefined || !socket.writable) return;
    const ids = due();
    if (ids.length === 0) return;
    socket.write(encodeAcks(ids));
    options.onAcks?.(ids);
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    setImmediate(drain);
  }

  const off = options.durability?.onCommit(drain);
  return {
    track(messageId, letters) {
      const pending: Pending = { messageId, upTo: options.durability?.added ?? 0, letters, failed: false };
      queue.push(pending);
      if (queue.length - head >= options.hurryAt) options.durability?.hurry();
      if (letters === 0) {
        if (pending.upTo <= committed()) schedule();
        return NO_LETTERS;
      }
      return (confirmed) => {
        if (confirmed) pending.letters--;
        else pending.failed = true;
        if (pending.letters === 0 || pending.failed) schedule();
      };
    },
    drain,
    reset() {
      queue = [];
      head = 0;
    },
    get waiting() {
      return queue.length - head;
    },
    close() {
      off?.();
    },
  };
}
