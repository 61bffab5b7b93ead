import type { Change, ChangeSet, EdgeRecord, GraphStore } from '../port.js';
import {
  compact,
  deleteEdge,
  deleteNode,
  needsCompaction,
  staleError,
  upsertEdge,
  upsertNode,
  type ProjectionState,
} from './projection-state.js';

/** What one `applyChanges` did. */
export interface ApplyResult {
  /** Changes newer than the projection's version that were applied. */
  readonly applied: number;
  /** Changes at or below the projection's version, already reflected, skipped. */
  readonly skipped: number;
  /** True when the delta passed the threshold and the CSR was rebuilt. */
  readonly compacted: boolean;
  readonly version: number;
}

/** The store methods the projection reads (a GraphStore has them all). */
export type ProjectionSource = Pick<GraphStore, 'exportNodes' | 'exportEdges' | 'changes' | 'version' | 'stats'>;

type Phase = 0 | 1 | 2 | 3;

/**
 * Within one store version (one atomic batch) changes apply in the order the
 * store applies a WriteBatch (see embedded/apply-batch.ts): edge deletes, node
 * deletes, node upserts, edge upserts, so a batch may delete and re-create an id.
 */
const PHASE_OF: Readonly<Record<`${Change['op']}:${Change['entity']}`, Phase>> = {
  'delete:edge': 0,
  'delete:node': 1,
  'upsert:node': 2,
  'upsert:edge': 3,
};

/**
 * An edge whose endpoint the projection does not hold yet waits in `pending`:
 * the feed is compacted to the latest change per id, so an endpoint's upsert
 * may carry a later version than the edge. It joins when the endpoint arrives.
 */
function upsertEdgeChange(s: ProjectionState, record: EdgeRecord): void {
  if (upsertEdge(s, record, true) !== -1) {
    s.pending.delete(record.id);
    return;
  }
  deleteEdge(s, record.id);
  s.pending.set(record.id, record);
}

const APPLY: Readonly<Record<Phase, (s: ProjectionState, change: Change) => void>> = {
  0: (s, change) => {
    if (change.op !== 'delete') return;
    deleteEdge(s, change.id);
    s.pending.delete(change.id);
  },
  1: (s, change) => {
    if (change.op !== 'delete') return;
    deleteNode(s, change.id);
    if (s.pending.size > 0) dropPendingAt(s, change.id);
  },
  2: (s, change) => {
    if (change.op === 'upsert' && change.entity === 'node') upsertNode(s, change.record);
  },
  3: (s, change) => {
    if (change.op === 'upsert' && change.entity === 'edge') upsertEdgeChange(s, change.record);
  },
};

/** A deleted node takes its waiting edges with it, as the store deletes a node's edges. */
function dropPendingAt(s: ProjectionState, node: string): void {
  for (const [id, record] of s.pending) if (record.from === node || record.to === node) s.pending.delete(id);
}

function retryPending(s: ProjectionState): void {
  for (const [id, record] of s.pending) {
    if (upsertEdge(s, record, true) !== -1) s.pending.delete(id);
  }
}

/** One version's changes, phase by phase; waiting edges retry once the version's nodes are in. */
function applyVersion(s: ProjectionState, changes: readonly Change[], start: number, end: number): void {
  for (let phase = 0 as Phase; phase <= 3; phase++) {
    for (let i = start; i < end; i++) {
      const change = changes[i] as Change;
      if (PHASE_OF[`${change.op}:${change.entity}`] === phase) APPLY[phase](s, change);
    }
    if (phase === 2 && s.pending.size > 0) retryPending(s);
  }
}

/**
 * Applies a page of the change feed. Changes at or below the projection's
 * version are skipped (already reflected); the rest apply in version order
 * and are visible to iteration immediately. Compacts when the delta is large.
 * Edges whose endpoint is still unknown stay pending (`pendingEdgeCount`).
 */
export function applyChangeSet(s: ProjectionState, changeSet: ChangeSet): ApplyResult {
  const { changes } = changeSet;
  let applied = 0;
  let start = 0;
  while (start < changes.length) {
    const version = (changes[start] as Change).version;
    let end = start + 1;
    while (end < changes.length && (changes[end] as Change).version === version) end++;
    if (version > s.version) {
      applyVersion(s, changes, start, end);
      applied += end - start;
    }
    start = end;
  }
  s.version = Math.max(s.version, changeSet.version);
  const compacted = needsCompaction(s);
  if (compacted) compact(s);
  return { applied, skipped: changes.length - applied, compacted, version: s.version };
}

/** What one `refresh` did, summed over the pages it read. */
export interface RefreshResult extends ApplyResult {
  readonly pages: number;
}

/**
 * Reads the change feed from the projection's version until it is exhausted.
 * Throws CG_PROJECTION_STALE when, at the end of the feed, an edge still names
 * an endpoint the projection never saw (the feed lost a change: rebuild).
 */
export async function refreshFromSource(
  s: ProjectionState,
  source: Pick<GraphStore, 'changes'>,
  pageSize: number,
): Promise<RefreshResult> {
  let applied = 0;
  let skipped = 0;
  let compacted = false;
  let pages = 0;
  for (;;) {
    const page = await source.changes(s.version, pageSize);
    const result = applyChangeSet(s, page);
    applied += result.applied;
    skipped += result.skipped;
    compacted ||= result.compacted;
    pages++;
    if (!page.hasMore || page.changes.length === 0) break;
  }
  if (s.pending.size > 0) {
    const edgeIds = [...s.pending.keys()].slice(0, 10);
    throw staleError(`${s.pending.size} edge(s) name endpoints missing from the store's change feed`, { edgeIds, version: s.version });
  }
  return { applied, skipped, compacted, version: s.version, pages };
}
