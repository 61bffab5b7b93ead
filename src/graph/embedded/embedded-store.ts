/**
 * The embedded GraphStore (DESIGN.md §4): one SQLite file through
 * better-sqlite3. Every method runs synchronously on the caller's thread (the
 * async signatures are the port's); a batch is one transaction.
 */
import type { Database, Statement } from 'better-sqlite3';
import { EngineError, isEngineError } from '../../core/index.js';
import type {
  ChangeSet,
  EdgeFilter,
  EdgeRecord,
  ExportOptions,
  GraphStore,
  NeighbourQuery,
  Neighbour,
  NodeFilter,
  NodeRecord,
  Page,
  PageRequest,
  StoreStats,
  Subgraph,
  SubgraphQuery,
  WriteBatch,
  WriteResult,
} from '../port.js';
import { applyBatch } from './apply-batch.js';
import { checkNotPruned, feedLimit, readChanges } from './change-feed.js';
import { KindRegistry } from './kind-registry.js';
import { listEdges, listNodes } from './list-query.js';
import { EDGE_COLUMNS, EDGE_FROM, NODE_COLUMNS, RecordReader, type Row } from './record-reader.js';
import { NidCache } from './nid-cache.js';
import { ENTITY_EDGE, ENTITY_NODE } from './schema.js';
import { neighbours, subgraph } from './traversal.js';
import { prepareWriteStatements, type WriteStatements } from './write-statements.js';

interface Session {
  readonly db: Database;
  readonly kinds: KindRegistry;
  readonly reader: RecordReader;
  readonly writes: WriteStatements | undefined;
  readonly nids: NidCache;
}

const EXPORT_SQL = {
  nodes: `SELECT ${NODE_COLUMNS} FROM nodes n WHERE n.nid > ? ORDER BY n.nid LIMIT ?`,
  edges: `SELECT ${EDGE_COLUMNS} FROM ${EDGE_FROM} WHERE e.eid > ? ORDER BY e.eid LIMIT ?`,
} as const;

const CLEAR_SQL = [
  `INSERT OR REPLACE INTO tombstones(entity, id, version) SELECT ${ENTITY_EDGE}, id, ? FROM edges`,
  `INSERT OR REPLACE INTO tombstones(entity, id, version) SELECT ${ENTITY_NODE}, id, ? FROM nodes`,
] as const;

export class EmbeddedStore implements GraphStore {
  readonly kind = 'embedded' as const;
  readonly description: string;
  /** The database file. */
  readonly path: string;
  #session: Session | undefined;

  /** Use `openEmbeddedStore`; this takes an open, schema-checked connection. */
  constructor(path: string, db: Database, labelsOf: (kind: string) => readonly string[], readonly: boolean) {
    this.path = path;
    this.description = `embedded store ${path}`;
    const kinds = new KindRegistry(db, labelsOf, readonly);
    const writes = readonly ? undefined : prepareWriteStatements(db);
    this.#session = { db, kinds, reader: new RecordReader(db, kinds), writes, nids: new NidCache(db) };
  }

  #open(): Session {
    if (this.#session === undefined) {
      throw new EngineError('CG_STORE_CLOSED', `The ${this.description} is closed`, { details: { path: this.path } });
    }
    return this.#session;
  }

  /** Drops cached kinds and endpoints when another connection has committed. */
  #sync(session: Session): void {
    if (session.nids.validate()) session.kinds.reload();
  }

  /** Runs a read, mapping SQLite failures to CG_STORE_READ_FAILED. */
  #read<T>(work: (session: Session) => T): T {
    const session = this.#open();
    try {
      this.#sync(session);
      return work(session);
    } catch (error) {
      if (isEngineError(error)) throw error;
      throw new EngineError('CG_STORE_READ_FAILED', `Reading the ${this.description} failed: ${reason(error)}`, {
        details: { path: this.path },
        cause: error,
      });
    }
  }

  /** Runs a write transaction, mapping SQLite failures to CG_STORE_WRITE_FAILED. */
  #write<T>(work: (session: Session, writes: WriteStatements) => T): T {
    const session = this.#open();
    try {
      if (session.writes === undefined) throw new Error('the store was opened read-only');
      const writes = session.writes;
      return session.db
        .transaction(() => {
          this.#sync(session);
          return work(session, writes);
        })
        .immediate();
    } catch (error) {
      forgetRolledBackKinds(session);
      if (isEngineError(error)) throw error;
      throw new EngineError('CG_STORE_WRITE_FAILED', `Writing to the ${this.description} failed: ${reason(error)}`, {
        details: { path: this.path },
        cause: error,
      });
    }
  }

  /**
   * The synchronous fast path for bulk loaders (the simulator): the same
   * atomic, durable batch as `write`, without a promise per batch.
   */
  bulkWrite(batch: WriteBatch): WriteResult {
    const outcome = this.#write((session, writes) => applyBatch(writes, session.kinds, session.nids, batch));
    this.#open().nids.commit(outcome.deleted, outcome.resolved);
    return outcome.result;
  }

  async write(batch: WriteBatch): Promise<WriteResult> {
    return this.bulkWrite(batch);
  }

  async getNode(id: string): Promise<NodeRecord | undefined> {
    return this.#read(({ reader }) => {
      const row = reader.nodeRowById(id);
      return row === undefined ? undefined : reader.node(row);
    });
  }

  async getNodes(ids: readonly string[]): Promise<ReadonlyMap<string, NodeRecord>> {
    return this.#read(({ reader }) => {
      const found = new Map<string, NodeRecord>();
      for (const id of ids) {
        const row = found.has(id) ? undefined : reader.nodeRowById(id);
        if (row !== undefined) found.set(id, reader.node(row));
      }
      return found;
    });
  }

  async getEdge(id: string): Promise<EdgeRecord | undefined> {
    return this.#read(({ reader }) => reader.edgeById(id));
  }

  async neighbours(query: NeighbourQuery): Promise<readonly Neighbour[]> {
    return this.#read(({ reader, kinds }) => neighbours(reader, kinds, query));
  }

  async listNodes(filter: NodeFilter, page: PageRequest): Promise<Page<NodeRecord>> {
    return this.#read(({ db, reader, kinds }) => db.transaction(() => listNodes(reader, kinds, filter, page))());
  }

  async listEdges(filter: EdgeFilter, page: PageRequest): Promise<Page<EdgeRecord>> {
    return this.#read(({ db, reader, kinds }) => db.transaction(() => listEdges(reader, kinds, filter, page))());
  }

  async subgraph(query: SubgraphQuery): Promise<Subgraph> {
    return this.#read(({ db, reader, kinds }) => db.transaction(() => subgraph(reader, kinds, query))());
  }

  exportNodes(options: ExportOptions = {}): AsyncIterable<readonly NodeRecord[]> {
    return this.#export('nodes', options, (reader, row) => reader.node(row));
  }

  exportEdges(options: ExportOptions = {}): AsyncIterable<readonly EdgeRecord[]> {
    return this.#export('edges', options, (reader, row) => reader.edge(row));
  }

  /**
   * Keyset pages over the rowid, one short query per batch: memory is one
   * batch, no statement stays open between yields (so writes can interleave),
   * and every row present for the whole export is yielded exactly once.
   */
  async *#export<T>(
    table: keyof typeof EXPORT_SQL,
    options: ExportOptions,
    map: (reader: RecordReader, row: Row) => T,
  ): AsyncGenerator<readonly T[]> {
    const size = Math.max(1, Math.floor(options.batchSize ?? 10_000));
    let after = 0;
    for (;;) {
      const batch = this.#read(({ reader }) => {
        const rows = reader.prepare<[number, number]>(EXPORT_SQL[table]).all(after, size);
        const last = rows[rows.length - 1];
        if (last !== undefined) after = last[0] as number;
        return rows.map((row) => map(reader, row));
      });
      if (batch.length === 0) return;
      yield batch;
      if (batch.length < size) return;
    }
  }

  async changes(since: number, limit = 10_000): Promise<ChangeSet> {
    feedLimit(since, limit);
    return this.#read(({ db, reader }) =>
      db.transaction(() => {
        checkNotPruned(since, metaValue(db, PRUNED_KEY));
        return readChanges(reader, currentVersion(db), since, limit);
      })(),
    );
  }

  /**
   * Retention for the change feed: deletes the tombstones of version
   * `through` and older (live rows carry only their latest version, so
   * tombstones are the only feed rows that pile up). Call it with the lowest
   * version every follower has consumed (e.g. the projection's); a follower
   * that later asks for changes since an older, non-zero version gets
   * CG_FEED_PRUNED and rebuilds from an export. Returns the tombstones removed.
   */
  pruneChanges(through: number): number {
    return this.#write(({ db }, writes) => {
      const version = (writes.readVersion.get() as Row)[0] as number;
      if (!Number.isInteger(through) || through < 0 || through > version) {
        throw new EngineError('CG_ARGUMENT_INVALID', `pruneChanges(${through}) needs an integer from 0 to the store version ${version}`, {
          details: { through, version },
        });
      }
      const removed = db.prepare('DELETE FROM tombstones WHERE version <= ?').run(through).changes;
      const horizon = Math.max(through, metaValue(db, PRUNED_KEY));
      setMetaValue(db, PRUNED_KEY, horizon);
      return removed;
    });
  }

  /**
   * Bulk-load durability for a loader that acknowledges only at its end (`civgraph ingest`):
   * commits stop waiting for the disk (WAL with synchronous NORMAL: a commit survives a crash of
   * the process; on a power cut the last commits may roll back, and what survives is always a
   * prefix of the commits) until the returned function is called. It restores synchronous FULL
   * and commits once more, which fsyncs the WAL and with it every commit made meanwhile
   * (https://sqlite.org/pragma.html#pragma_synchronous), so what the loader then reports is as
   * durable as with FULL throughout. Call it on failure too; a second call does nothing.
   */
  deferDurability(): () => void {
    const { db } = this.#open();
    db.pragma('synchronous = NORMAL');
    let done = false;
    return () => {
      if (done) return;
      done = true;
      db.pragma('synchronous = FULL');
      this.#write(({ db: conn }) => {
        setMetaValue(conn, DURABLE_SYNC_KEY, Date.now());
      });
    };
  }

  async version(): Promise<number> {
    return this.#read(({ db }) => currentVersion(db));
  }

  async stats(): Promise<StoreStats> {
    return this.#read(({ db, kinds }) =>
      db.transaction(() => {
        const nodeKinds: Record<string, number> = {};
        const edgeKinds: Record<string, number> = {};
        let nodes = 0;
        let edges = 0;
        for (const [entity, kid, n] of countRows(db).all()) {
          if (n <= 0) continue;
          if (entity === ENTITY_NODE) {
            nodeKinds[kinds.nameOf(kid)] = n;
            nodes += n;
          } else {
            edgeKinds[kinds.nameOf(kid)] = n;
            edges += n;
          }
        }
        return { nodes, edges, nodeKinds, edgeKinds, version: currentVersion(db) };
      })(),
    );
  }

  /** Deletes every node and edge as one batch, leaving a tombstone for each. */
  async clear(): Promise<void> {
    this.#write(({ db }, writes) => {
      const version = ((writes.readVersion.get() as Row)[0] as number) + 1;
      for (const sql of CLEAR_SQL) db.prepare(sql).run(version);
      db.exec('DELETE FROM edges; DELETE FROM nodes; DELETE FROM kind_counts;');
      writes.setVersion.run(version);
    });
    this.#open().nids.clear();
  }

  /** Closes the connection (checkpointing the WAL); later calls throw CG_STORE_CLOSED. */
  async close(): Promise<void> {
    const session = this.#session;
    this.#session = undefined;
    session?.db.close();
  }
}

/** The `meta` row holding the highest version `pruneChanges` removed tombstones through (absent: 0). */
const PRUNED_KEY = 'pruned_through';
/** Meta row written by the commit that makes a deferred-durability load durable (`deferDurability`). */
const DURABLE_SYNC_KEY = 'durable_sync_ms';

function metaValue(db: Database, key: string): number {
  return (db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key) as number | undefined) ?? 0;
}

function setMetaValue(db: Database, key: string, value: number): void {
  db.prepare('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
}

function currentVersion(db: Database): number {
  return metaValue(db, 'version');
}

function countRows(db: Database): Statement<[], [number, number, number]> {
  return (db.prepare('SELECT entity, kid, n FROM kind_counts') as Statement<[], [number, number, number]>).raw(true);
}

/**
 * Kinds interned by a rolled-back batch do not exist: re-read the table. If
 * even that read fails the next write's `data_version` check retries it; the
 * caller needs the original failure, not this one.
 */
function forgetRolledBackKinds(session: Session): void {
  try {
    session.kinds.reload();
  } catch {
    session.nids.clear();
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
