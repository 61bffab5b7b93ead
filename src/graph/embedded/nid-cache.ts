/**
 * A bounded cache of node id -> rowid for resolving edge endpoints across
 * batches (bulk loads name the same substations and gateways again and again);
 * it learns the endpoints a batch had to look up in the store, not every node
 * written (a live loop writes events that are never an endpoint again: caching
 * them grew the heap by one entry per event, up to the cap); beyond the cap
 * the oldest entries go (one SELECT brings an evicted hub back)
 * rather than the whole cache at once.
 * Entries change only when a node is deleted, so it is updated after each of
 * this connection's commits and dropped whenever another connection has
 * committed (SQLite's `data_version` moves).
 */
import type { Database } from 'better-sqlite3';

/** About 100 MB of JS heap at the cap; the oldest entries go first beyond it. */
const MAX_ENTRIES = 1_000_000;

export class NidCache {
  readonly #db: Database;
  readonly #map = new Map<string, number>();
  #dataVersion = -1;

  constructor(db: Database) {
    this.#db = db;
  }

  /**
   * Call before each read or write: forgets everything, and says so, when
   * another connection has committed since the last call.
   */
  validate(): boolean {
    const now = Number(this.#db.pragma('data_version', { simple: true }));
    const changed = now !== this.#dataVersion;
    if (changed) this.#map.clear();
    this.#dataVersion = now;
    return changed;
  }

  get(id: string): number | undefined {
    return this.#map.get(id);
  }

  /** Applies a committed batch: its deleted ids, then the rowids it resolved. */
  commit(deleted: Iterable<string>, resolved: ReadonlyMap<string, number>): void {
    for (const id of deleted) this.#map.delete(id);
    if (resolved.size > MAX_ENTRIES) return;
    for (const [id, nid] of resolved) this.#map.set(id, nid);
    this.#evictOldest(this.#map.size - MAX_ENTRIES);
  }

  /** Drops the `count` longest-cached entries (a Map iterates in insertion order). */
  #evictOldest(count: number): void {
    if (count <= 0) return;
    let left = count;
    for (const id of this.#map.keys()) {
      if (left-- === 0) break;
      this.#map.delete(id);
    }
  }

  /** Forgets everything; the next `validate()` reports a change. */
  clear(): void {
    this.#map.clear();
    this.#dataVersion = -1;
  }
}
