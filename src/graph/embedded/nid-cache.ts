/**
 * A bounded cache of node id -> rowid for resolving edge endpoints across
 * batches (bulk loads name the same substations and gateways again and again).
 * Entries change only when a node is deleted, so it is updated after each of
 * this connection's commits and dropped whenever another connection has
 * committed (SQLite's `data_version` moves).
 */
import type { Database } from 'better-sqlite3';

const MAX_ENTRIES = 500_000;

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
    if (this.#map.size + resolved.size > MAX_ENTRIES) this.#map.clear();
    if (resolved.size > MAX_ENTRIES) return;
    for (const [id, nid] of resolved) this.#map.set(id, nid);
  }

  /** Forgets everything; the next `validate()` reports a change. */
  clear(): void {
    this.#map.clear();
    this.#dataVersion = -1;
  }
}
