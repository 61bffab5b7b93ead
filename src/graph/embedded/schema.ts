/**
 * The embedded store's SQLite schema (version 1). Sketch:
 *
 *   kinds(kid, entity, name)              interned node and edge kind names
 *   nodes(nid, id, kid, props, version)   UNIQUE(id), (kid, id), (version)
 *   edges(eid, id, kid, src, dst, props, version)
 *                                         UNIQUE(id), (src, kid), (dst, kid), (version)
 *   tombstones(entity, id, version)       one row per deleted id, (version)
 *   kind_counts(entity, kid, n)           live counts per kind, kept by each write
 *   meta(key, value)                      the store version
 *
 * Integer rowids (nid, eid) keep edge rows and their indexes small. Labels are
 * a function of the kind (the ontology's superclasses), so listing by label is
 * an indexed range over `nodes(kid, id)` for each kind carrying the label
 * rather than a second row per node and label.
 */
import type { Database } from 'better-sqlite3';

export const SCHEMA_VERSION = 1;

export const ENTITY_NODE = 0;
export const ENTITY_EDGE = 1;

const DDL = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
INSERT OR IGNORE INTO meta(key, value) VALUES ('version', 0);
CREATE TABLE IF NOT EXISTS kinds (kid INTEGER PRIMARY KEY, entity INTEGER NOT NULL, name TEXT NOT NULL, UNIQUE (entity, name));
CREATE TABLE IF NOT EXISTS nodes (
  nid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  kid INTEGER NOT NULL,
  props TEXT,
  version INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS nodes_kind ON nodes(kid, id);
CREATE INDEX IF NOT EXISTS nodes_version ON nodes(version);
CREATE TABLE IF NOT EXISTS edges (
  eid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  kid INTEGER NOT NULL,
  src INTEGER NOT NULL,
  dst INTEGER NOT NULL,
  props TEXT,
  version INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS edges_src ON edges(src, kid);
CREATE INDEX IF NOT EXISTS edges_dst ON edges(dst, kid);
CREATE INDEX IF NOT EXISTS edges_version ON edges(version);
CREATE TABLE IF NOT EXISTS tombstones (
  entity INTEGER NOT NULL,
  id TEXT NOT NULL,
  version INTEGER NOT NULL,
  PRIMARY KEY (entity, id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS tombstones_version ON tombstones(version);
CREATE TABLE IF NOT EXISTS kind_counts (
  entity INTEGER NOT NULL,
  kid INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (entity, kid)
) WITHOUT ROWID;
`;

/**
 * Page size of new files (SQLite's default is 4 KiB; existing files keep
 * theirs): fewer, fuller B-tree pages per index. Raw inserts of a 1M-device
 * city on a loaded 2-core machine took 60 s CPU at 8 KiB, 65-67 s at 4 KiB and
 * 71 s at 2 KiB, for the same file size (single runs; about ±10% noise).
 */
const PAGE_SIZE = 8192;

/**
 * Pages the WAL may hold before a commit copies it into the database (64 MiB
 * at 8 KiB; SQLite's default is 1,000 pages). A 10k-entity batch of a city load
 * dirties thousands of index pages, so at the default nearly every commit
 * checkpointed; with a larger WAL a page rewritten by consecutive batches is
 * copied once per checkpoint (a 1M-device load wrote 6.7 GB instead of 8.8 GB
 * at 40 MiB). Until the first checkpoint the data is in the `-wal` file only.
 */
const WAL_CHECKPOINT_PAGES = 8192;

/**
 * Connection settings.
 * - WAL: readers never block the writer and a commit is one append to the log.
 * - synchronous=FULL: the WAL is fsynced at every commit, so a batch is on disk
 *   when `write` resolves, surviving SIGKILL *and* an OS crash or power loss.
 *   NORMAL would survive a killed process (the appended log pages are already
 *   in the OS page cache) but could lose the last commits on an OS crash, which
 *   breaks the port's "durable when the promise resolves". The cost is one
 *   fsync per batch, which large batches amortise. A bulk load that can be
 *   re-run after a power cut may pass `synchronous: 'normal'`.
 * - No foreign keys: the write path resolves every endpoint id to a rowid
 *   itself (it must, to report CG_EDGE_ENDPOINT_MISSING) and deletes incident
 *   edges itself (it must, to record their tombstones), so SQLite's checks
 *   would only repeat those lookups.
 */
export function applyPragmas(db: Database, readonly: boolean, synchronous: 'full' | 'normal'): void {
  db.pragma('busy_timeout = 5000');
  if (!readonly) db.pragma(`page_size = ${PAGE_SIZE}`);
  if (!readonly) db.pragma('journal_mode = WAL');
  db.pragma(synchronous === 'normal' ? 'synchronous = NORMAL' : 'synchronous = FULL');
  db.pragma('foreign_keys = OFF');
  db.pragma('cache_size = -262144');
  db.pragma('mmap_size = 1073741824');
  db.pragma('temp_store = MEMORY');
  if (!readonly) db.pragma('journal_size_limit = 67108864');
  if (!readonly) db.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
}

/** Creates the schema when missing; returns the schema version found. */
export function ensureSchema(db: Database, readonly: boolean): number {
  const found = Number(db.pragma('user_version', { simple: true }));
  if (found !== 0 || readonly) return found;
  db.transaction(() => {
    db.exec(DDL);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
  return SCHEMA_VERSION;
}
