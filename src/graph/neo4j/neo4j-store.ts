/**
 * The Neo4j GraphStore (DESIGN.md §4): neo4j-driver 6 over Bolt, every
 * statement with an explicit database. Writes are one managed transaction of
 * `UNWIND` statements per batch (./apply-batch.ts); reads are single
 * `executeQuery` statements or one read transaction when they need several.
 * Algorithms never run here: they run on the projection, fed by `changes()`.
 */
import type {
  ChangeSet,
  EdgeFilter,
  EdgeRecord,
  ExportOptions,
  GraphStore,
  Neighbour,
  NeighbourQuery,
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
import { planBatch } from './batch-plan.js';
import { clearAll, exportEdges, exportNodes, readStats } from './bulk-reads.js';
import { VERSION_QUERY, feedLimit, readChanges } from './change-feed.js';
import type { Neo4jConnection } from './connection.js';
import { listEdges, listNodes, type ListContext } from './list-query.js';
import { toJsNumber } from './props-codec.js';
import { EDGE_RETURN, NODE_RETURN, RecordReader, type EdgeRow } from './record-reader.js';
import { NODE_LABEL, typeAlternation } from './schema.js';
import { neighbours, subgraph, type TraversalContext } from './traversal.js';

export class Neo4jStore implements GraphStore {
  readonly kind = 'neo4j' as const;
  readonly description: string;
  /** Bolt URI and database the store talks to. */
  readonly uri: string;
  readonly database: string;
  /** Rows per `UNWIND` statement. */
  readonly batchSize: number;
  readonly #conn: Neo4jConnection;
  readonly #reader: RecordReader;

  /** Use `openNeo4jStore`; this takes a verified connection with its schema in place. */
  constructor(conn: Neo4jConnection, labelsOf: (kind: string) => readonly string[], batchSize: number) {
    this.#conn = conn;
    this.#reader = new RecordReader(labelsOf);
    this.description = conn.name.description;
    this.uri = conn.name.uri;
    this.database = conn.name.database;
    this.batchSize = batchSize;
  }

  async write(batch: WriteBatch): Promise<WriteResult> {
    const plan = planBatch(batch);
    for (const kind of plan.kinds) this.#reader.labelsOf(kind);
    await this.#conn.ensureTypes(plan.types);
    const ctx = { batchSize: this.batchSize, types: new Set(this.#conn.types), labelsOf: (kind: string) => this.#reader.labelsOf(kind) };
    return this.#conn.transaction('write', (tx) => applyBatch(tx, plan, ctx));
  }

  async getNode(id: string): Promise<NodeRecord | undefined> {
    return (await this.getNodes([id])).get(id);
  }

  async getNodes(ids: readonly string[]): Promise<ReadonlyMap<string, NodeRecord>> {
    const rows = await this.#conn.query(`UNWIND $ids AS id MATCH (n:${NODE_LABEL} {id: id}) RETURN ${NODE_RETURN}`, {
      ids: [...new Set(ids)],
    });
    const found = new Map<string, NodeRecord>();
    for (const row of rows) {
      const node = this.#reader.node(row.n as Record<string, unknown>);
      found.set(node.id, node);
    }
    return found;
  }

  async getEdge(id: string): Promise<EdgeRecord | undefined> {
    const types = this.#conn.types;
    if (types.size === 0) return undefined;
    const rows = await this.#conn.query(`MATCH (a)-[r:${typeAlternation(types)} {id: $id}]->(b) RETURN ${EDGE_RETURN}`, { id });
    const row = rows[0];
    return row === undefined ? undefined : this.#reader.edge(row as unknown as EdgeRow);
  }

  async neighbours(query: NeighbourQuery): Promise<readonly Neighbour[]> {
    return neighbours(this.#traversal(), query);
  }

  async listNodes(filter: NodeFilter, page: PageRequest): Promise<Page<NodeRecord>> {
    return listNodes(this.#listing(), filter, page);
  }

  async listEdges(filter: EdgeFilter, page: PageRequest): Promise<Page<EdgeRecord>> {
    return listEdges(this.#listing(), filter, page);
  }

  async subgraph(query: SubgraphQuery): Promise<Subgraph> {
    return subgraph(this.#traversal(), query);
  }

  exportNodes(options: ExportOptions = {}): AsyncIterable<readonly NodeRecord[]> {
    return exportNodes(this.#conn, this.#reader, options.batchSize ?? 10_000);
  }

  exportEdges(options: ExportOptions = {}): AsyncIterable<readonly EdgeRecord[]> {
    return exportEdges(this.#conn, this.#reader, options.batchSize ?? 10_000);
  }

  async changes(since: number, limit = 10_000): Promise<ChangeSet> {
    feedLimit(since, limit);
    const types = new Set(this.#conn.types);
    return this.#conn.transaction('read', (tx) => readChanges(tx, this.#reader, types, since, limit));
  }

  async version(): Promise<number> {
    const rows = await this.#conn.query(VERSION_QUERY, {});
    return toJsNumber(rows[0]?.version ?? 0);
  }

  async stats(): Promise<StoreStats> {
    return readStats(this.#conn);
  }

  /** Deletes every CivGraph node and edge (only `:CgNode` data) in bounded batches, leaving tombstones. */
  async clear(): Promise<void> {
    await clearAll(this.#conn, this.batchSize);
  }

  /** Closes the driver; later calls throw CG_STORE_CLOSED. */
  async close(): Promise<void> {
    await this.#conn.close();
  }

  #listing(): ListContext {
    return {
      reader: this.#reader,
      types: this.#conn.types,
      run: (queries) =>
        this.#conn.transaction('read', async (tx) => {
          const answers: Record<string, unknown>[][] = [];
          for (const [query, params] of queries) answers.push((await tx.run(query, params)).records.map((record) => record.toObject()));
          return answers;
        }),
    };
  }

  #traversal(): TraversalContext {
    return { reader: this.#reader, types: this.#conn.types, batchSize: this.batchSize, run: (query, params) => this.#conn.query(query, params) };
  }
}

