/**
 * Node upserts of a write batch, split by what the store already holds so the
 * common case is a plain `CREATE` (issue 3, bulk load). One `UNWIND` lookup on
 * the `:CgNode(id)` uniqueness index finds which ids exist and their kind; then
 *
 * - new ids: `UNWIND $rows AS p CREATE (n:CgNode:<labels>) SET n = p` per label
 *   set (static labels, no MERGE, no label removal, so no Eager operator: the
 *   planner's Eager materialises every row before writing, measured as the
 *   largest server cost of the old single MERGE statement);
 * - existing ids of the same kind: a seek and `SET n = p` plus the labels;
 * - existing ids whose kind changed: the old labels are removed (dynamic
 *   labels, `$(...)`, Cypher in Neo4j 5.26), then set as above.
 *
 * Writers are serialised by the version counter's lock (./apply-batch.ts), which
 * is taken before the lookup, so no other writer can create an id between the
 * lookup and the CREATE.
 */
import type { Integer } from 'neo4j-driver';
import type { StoredProps } from './props-codec.js';
import { chunks, type Tx } from './batch-plan.js';
import { NODE_LABEL, quote } from './schema.js';

const EXISTING_NODES = `UNWIND $ids AS id MATCH (n:${NODE_LABEL} {id: id}) RETURN collect(id) AS ids, collect(n.kind) AS kinds`;

const labelPattern = (labels: readonly string[]): string => [NODE_LABEL, ...labels.filter((label) => label !== NODE_LABEL)].map(quote).join(':');

const createNodesQuery = (labels: readonly string[]): string =>
  `UNWIND $rows AS p CREATE (n:${labelPattern(labels)}) SET n = p, n._version = $version`;

const updateNodesQuery = (labels: readonly string[]): string =>
  `UNWIND $rows AS p MATCH (n:${NODE_LABEL} {id: p.id}) SET n = p, n._version = $version, n:${labelPattern(labels)}`;

const RELABEL_NODES =
  `UNWIND $ids AS id MATCH (n:${NODE_LABEL} {id: id}) REMOVE n:$([l IN labels(n) WHERE l <> '${NODE_LABEL}'])`;

/** Ids of `ids` present in the store (this transaction's view), with their stored kind. */
export async function existingNodes(tx: Tx, ids: readonly string[], batchSize: number): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const results = await Promise.all(chunks(ids, batchSize).map((part) => tx.run(EXISTING_NODES, { ids: part })));
  for (const result of results) {
    const record = result.records[0];
    if (record === undefined) continue;
    const foundIds = record.get('ids') as string[];
    const kinds = record.get('kinds') as unknown[];
    foundIds.forEach((id, index) => found.set(id, String(kinds[index])));
  }
  return found;
}

interface Group {
  readonly labels: readonly string[];
  readonly rows: StoredProps[];
}

function groupByKind(rows: readonly StoredProps[], labelsOf: (kind: string) => readonly string[]): Group[] {
  const groups = new Map<string, Group>();
  for (const row of rows) {
    const kind = row.kind as string;
    let group = groups.get(kind);
    if (group === undefined) {
      group = { labels: labelsOf(kind), rows: [] };
      groups.set(kind, group);
    }
    group.rows.push(row);
  }
  return [...groups.values()];
}

export interface NodeWriteContext {
  readonly batchSize: number;
  readonly labelsOf: (kind: string) => readonly string[];
  readonly version: Integer;
}

/**
 * Writes `nodes` given which of them exist (`existing`, id to stored kind).
 * Statements are sent together (the driver pipelines them on the transaction's
 * connection) and awaited once; relabelling precedes the updates it affects.
 */
export async function writeNodes(tx: Tx, nodes: readonly StoredProps[], existing: ReadonlyMap<string, string>, ctx: NodeWriteContext): Promise<void> {
  const fresh: StoredProps[] = [];
  const updated: StoredProps[] = [];
  const relabel: string[] = [];
  for (const node of nodes) {
    const id = node.id as string;
    const stored = existing.get(id);
    if (stored === undefined) fresh.push(node);
    else {
      updated.push(node);
      if (stored !== node.kind) relabel.push(id);
    }
  }
  const pending: Promise<unknown>[] = [];
  const send = (query: string, key: string, rows: readonly unknown[]): void => {
    for (const part of chunks(rows, ctx.batchSize)) pending.push(tx.run(query, { [key]: part, version: ctx.version }));
  };
  send(RELABEL_NODES, 'ids', relabel);
  for (const group of groupByKind(updated, ctx.labelsOf)) send(updateNodesQuery(group.labels), 'rows', group.rows);
  for (const group of groupByKind(fresh, ctx.labelsOf)) send(createNodesQuery(group.labels), 'rows', group.rows);
  await Promise.all(pending);
}
