/**
 * Edge upserts of a write batch (issue 3, bulk load). Relationships are not
 * MERGEd (a relationship MERGE leaves the plan to statistics; one cached on an
 * empty graph scanned every relationship per row). Instead:
 *
 * - an edge whose default id (`from|kind|to`) names an endpoint created by this
 *   batch cannot exist yet, so it is CREATEd without a lookup — in a bulk load
 *   that is nearly every edge;
 * - other edges are looked up, per relationship type with the type static in the
 *   statement, on the type's `id` uniqueness index (hinted), existing ones
 *   updated in place, the rest CREATEd.
 *
 * CREATEs of every type share constant statements with a dynamic type
 * (`CREATE (a)-[r:$(row.type)]->(b)`, Cypher 5.26), so the server parses and
 * plans one text instead of one per type (and again after each replan). An
 * edge with no properties besides its id and kind (nearly every edge of a
 * generated city) is created with them in the pattern, a plan of index seeks
 * and one Create; `SET r = row.p` after a CREATE adds an Eager (every row
 * buffered) and two property-setting operators, so only edges with properties
 * take that statement (PROFILE, issue 3). Both store the same properties.
 *
 * Both endpoints of a CREATE are seeks on the `:CgNode(id)` uniqueness index
 * (every node carries `:CgNode`, so the label is always in the pattern). A
 * CREATE statement returning fewer rows than it was sent has a missing
 * endpoint; the caller then names the first such edge.
 */
import type { Integer } from 'neo4j-driver';
import { chunks, type EdgeRow, type Tx } from './batch-plan.js';
import { toJsNumber } from './props-codec.js';
import { NODE_LABEL, quote } from './schema.js';

const existingEdgesQuery = (type: string): string =>
  `UNWIND $ids AS id MATCH ()-[r:${quote(type)} {id: id}]->() USING INDEX r:${quote(type)}(id) RETURN collect(r.id) AS found`;

const updateEdgesQuery = (type: string): string =>
  `UNWIND $rows AS row MATCH ()-[r:${quote(type)} {id: row.p.id}]->() USING INDEX r:${quote(type)}(id) ` +
  'SET r = row.p, r._version = $version';

const MATCH_ENDPOINTS = `UNWIND $rows AS row MATCH (a:${NODE_LABEL} {id: row.from}) MATCH (b:${NODE_LABEL} {id: row.to}) `;

/** Creates relationships of any type carrying only id and kind; rows are `{from, to, type, p}`. Returns how many it wrote. */
export const CREATE_PLAIN_EDGES = `${MATCH_ENDPOINTS}CREATE (a)-[r:$(row.type) {id: row.p.id, kind: row.p.kind, _version: $version}]->(b) RETURN count(*) AS n`;

/** Creates relationships of any type with further properties; rows are `{from, to, type, p}`. Returns how many it wrote. */
export const CREATE_EDGES = `${MATCH_ENDPOINTS}CREATE (a)-[r:$(row.type)]->(b) SET r = row.p, r._version = $version RETURN count(*) AS n`;

/** True when an edge's stored properties are just its id and kind (no user property, no `_nulls`). */
const plain = (row: EdgeRow): boolean => Object.keys(row.p).length === 2;

/** What the statements carry per edge: endpoints and the stored properties (id and kind inside). */
interface SentEdge {
  readonly from: string;
  readonly to: string;
  readonly p: EdgeRow['p'];
}

/** A result with one record (a count or a collected list). */
type Counted = { readonly records: readonly { get(key: string): unknown }[] };

const sent = (row: EdgeRow): SentEdge => ({ from: row.from, to: row.to, p: row.p });

function byType(rows: readonly EdgeRow[]): Map<string, EdgeRow[]> {
  const groups = new Map<string, EdgeRow[]>();
  for (const row of rows) {
    const group = groups.get(row.type);
    if (group === undefined) groups.set(row.type, [row]);
    else group.push(row);
  }
  return groups;
}

/** Ids among `rows` (all of one type per group) that exist in the store. */
async function existingEdges(tx: Tx, rows: readonly EdgeRow[], batchSize: number): Promise<Set<string>> {
  const pending: PromiseLike<Counted>[] = [];
  for (const [type, group] of byType(rows)) {
    for (const part of chunks(group, batchSize)) pending.push(tx.run(existingEdgesQuery(type), { ids: part.map((row) => row.id) }));
  }
  const found = new Set<string>();
  for (const result of await Promise.all(pending)) {
    for (const id of (result.records[0]?.get('found') ?? []) as string[]) found.add(id);
  }
  return found;
}

export interface EdgeWriteContext {
  readonly batchSize: number;
  readonly version: Integer;
  /** Node ids this batch creates (absent from the store before it). */
  readonly createdNodes: ReadonlySet<string>;
  /** Edge ids that are not their default `from|kind|to` (they may exist elsewhere). */
  readonly customIds: ReadonlySet<string>;
}

/**
 * Writes `edges`; resolves to false when a CREATE wrote fewer relationships
 * than sent (a missing endpoint), true otherwise.
 */
export async function writeEdges(tx: Tx, edges: readonly EdgeRow[], ctx: EdgeWriteContext): Promise<boolean> {
  const surelyNew = (row: EdgeRow): boolean =>
    !ctx.customIds.has(row.id) && (ctx.createdNodes.has(row.from) || ctx.createdNodes.has(row.to));
  const unknown = edges.filter((row) => !surelyNew(row));
  const found = unknown.length === 0 ? new Set<string>() : await existingEdges(tx, unknown, ctx.batchSize);
  const updates: EdgeRow[] = [];
  const creates: EdgeRow[] = [];
  for (const row of edges) (found.has(row.id) ? updates : creates).push(row);
  const pending: PromiseLike<unknown>[] = [];
  for (const [type, group] of byType(updates)) {
    for (const part of chunks(group, ctx.batchSize)) pending.push(tx.run(updateEdgesQuery(type), { rows: part.map(sent), version: ctx.version }));
  }
  const expected: number[] = [];
  const counted: PromiseLike<Counted>[] = [];
  const send = (query: string, rows: readonly EdgeRow[]): void => {
    for (const part of chunks(rows, ctx.batchSize)) {
      expected.push(part.length);
      counted.push(tx.run(query, { rows: part.map(({ from, to, type, p }) => ({ from, to, type, p })), version: ctx.version }));
    }
  };
  send(CREATE_PLAIN_EDGES, creates.filter(plain));
  send(CREATE_EDGES, creates.filter((row) => !plain(row)));
  const [written] = await Promise.all([Promise.all(counted), Promise.all(pending)]);
  return expected.every((size, index) => toJsNumber(written[index]?.records[0]?.get('n')) === size);
}
