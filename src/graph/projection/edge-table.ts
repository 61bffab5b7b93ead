import { growArray, nextCapacity } from './growable.js';

/** Flag bits per edge. */
export const EDGE_ALIVE = 1;
/** The edge's id is not `${from}|${kind}|${to}` and lives in the custom id maps. */
export const EDGE_CUSTOM_ID = 2;

/**
 * Per-edge columns indexed by the global edge index: endpoints, kind code,
 * flags and the ontology's per-edge overrides (`cg:transmission`,
 * `cg:delayHours`; NaN when the edge uses its kind's default). Edges are only
 * appended or killed; compaction rewrites the table in (from, kind) order.
 */
export class EdgeTable {
  from: Uint32Array;
  to: Uint32Array;
  kind: Uint8Array;
  flags: Uint8Array;
  transmission: Float32Array;
  delay: Float32Array;
  /** Slots used, dead ones included. */
  count = 0;
  live = 0;
  /** Custom edge ids only: default ids are rebuilt from the endpoints. */
  readonly customIds = new Map<string, number>();
  readonly customIdOf = new Map<number, string>();

  constructor(capacity: number) {
    const size = Math.max(16, capacity);
    this.from = new Uint32Array(size);
    this.to = new Uint32Array(size);
    this.kind = new Uint8Array(size);
    this.flags = new Uint8Array(size);
    this.transmission = new Float32Array(size).fill(NaN);
    this.delay = new Float32Array(size).fill(NaN);
  }

  get capacity(): number {
    return this.from.length;
  }

  /** Appends a live edge and returns its index; `customId` only when not the default id. */
  append(from: number, to: number, kind: number, customId: string | undefined): number {
    if (this.count === this.capacity) this.grow(this.count + 1);
    const index = this.count++;
    this.from[index] = from;
    this.to[index] = to;
    this.kind[index] = kind;
    this.flags[index] = customId === undefined ? EDGE_ALIVE : EDGE_ALIVE | EDGE_CUSTOM_ID;
    this.transmission[index] = NaN;
    this.delay[index] = NaN;
    if (customId !== undefined) {
      this.customIds.set(customId, index);
      this.customIdOf.set(index, customId);
    }
    this.live++;
    return index;
  }

  setOverrides(index: number, transmission: unknown, delay: unknown): void {
    this.transmission[index] = typeof transmission === 'number' ? transmission : NaN;
    this.delay[index] = typeof delay === 'number' ? delay : NaN;
  }

  /** Marks an edge deleted; returns false when it was already dead. */
  kill(index: number): boolean {
    const flags = this.flags[index] as number;
    if ((flags & EDGE_ALIVE) === 0) return false;
    this.flags[index] = flags & ~EDGE_ALIVE;
    this.live--;
    const id = this.customIdOf.get(index);
    if (id !== undefined) {
      this.customIdOf.delete(index);
      if (this.customIds.get(id) === index) this.customIds.delete(id);
    }
    return true;
  }

  isAlive(index: number): boolean {
    return ((this.flags[index] as number) & EDGE_ALIVE) !== 0;
  }

  grow(needed: number): void {
    const capacity = nextCapacity(this.capacity, needed);
    this.from = growArray(this.from, capacity, 0);
    this.to = growArray(this.to, capacity, 0);
    this.kind = growArray(this.kind, capacity, 0);
    this.flags = growArray(this.flags, capacity, 0);
    this.transmission = growArray(this.transmission, capacity, NaN);
    this.delay = growArray(this.delay, capacity, NaN);
  }

  /**
   * A new table holding the edges `order[0..m)` (old indexes), renumbered
   * 0..m-1 in that order, with `slack` spare slots for later appends.
   */
  permuted(order: Uint32Array, slack: number): EdgeTable {
    const m = order.length;
    const next = new EdgeTable(m + slack);
    for (let i = 0; i < m; i++) {
      const old = order[i] as number;
      next.from[i] = this.from[old] as number;
      next.to[i] = this.to[old] as number;
      next.kind[i] = this.kind[old] as number;
      next.flags[i] = this.flags[old] as number;
      next.transmission[i] = this.transmission[old] as number;
      next.delay[i] = this.delay[old] as number;
    }
    next.count = m;
    next.live = m;
    if (this.customIdOf.size > 0) this.#remapCustomIds(order, next);
    return next;
  }

  #remapCustomIds(order: Uint32Array, next: EdgeTable): void {
    for (let i = 0; i < order.length; i++) {
      const id = this.customIdOf.get(order[i] as number);
      if (id === undefined) continue;
      next.customIds.set(id, i);
      next.customIdOf.set(i, id);
    }
  }

  /** Bytes of the per-edge attribute columns (flags, transmission, delay) at capacity. */
  attributeBytes(): number {
    return this.flags.byteLength + this.transmission.byteLength + this.delay.byteLength;
  }
}
