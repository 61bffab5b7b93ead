import type { Projection } from '../graph/projection/index.js';

/** A risk channel of the risk model (DESIGN.md §5). */
export type RiskChannel = 'compromise' | 'availability' | 'visibility';

/**
 * What graph-aware operators read: the projection and, when the risk engine
 * has run, a risk lookup. Operators close over one context so the stock
 * json-rules-engine and the compiled path see the same graph.
 */
export interface PolicyContext {
  readonly projection: Projection;
  /** P(channel) of a node id; -1 or absent when unknown. */
  risk?: (id: string, channel: RiskChannel) => number;
}
