/**
 * Prepared statements of the write path, prepared once per connection and
 * reused for every row (better-sqlite3 statements are compiled SQL).
 */
import type { Database, Statement } from 'better-sqlite3';
import { prepareChunkStatements, type ChunkStatements } from './chunked-insert.js';

type Row = unknown[];

export interface WriteStatements {
  readonly readVersion: Statement<[], Row>;
  readonly setVersion: Statement<[number], unknown>;
  readonly nodeById: Statement<[string], Row>;
  readonly insertNode: Statement<[string, number, string | null, number], unknown>;
  readonly updateNode: Statement<[number, string | null, number, number], unknown>;
  readonly deleteNode: Statement<[number], unknown>;
  readonly edgeById: Statement<[string], Row>;
  readonly insertEdge: Statement<[string, number, number, number, string | null, number], unknown>;
  readonly updateEdge: Statement<[number, number, number, string | null, number, number], unknown>;
  readonly deleteEdge: Statement<[number], unknown>;
  readonly incidentEdges: Statement<[number, number], Row>;
  readonly tombstone: Statement<[number, string, number], unknown>;
  readonly addCount: Statement<[number, number, number, number], unknown>;
  /** The multi-row INSERTs of a chunk and the id probes that check it (chunked-insert.ts). */
  readonly chunk: ChunkStatements;
}

export function prepareWriteStatements(db: Database): WriteStatements {
  const raw = <P extends unknown[]>(sql: string): Statement<P, Row> =>
    (db.prepare(sql) as Statement<P, Row>).raw(true);
  return {
    readVersion: raw("SELECT value FROM meta WHERE key = 'version'"),
    setVersion: db.prepare("UPDATE meta SET value = ? WHERE key = 'version'"),
    nodeById: raw('SELECT nid, kid FROM nodes WHERE id = ?'),
    insertNode: db.prepare('INSERT INTO nodes(id, kid, props, version) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO NOTHING'),
    updateNode: db.prepare('UPDATE nodes SET kid = ?, props = ?, version = ? WHERE nid = ?'),
    deleteNode: db.prepare('DELETE FROM nodes WHERE nid = ?'),
    edgeById: raw('SELECT eid, kid FROM edges WHERE id = ?'),
    insertEdge: db.prepare(
      'INSERT INTO edges(id, kid, src, dst, props, version) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING',
    ),
    updateEdge: db.prepare('UPDATE edges SET kid = ?, src = ?, dst = ?, props = ?, version = ? WHERE eid = ?'),
    deleteEdge: db.prepare('DELETE FROM edges WHERE eid = ?'),
    incidentEdges: raw('SELECT eid, id, kid FROM edges WHERE src = ? UNION SELECT eid, id, kid FROM edges WHERE dst = ?'),
    tombstone: db.prepare('INSERT OR REPLACE INTO tombstones(entity, id, version) VALUES (?, ?, ?)'),
    addCount: db.prepare(
      'INSERT INTO kind_counts(entity, kid, n) VALUES (?, ?, ?) ON CONFLICT(entity, kid) DO UPDATE SET n = n + ?',
    ),
    chunk: prepareChunkStatements(db),
  };
}
