/**
 * Row-to-record mapping and the point reads (get by id, by rowid) shared by
 * every read method. Edge rows join their endpoints' ids from `nodes`.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { EdgeRecord, NodeRecord } from '../port.js';
import { decodeProps } from './props-codec.js';
import type { KindRegistry } from './kind-registry.js';

export type Row = unknown[];

/** Columns of a node row, in order: nid, id, kid, props, version. */
export const NODE_COLUMNS = 'n.nid, n.id, n.kid, n.props, n.version';
/** Columns of an edge row: eid, id, kid, from id, to id, props, version, src, dst. */
export const EDGE_COLUMNS = 'e.eid, e.id, e.kid, s.id, d.id, e.props, e.version, e.src, e.dst';
export const EDGE_FROM = 'edges e JOIN nodes s ON s.nid = e.src JOIN nodes d ON d.nid = e.dst';

export class RecordReader {
  readonly #kinds: KindRegistry;
  readonly #nodeById: Statement<[string], Row>;
  readonly #nodeByNid: Statement<[number], Row>;
  readonly #edgeById: Statement<[string], Row>;
  readonly #cache = new Map<string, Statement<unknown[], Row>>();
  readonly #db: Database;

  constructor(db: Database, kinds: KindRegistry) {
    this.#db = db;
    this.#kinds = kinds;
    this.#nodeById = this.prepare(`SELECT ${NODE_COLUMNS} FROM nodes n WHERE n.id = ?`);
    this.#nodeByNid = this.prepare(`SELECT ${NODE_COLUMNS} FROM nodes n WHERE n.nid = ?`);
    this.#edgeById = this.prepare(`SELECT ${EDGE_COLUMNS} FROM ${EDGE_FROM} WHERE e.id = ?`);
  }

  /** A raw-row statement, compiled once per distinct SQL text. */
  prepare<P extends unknown[]>(sql: string): Statement<P, Row> {
    let stmt = this.#cache.get(sql);
    if (stmt === undefined) {
      stmt = (this.#db.prepare(sql) as Statement<unknown[], Row>).raw(true);
      this.#cache.set(sql, stmt);
    }
    return stmt as unknown as Statement<P, Row>;
  }

  node(row: Row): NodeRecord {
    const kid = row[2] as number;
    return {
      id: row[1] as string,
      kind: this.#kinds.nameOf(kid),
      labels: this.#kinds.labelsOf(kid),
      props: decodeProps(row[3] as string | null),
      version: row[4] as number,
    };
  }

  edge(row: Row): EdgeRecord {
    return {
      id: row[1] as string,
      kind: this.#kinds.nameOf(row[2] as number),
      from: row[3] as string,
      to: row[4] as string,
      props: decodeProps(row[5] as string | null),
      version: row[6] as number,
    };
  }

  nodeRowById(id: string): Row | undefined {
    return this.#nodeById.get(id);
  }

  nodeRowByNid(nid: number): Row | undefined {
    return this.#nodeByNid.get(nid);
  }

  edgeById(id: string): EdgeRecord | undefined {
    const row = this.#edgeById.get(id);
    return row === undefined ? undefined : this.edge(row);
  }
}
