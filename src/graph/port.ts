/**
 * The GraphStore port (DESIGN.md §4). Every store — the embedded SQLite one and
 * Neo4j — implements exactly this surface, and one contract suite
 * (src/graph/contract/) checks both. Kinds are the ontology's local names
 * (`Camera`, `poweredBy`); stores do not interpret them beyond indexing, except
 * that node labels include the kind's inferred superclasses.
 *
 * Algorithms never traverse the store per request: they run on the projection
 * (src/graph/projection/), kept current from `changes()`.
 */

/** A property value: JSON scalars and homogeneous arrays of them. */
export type PropValue = string | number | boolean | null | readonly string[] | readonly number[];
export type Props = Readonly<Record<string, PropValue>>;

export interface NodeInput {
  readonly id: string;
  readonly kind: string;
  readonly props?: Props;
}

export interface EdgeInput {
  /** Defaults to `${from}|${kind}|${to}` (see core/ids.ts edgeId). */
  readonly id?: string;
  readonly kind: string;
  readonly from: string;
  readonly to: string;
  readonly props?: Props;
}

export interface NodeRecord {
  readonly id: string;
  readonly kind: string;
  /** The kind and its superclasses in the ontology, most specific first. */
  readonly labels: readonly string[];
  readonly props: Props;
  /** Store version of the last write to this node. */
  readonly version: number;
}

export interface EdgeRecord {
  readonly id: string;
  readonly kind: string;
  readonly from: string;
  readonly to: string;
  readonly props: Props;
  readonly version: number;
}

export interface WriteBatch {
  readonly nodes?: readonly NodeInput[];
  readonly edges?: readonly EdgeInput[];
  readonly deleteNodes?: readonly string[];
  readonly deleteEdges?: readonly string[];
}

export interface WriteResult {
  /** The store version after the batch; every change in it carries this version. */
  readonly version: number;
  readonly nodesWritten: number;
  readonly edgesWritten: number;
  readonly nodesDeleted: number;
  readonly edgesDeleted: number;
}

export type Direction = 'out' | 'in' | 'both';

export interface NeighbourQuery {
  readonly id: string;
  readonly direction: Direction;
  /** Restrict to these edge kinds; all kinds when absent. */
  readonly edgeKinds?: readonly string[];
  readonly limit?: number;
}

export interface Neighbour {
  readonly edge: EdgeRecord;
  readonly node: NodeRecord;
  /** 'out' when the edge leaves the queried node, 'in' when it arrives. */
  readonly direction: 'out' | 'in';
}

/**
 * Filters for listing. Props filters match exactly on a scalar property.
 * `labels` matches a node whose labels include any of the given ones
 * (so `Sensor` lists every kind of sensor).
 */
export interface NodeFilter {
  readonly kinds?: readonly string[];
  readonly labels?: readonly string[];
  readonly props?: Readonly<Record<string, string | number | boolean>>;
  /** Case-insensitive substring of the id or of the `name` property. */
  readonly search?: string;
}

export interface EdgeFilter {
  readonly kinds?: readonly string[];
  readonly from?: string;
  readonly to?: string;
}

export interface PageRequest {
  /** Page size; stores cap it at 10,000. */
  readonly first: number;
  /** Opaque cursor from a previous page's `endCursor`. */
  readonly after?: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly totalCount: number;
  readonly endCursor: string | null;
  readonly hasNextPage: boolean;
}

export interface SubgraphQuery {
  readonly focus: readonly string[];
  readonly depth: number;
  readonly direction?: Direction;
  readonly edgeKinds?: readonly string[];
  /** Stop adding nodes past this many and say so with `truncated`. */
  readonly maxNodes?: number;
}

export interface Subgraph {
  readonly nodes: readonly NodeRecord[];
  readonly edges: readonly EdgeRecord[];
  readonly truncated: boolean;
}

export type Change =
  | { readonly version: number; readonly op: 'upsert'; readonly entity: 'node'; readonly record: NodeRecord }
  | { readonly version: number; readonly op: 'upsert'; readonly entity: 'edge'; readonly record: EdgeRecord }
  | { readonly version: number; readonly op: 'delete'; readonly entity: 'node' | 'edge'; readonly id: string };

export interface ChangeSet {
  readonly changes: readonly Change[];
  /** Pass this as `since` next time. */
  readonly version: number;
  /** More changes remain past `limit`. */
  readonly hasMore: boolean;
}

export interface StoreStats {
  readonly nodes: number;
  readonly edges: number;
  readonly nodeKinds: Readonly<Record<string, number>>;
  readonly edgeKinds: Readonly<Record<string, number>>;
  readonly version: number;
}

export interface ExportOptions {
  /** Records per yielded batch (default 10,000). */
  readonly batchSize?: number;
}

export interface GraphStore {
  readonly kind: 'embedded' | 'neo4j';
  /** Human name used in error messages, e.g. "embedded store ./civgraph.db". */
  readonly description: string;

  /**
   * Applies one batch atomically: either every write in it is durable when the
   * promise resolves, or none is. Upserts are idempotent by id (properties are
   * replaced, not merged). Edges may arrive before their endpoints within a batch;
   * an edge whose endpoint exists neither in the store nor in the batch is rejected
   * with CG_EDGE_ENDPOINT_MISSING and the batch is not applied.
   * Deleting a node deletes its edges.
   */
  write(batch: WriteBatch): Promise<WriteResult>;

  getNode(id: string): Promise<NodeRecord | undefined>;
  getNodes(ids: readonly string[]): Promise<ReadonlyMap<string, NodeRecord>>;
  getEdge(id: string): Promise<EdgeRecord | undefined>;
  neighbours(query: NeighbourQuery): Promise<readonly Neighbour[]>;

  /** Ordered by id; cursor pagination with the total count of the filter. */
  listNodes(filter: NodeFilter, page: PageRequest): Promise<Page<NodeRecord>>;
  listEdges(filter: EdgeFilter, page: PageRequest): Promise<Page<EdgeRecord>>;

  /** Breadth-first neighbourhood of the focus nodes, bounded by depth and size. */
  subgraph(query: SubgraphQuery): Promise<Subgraph>;

  /** Streams every node / edge in batches, for building the projection. */
  exportNodes(options?: ExportOptions): AsyncIterable<readonly NodeRecord[]>;
  exportEdges(options?: ExportOptions): AsyncIterable<readonly EdgeRecord[]>;

  /** Changes with version > since, oldest first, at most `limit` (default 10,000). */
  changes(since: number, limit?: number): Promise<ChangeSet>;
  version(): Promise<number>;
  stats(): Promise<StoreStats>;

  /** Deletes everything (tests and `demo` on a fresh city). */
  clear(): Promise<void>;
  close(): Promise<void>;
}
