import { describe, expect, it } from 'vitest';
import { createDurableAcks } from './durable-acks.js';
import type { StoreDurability } from './store-stage.js';

/** A store watermark driven by the test: `add(n)` events, `commit(n)` of them. */
function watermark() {
  const listeners = new Set<(c: number) => void>();
  let hurries = 0;
  const d = {
    added: 0,
    committed: 0,
    onCommit(listener: (c: number) => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    hurry: () => void hurries++,
    stored: () => Promise.resolve(),
  };
  return {
    durability: d as StoreDurability,
    add: (n: number) => void (d.added += n),
    commit(n: number) {
      d.committed += n;
      for (const l of listeners) l(d.committed);
    },
    hurries: () => hurries,
  };
}

function socket() {
  const writes: number[][] = [];
  return { writes, writable: true, write: (chunk: Uint8Array) => (writes.push([...chunk]), true) };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('durable acks', () => {
  it('acknowledges in arrival order, once the commit watermark passes each message, one write per commit', () => {
    const w = watermark();
    const s = socket();
    const acked: number[][] = [];
    const acks = createDurableAcks({ durability: w.durability, hurryAt: 100, socket: () => s, onAcks: (ids) => acked.push([...ids]) });
    w.add(2);
    acks.track(1, 0);
    w.add(1);
    acks.track(300, 0);
    w.add(3);
    acks.track(2, 0);
    w.commit(2);
    w.commit(4);
    expect(acked).toEqual([[1], [300, 2]]);
    expect(s.writes).toEqual([[0x40, 2, 0, 1], [0x40, 2, 1, 44, 0x40, 2, 0, 2]]);
    expect(acks.waiting).toBe(0);
  });

  it('holds a message until its dead letters are confirmed, and the messages behind it too; a failed letter drops it unacknowledged', async () => {
    const w = watermark();
    const s = socket();
    const acked: number[] = [];
    const acks = createDurableAcks({ durability: w.durability, hurryAt: 100, socket: () => s, onAcks: (ids) => acked.push(...ids) });
    w.add(1);
    const confirmFirst = acks.track(10, 2);
    w.add(1);
    acks.track(11, 0);
    const confirmThird = acks.track(12, 1);
    acks.track(13, 0);
    w.commit(2);
    expect(acked).toEqual([]);
    confirmFirst(true);
    await tick();
    expect(acked).toEqual([]);
    confirmFirst(true);
    await tick();
    expect(acked).toEqual([10, 11]);
    confirmThird(false);
    await tick();
    expect(acked).toEqual([10, 11, 13]);
    expect(acks.waiting).toBe(0);
  });

  it('hurries the store when half the window waits, drops what a closed connection held, acks at once without a store', async () => {
    const w = watermark();
    const s = socket();
    const acked: number[] = [];
    const acks = createDurableAcks({ durability: w.durability, hurryAt: 3, socket: () => s, onAcks: (ids) => acked.push(...ids) });
    for (const id of [1, 2, 3, 4]) {
      w.add(1);
      acks.track(id, 0);
    }
    expect(w.hurries()).toBe(2);
    acks.reset();
    w.commit(4);
    expect([acked, acks.waiting]).toEqual([[], 0]);
    acks.close();

    const memory = createDurableAcks({ hurryAt: 3, socket: () => s, onAcks: (ids) => acked.push(...ids) });
    memory.track(7, 0);
    memory.track(8, 0);
    await tick();
    expect(acked).toEqual([7, 8]);
  });
});
