/**
 * Test helper: drains an adapter into plain arrays (records, rejections,
 * skips) and the union of their nodes and edges, for whole-result assertions
 * and golden files.
 */
import type { EdgeInput, NodeInput } from '../../graph/port.js';
import type { AdapterItem, MappedRecord, RejectedRecord, SkippedRecord } from '../types.js';

export interface Collected {
  readonly records: MappedRecord[];
  readonly rejected: RejectedRecord[];
  readonly skipped: SkippedRecord[];
  readonly nodes: NodeInput[];
  readonly edges: EdgeInput[];
}

export async function collect(items: AsyncIterable<AdapterItem>): Promise<Collected> {
  const out: Collected = { records: [], rejected: [], skipped: [], nodes: [], edges: [] };
  const nodes = new Map<string, NodeInput>();
  for await (const item of items) {
    if (item.type === 'record') {
      out.records.push(item);
      for (const n of item.ensureNodes) if (!nodes.has(n.id)) nodes.set(n.id, n);
      for (const n of item.nodes) nodes.set(n.id, n);
      out.edges.push(...item.edges);
    } else if (item.type === 'rejected') out.rejected.push(item);
    else out.skipped.push(item);
  }
  out.nodes.push(...nodes.values());
  return out;
}
