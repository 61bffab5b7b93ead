/**
 * Test support only (not exported from index.ts): an in-memory stand-in for
 * the GraphStore methods the projection reads, with the embedded store's
 * batch semantics (deletes, then node upserts, then edge upserts; deleting a
 * node deletes its edges; an edge with a missing endpoint rejects the batch).
 * `feed: 'log'` returns every change; `feed: 'compacted'` only the latest
 * change per id, as the embedded store does.
 */
import { EngineError, edgeId } from '../../core/index.js';
import type { Change, ChangeSet, EdgeRecord, NodeRecord, StoreStats, WriteBatch } from '../port.js';
import type { ProjectionSource } from './apply-changes.js';

const RANK: Readonly<Record<string, number>> = { 'delete:edge': 0, 'delete:node': 0, 'upsert:node': 1, 'upsert:edge': 2 };

export class FakeGraphStore implements ProjectionSource {
  readonly nodes = new Map<string, NodeRecord>();
  readonly edges = new Map<string, EdgeRecord>();
  readonly #log: Change[] = [];
  readonly #latest = new Map<string, Change>();
  #version = 0;

  /**
   * `cascadeTombstones: false` leaves the edges a node delete removes out of
   * the feed (the port does not promise them), so the consumer must cascade.
   */
  constructor(
    readonly feed: 'log' | 'compacted' = 'log',
    readonly cascadeTombstones = true,
  ) {}

  write(batch: WriteBatch): number {
    const version = this.#version + 1;
    const nodeIds = new Set([...this.nodes.keys(), ...(batch.nodes ?? []).map((n) => n.id)]);
    for (const id of batch.deleteNodes ?? []) if (!(batch.nodes ?? []).some((n) => n.id === id)) nodeIds.delete(id);
    for (const e of batch.edges ?? []) {
      if (!nodeIds.has(e.from) || !nodeIds.has(e.to)) throw new EngineError('CG_EDGE_ENDPOINT_MISSING', `edge ${e.from}->${e.to}`);
    }
    this.#version = version;
    for (const id of batch.deleteEdges ?? []) if (this.edges.delete(id)) this.#record({ version, op: 'delete', entity: 'edge', id });
    for (const id of batch.deleteNodes ?? []) this.#deleteNode(id, version);
    for (const n of batch.nodes ?? []) {
      const record: NodeRecord = { id: n.id, kind: n.kind, labels: [n.kind], props: n.props ?? {}, version };
      this.nodes.set(n.id, record);
      this.#record({ version, op: 'upsert', entity: 'node', record });
    }
    for (const e of batch.edges ?? []) {
      const id = e.id ?? edgeId(e.from, e.kind, e.to);
      const record: EdgeRecord = { id, kind: e.kind, from: e.from, to: e.to, props: e.props ?? {}, version };
      this.edges.set(id, record);
      this.#record({ version, op: 'upsert', entity: 'edge', record });
    }
    return version;
  }

  #deleteNode(id: string, version: number): void {
    if (!this.nodes.delete(id)) return;
    for (const edge of [...this.edges.values()]) {
      if (edge.from !== id && edge.to !== id) continue;
      this.edges.delete(edge.id);
      if (this.cascadeTombstones) this.#record({ version, op: 'delete', entity: 'edge', id: edge.id });
    }
    this.#record({ version, op: 'delete', entity: 'node', id });
  }

  #record(change: Change): void {
    this.#log.push(change);
    const id = change.op === 'delete' ? change.id : change.record.id;
    this.#latest.delete(`${change.entity}:${id}`);
    this.#latest.set(`${change.entity}:${id}`, change);
  }

  version(): Promise<number> {
    return Promise.resolve(this.#version);
  }

  stats(): Promise<StoreStats> {
    return Promise.resolve({ nodes: this.nodes.size, edges: this.edges.size, nodeKinds: {}, edgeKinds: {}, version: this.#version });
  }

  /** Whole versions only, at most `limit` changes unless the first version alone is larger. */
  changes(since: number, limit = 10_000): Promise<ChangeSet> {
    const source = this.feed === 'log' ? this.#log : [...this.#latest.values()];
    const newer = source
      .filter((c) => c.version > since)
      .sort((a, b) => a.version - b.version || (RANK[`${a.op}:${a.entity}`] as number) - (RANK[`${b.op}:${b.entity}`] as number));
    let end = 0;
    while (end < newer.length) {
      let next = end;
      const v = (newer[end] as Change).version;
      while (next < newer.length && (newer[next] as Change).version === v) next++;
      if (end > 0 && next > limit) break;
      end = next;
    }
    const changes = newer.slice(0, end);
    const version = end === 0 ? since : (changes[end - 1] as Change).version;
    return Promise.resolve({ changes, version: end === newer.length ? this.#version : version, hasMore: end < newer.length });
  }

  async *exportNodes(options?: { readonly batchSize?: number }): AsyncIterable<readonly NodeRecord[]> {
    yield* batches([...this.nodes.values()].sort((a, b) => (a.id < b.id ? -1 : 1)), options?.batchSize ?? 10_000);
  }

  async *exportEdges(options?: { readonly batchSize?: number }): AsyncIterable<readonly EdgeRecord[]> {
    yield* batches([...this.edges.values()].sort((a, b) => (a.id < b.id ? -1 : 1)), options?.batchSize ?? 10_000);
  }
}

async function* batches<T>(items: readonly T[], size: number): AsyncIterable<readonly T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}
