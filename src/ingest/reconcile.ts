/**
 * Reconciliation (Cartography's "cleanup" step, guarded): after a successful
 * load, nodes and edges that carry this run's source scope (`source` prop) but
 * were not seen in the run are stale and deleted — only within that scope,
 * never another source's data, and never more than `maxDeleteFraction` of the
 * scope at once (a truncated input would otherwise wipe the graph).
 */
import { diagnostic, type Diagnostic } from '../core/index.js';
import type { GraphStore } from '../graph/port.js';

export interface ReconcileOptions {
  readonly store: GraphStore;
  readonly scope: string;
  readonly seenNodes: ReadonlySet<string>;
  readonly seenEdges: ReadonlySet<string>;
  /** Largest share of the scope's nodes (or edges) one run may delete (default 0.5). */
  readonly maxDeleteFraction?: number;
  /** Below this many stale items the guard does not apply (default 10). */
  readonly guardMinimum?: number;
}

export interface ReconcileResult {
  readonly nodesDeleted: number;
  readonly edgesDeleted: number;
  readonly guarded: boolean;
  readonly diagnostics: readonly Diagnostic[];
}

async function staleNodes(store: GraphStore, scope: string, seen: ReadonlySet<string>): Promise<{ stale: string[]; total: number }> {
  const stale: string[] = [];
  let total = 0;
  let after: string | undefined;
  for (;;) {
    const page = await store.listNodes({ props: { source: scope } }, { first: 10_000, ...(after ? { after } : {}) });
    total = page.totalCount;
    for (const n of page.items) if (!seen.has(n.id)) stale.push(n.id);
    if (!page.hasNextPage || page.endCursor === null) break;
    after = page.endCursor;
  }
  return { stale, total };
}

async function staleEdges(store: GraphStore, scope: string, seen: ReadonlySet<string>): Promise<{ stale: string[]; total: number }> {
  const stale: string[] = [];
  let total = 0;
  for await (const batch of store.exportEdges()) {
    for (const e of batch) {
      if (e.props['source'] !== scope) continue;
      total += 1;
      if (!seen.has(e.id)) stale.push(e.id);
    }
  }
  return { stale, total };
}

function tooMany(stale: number, total: number, fraction: number, minimum: number): boolean {
  return stale >= minimum && stale > total * fraction;
}

export async function reconcile(options: ReconcileOptions): Promise<ReconcileResult> {
  const fraction = options.maxDeleteFraction ?? 0.5;
  const minimum = options.guardMinimum ?? 10;
  const nodes = await staleNodes(options.store, options.scope, options.seenNodes);
  const edges = await staleEdges(options.store, options.scope, options.seenEdges);
  if (tooMany(nodes.stale.length, nodes.total, fraction, minimum) || tooMany(edges.stale.length, edges.total, fraction, minimum)) {
    const message = `reconcile of scope ${options.scope} skipped: it would delete ${nodes.stale.length}/${nodes.total} nodes and ${edges.stale.length}/${edges.total} edges, more than ${Math.round(fraction * 100)} %`;
    return { nodesDeleted: 0, edgesDeleted: 0, guarded: true, diagnostics: [diagnostic('CG_INGEST_RECONCILE_GUARD', message, { source: options.scope }, 'warning')] };
  }
  let nodesDeleted = 0;
  let edgesDeleted = 0;
  for (let i = 0; i < Math.max(nodes.stale.length, edges.stale.length); i += 5_000) {
    const result = await options.store.write({ deleteNodes: nodes.stale.slice(i, i + 5_000), deleteEdges: edges.stale.slice(i, i + 5_000) });
    nodesDeleted += result.nodesDeleted;
    edgesDeleted += result.edgesDeleted;
  }
  return { nodesDeleted, edgesDeleted, guarded: false, diagnostics: [] };
}
