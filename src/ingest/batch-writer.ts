/**
 * Writes mapped records to the store in batches: SHACL check → entity
 * resolution (merge by declared id, serial, MAC) → ensure referenced nodes →
 * resolve keyed references → endpoint and domain/range checks → one atomic
 * store.write per batch. Edges whose endpoint is not known yet wait until the
 * end of the run (finish), so input order never matters.
 */
import type { Store } from 'n3';
import { diagnostic, edgeId, type Diagnostic } from '../core/index.js';
import type { EdgeInput, GraphStore, NodeInput, PropValue } from '../graph/port.js';
import { edgeKindProblem } from './check-record.js';
import { EntityResolver, type MergeRecord } from './entity-resolver.js';
import type { PropIndex } from './prop-index.js';
import { indexBatch, resolveReferences } from './reference-index.js';
import { shaclCheck } from './shacl-check.js';
import type { IdentityKeys, MappedRecord, RejectedRecord } from './types.js';

export interface BatchWriterOptions {
  readonly store: GraphStore;
  readonly scope: string;
  readonly batchSize: number;
  /** Identity-property index shared by every writer of a run. */
  readonly index: PropIndex;
  readonly shapes?: Store;
  readonly onDiagnostic: (d: Diagnostic) => void;
  readonly onReject: (item: RejectedRecord, source: string) => void;
}

export interface WriteCounters {
  accepted: number;
  merged: number;
  rejected: number;
  nodesWritten: number;
  edgesWritten: number;
  edgesDropped: number;
}

interface Queued {
  readonly record: MappedRecord;
  readonly source: string;
}

interface PendingEdge {
  readonly edge: EdgeInput;
  readonly source: string;
  readonly record: number;
}

export class BatchWriter {
  readonly counters: WriteCounters = { accepted: 0, merged: 0, rejected: 0, nodesWritten: 0, edgesWritten: 0, edgesDropped: 0 };
  readonly merges: MergeRecord[] = [];
  readonly seenNodes = new Set<string>();
  readonly seenEdges = new Set<string>();
  readonly #options: BatchWriterOptions;
  readonly #resolver: EntityResolver;
  readonly #kinds = new Map<string, string>();
  #queue: Queued[] = [];
  #pending: PendingEdge[] = [];

  constructor(options: BatchWriterOptions) {
    this.#options = options;
    this.#resolver = new EntityResolver(options.store, options.index);
  }

  /**
   * Queues a record; returns the flush when the queue reached the batch size,
   * else nothing (no promise per record: this runs once per input record).
   */
  add(record: MappedRecord, source: string): Promise<void> | undefined {
    this.#queue.push({ record, source });
    return this.#queue.length >= this.#options.batchSize ? this.flush() : undefined;
  }

  async #shacl(queue: Queued[]): Promise<Queued[]> {
    const shapes = this.#options.shapes;
    if (!shapes) return queue;
    const owner = new Map<string, Queued>();
    for (const q of queue) for (const n of q.record.nodes) owner.set(n.id, q);
    const where = (id: string): { source: string; record: number } => ({ source: owner.get(id)?.source ?? '', record: owner.get(id)?.record.index ?? -1 });
    const found = await shaclCheck(queue.flatMap((q) => q.record.nodes), shapes, where);
    const bad = new Set<Queued>();
    for (const [id, list] of found) {
      const q = owner.get(id);
      if (!q) continue;
      const error = list.find((d) => d.severity === 'error');
      if (error && !bad.has(q)) {
        bad.add(q);
        this.counters.rejected += 1;
        this.#options.onReject({ type: 'rejected', index: q.record.index, diagnostic: error, payload: q.record.nodes }, q.source);
      }
      for (const d of list) if (d !== error) this.#options.onDiagnostic(d);
    }
    return queue.filter((q) => !bad.has(q));
  }

  async #resolve(queue: Queued[]): Promise<Map<string, MergeRecord>> {
    const merged = new Map<string, MergeRecord>();
    const identified = queue.filter((q) => q.record.identities !== undefined);
    if (identified.length === 0) return merged;
    await this.#resolver.prepare(identified.flatMap((q) => Object.values(q.record.identities ?? {})));
    /** Ids that kept their own node in this batch, with their keys: the same keys again resolve the same way. */
    const settled = new Map<string, IdentityKeys>();
    for (const q of identified) {
      for (const [id, keys] of Object.entries(q.record.identities ?? {})) {
        const before = settled.get(id);
        if (before && before.serial === keys.serial && before.mac === keys.mac && before.declaredId === keys.declaredId) continue;
        const merge = this.#resolver.resolve(id, keys, this.#options.scope);
        if (!merge) {
          settled.set(id, keys);
          continue;
        }
        merged.set(id, merge);
        this.merges.push(merge);
        this.counters.merged += 1;
        this.#options.onDiagnostic(diagnostic('CG_INGEST_MERGED', `${merge.from} merged into ${merge.into}: same ${merge.key} ${merge.value}`, { source: q.source, record: q.record.index }, 'info'));
      }
    }
    return merged;
  }

  /** Props of a merged node: the existing node's props win; new ones fill gaps; provenance lists the merged ids. */
  async #mergedNode(node: NodeInput, merge: MergeRecord, batch: Map<string, NodeInput>): Promise<NodeInput> {
    const existing = batch.get(merge.into) ?? (await this.#options.store.getNode(merge.into));
    const base = existing?.props ?? {};
    const from = new Set<string>([...((base['x_mergedFrom'] as readonly string[] | undefined) ?? []), merge.from]);
    const why = new Set<string>([...((base['x_mergedBy'] as readonly string[] | undefined) ?? []), `${merge.key}=${merge.value}`]);
    const props: Record<string, PropValue> = { ...(node.props ?? {}), ...base, x_mergedFrom: [...from].sort(), x_mergedBy: [...why].sort() };
    return { id: merge.into, kind: existing?.kind ?? node.kind, props };
  }

  async #nodes(queue: Queued[], merges: Map<string, MergeRecord>): Promise<Map<string, NodeInput>> {
    const batch = new Map<string, NodeInput>();
    for (const q of queue) {
      for (const node of q.record.nodes) {
        const keys = q.record.identities?.[node.id];
        const props: Record<string, PropValue> = { ...node.props, source: this.#options.scope };
        if (keys?.declaredId) props['x_declaredId'] = keys.declaredId;
        const withSource: NodeInput = { ...node, props };
        const merge = merges.get(node.id);
        const final = merge ? await this.#mergedNode(withSource, merge, batch) : withSource;
        batch.set(final.id, final);
      }
    }
    return batch;
  }

  async #existing(ids: Iterable<string>): Promise<void> {
    const unknown: string[] = [];
    for (const id of new Set(ids)) if (!this.#kinds.has(id)) unknown.push(id);
    if (unknown.length === 0) return;
    const found = await this.#options.store.getNodes(unknown);
    for (const [id, record] of found) this.#kinds.set(id, record.kind);
  }

  async #ensure(queue: Queued[], batch: Map<string, NodeInput>): Promise<void> {
    const wanted = queue.flatMap((q) => q.record.ensureNodes).map((n) => ({ ...n, id: this.#resolver.canonical(n.id) }));
    await this.#existing(wanted.map((n) => n.id).filter((id) => !batch.has(id)));
    for (const n of wanted) {
      this.seenNodes.add(n.id);
      if (!batch.has(n.id) && !this.#kinds.has(n.id)) batch.set(n.id, { ...n, props: { ...(n.props ?? {}), source: this.#options.scope } });
    }
  }

  async #edges(queue: Queued[], batch: Map<string, NodeInput>): Promise<EdgeInput[]> {
    const candidates: PendingEdge[] = [];
    const byKey = queue.some((q) => q.record.references.length > 0) ? indexBatch(batch) : new Map<string, string>();
    if (queue.some((q) => q.record.references.some((r) => !byKey.has(`${r.key}\u0000${r.value}`)))) await this.#options.index.ready();
    for (const q of queue) {
      for (const e of q.record.edges) candidates.push(this.#candidate(e, q));
      if (q.record.references.length === 0) continue;
      const resolved = resolveReferences(this.#options.index, q.record.references, byKey);
      for (const miss of resolved.missing) this.#options.onDiagnostic(diagnostic('CG_INGEST_DANGLING_REFERENCE', `${miss.kind} from ${miss.from}: no node has ${miss.key} ${miss.value}`, { source: q.source, record: q.record.index }, 'warning'));
      for (const e of resolved.edges) candidates.push(this.#candidate(e, q));
    }
    return this.#admitEdges(candidates, batch);
  }

  /** An edge of a record with both ends under their canonical (merged-into) ids. */
  #candidate(e: EdgeInput, q: Queued): PendingEdge {
    return { edge: { ...e, from: this.#resolver.canonical(e.from), to: this.#resolver.canonical(e.to) }, source: q.source, record: q.record.index };
  }

  async #admitEdges(candidates: readonly PendingEdge[], batch: Map<string, NodeInput>): Promise<EdgeInput[]> {
    const ends = new Set<string>();
    for (const c of candidates) {
      if (!batch.has(c.edge.from)) ends.add(c.edge.from);
      if (!batch.has(c.edge.to)) ends.add(c.edge.to);
    }
    await this.#existing(ends);
    const out: EdgeInput[] = [];
    for (const c of candidates) {
      const fromKind = batch.get(c.edge.from)?.kind ?? this.#kinds.get(c.edge.from);
      const toKind = batch.get(c.edge.to)?.kind ?? this.#kinds.get(c.edge.to);
      if (fromKind === undefined || toKind === undefined) {
        this.#pending.push(c);
        continue;
      }
      const problem = edgeKindProblem(c.edge.kind, fromKind, toKind);
      if (problem) {
        this.counters.edgesDropped += 1;
        this.#options.onDiagnostic(diagnostic('CG_INGEST_KIND_UNKNOWN', `edge ${c.edge.from} ${c.edge.kind} ${c.edge.to} dropped: ${problem}`, { source: c.source, record: c.record }, 'warning'));
        continue;
      }
      const id = c.edge.id ?? edgeId(c.edge.from, c.edge.kind, c.edge.to);
      this.seenEdges.add(id);
      out.push({ ...c.edge, id, props: { ...(c.edge.props ?? {}), source: this.#options.scope } });
    }
    return out;
  }

  async flush(): Promise<void> {
    const queue = await this.#shacl(this.#queue);
    this.#queue = [];
    if (queue.length === 0) return;
    const merges = await this.#resolve(queue);
    const batch = await this.#nodes(queue, merges);
    await this.#ensure(queue, batch);
    const edges = await this.#edges(queue, batch);
    await this.#write([...batch.values()], edges);
    this.counters.accepted += queue.length;
  }

  async #write(nodes: NodeInput[], edges: EdgeInput[]): Promise<void> {
    if (nodes.length === 0 && edges.length === 0) return;
    const result = await this.#options.store.write({ nodes, edges });
    for (const n of nodes) {
      this.#kinds.set(n.id, n.kind);
      this.seenNodes.add(n.id);
      this.#options.index.noteWritten(n.id, n.props);
    }
    this.counters.nodesWritten += result.nodesWritten;
    this.counters.edgesWritten += result.edgesWritten;
  }

  /** Flushes the queue, then retries edges that waited for their endpoints; the rest are dangling. */
  async finish(): Promise<void> {
    await this.flush();
    const waiting = this.#pending;
    this.#pending = [];
    const admitted = await this.#admitEdges(waiting, new Map());
    const stillMissing = this.#pending;
    this.#pending = [];
    for (let i = 0; i < admitted.length; i += this.#options.batchSize) await this.#write([], admitted.slice(i, i + this.#options.batchSize));
    for (const c of stillMissing) {
      this.counters.edgesDropped += 1;
      const missing = this.#kinds.has(c.edge.from) ? c.edge.to : c.edge.from;
      this.#options.onDiagnostic(diagnostic('CG_INGEST_DANGLING_REFERENCE', `edge ${c.edge.from} ${c.edge.kind} ${c.edge.to} dropped: no node ${missing} in the inputs or the store`, { source: c.source, record: c.record }, 'warning'));
    }
  }
}
