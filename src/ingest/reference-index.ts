/**
 * Resolves keyed references (KeyedReference: "the device with IP 10.0.0.5")
 * to edges, against nodes of the current batch, then the run's PropIndex
 * (nodes written earlier in the run and the store).
 */
import type { EdgeInput, NodeInput } from '../graph/port.js';
import type { PropIndex } from './prop-index.js';
import type { KeyedReference } from './types.js';

const KEYS = ['ip', 'mac', 'serial'] as const;

/** `<key>\0<value>` → id for the nodes of one batch (built once per flush). */
export function indexBatch(batch: ReadonlyMap<string, NodeInput>): Map<string, string> {
  const out = new Map<string, string>();
  for (const node of batch.values()) {
    for (const key of KEYS) {
      const v = node.props?.[key];
      for (const value of Array.isArray(v) ? v : [v]) if (typeof value === 'string') out.set(`${key}\u0000${value}`, node.id);
    }
  }
  return out;
}

/** Resolves keyed references against the batch, then the loaded PropIndex (`await index.ready()` first). */
export function resolveReferences(
  index: PropIndex,
  references: readonly KeyedReference[],
  batch: ReadonlyMap<string, string>,
): { edges: EdgeInput[]; missing: KeyedReference[] } {
  const edges: EdgeInput[] = [];
  const missing: KeyedReference[] = [];
  for (const ref of references) {
    const id = batch.get(`${ref.key}\u0000${ref.value}`) ?? index.lookup(ref.key, ref.value);
    if (id) edges.push({ kind: ref.kind, from: ref.from, to: id });
    else missing.push(ref);
  }
  return { edges, missing };
}
