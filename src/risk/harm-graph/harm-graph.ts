/**
 * The harm graph: the projection's propagation edges turned into directed
 * arcs u → v ("harm at u can reach v"), with per-channel transmissions and
 * delays, in compressed rows by target (parents) and by source (children).
 * A derived structure of src/risk: the projection stores topology and
 * overrides, this file applies the ontology's propagation semantics once so
 * the hot loops read plain typed arrays.
 */
export interface HarmGraph {
  /** Node slots (the projection's `nodeCount`). */
  readonly nodeCount: number;
  readonly arcCount: number;
  /** Parents of v: arcs `inOffsets[v] .. inOffsets[v+1]` (arcs are numbered in target order). */
  readonly inOffsets: Uint32Array;
  readonly arcFrom: Uint32Array;
  readonly arcTo: Uint32Array;
  /** The projection edge index the arc comes from. */
  readonly arcEdge: Uint32Array;
  readonly arcKind: Uint8Array;
  /** CARRIES_* channel bits, ARC_K_OF_N, ARC_REVERSE. */
  readonly arcFlags: Uint8Array;
  /** Compromise transmission, refined by the target's susceptibility; 0 when not carried. */
  readonly tC: Float64Array;
  /** Availability transmission; 0 when not carried. */
  readonly tA: Float64Array;
  /** Visibility transmission; 0 when not carried. */
  readonly tV: Float64Array;
  /** Edge delay in hours (override or kind default). */
  readonly arcDelay: Float64Array;
  /** Hours the target's buffer (backupHours / storageHours) holds availability loss on this arc. */
  readonly arcBuffer: Float64Array;
  /** The arc v → u for an arc u → v, -1 when none (non-backtracking messages). */
  readonly arcTwin: Int32Array;
  /**
   * Per arc, packed for the message update (one cache line per arc):
   * [4a] tC, [4a+1] tA, [4a+2] tV, [4a+3] twin arc (-1 when none or when the
   * twin is a k-of-n member arc, whose message cannot be divided out).
   */
  readonly arcPacked: Float64Array;
  /** Children of u: `outArcs[outOffsets[u] .. outOffsets[u+1]]` are arc numbers. */
  readonly outOffsets: Uint32Array;
  readonly outArcs: Uint32Array;
  /** k of a RedundancyGroup (requiredCount, default 1); 0 for other nodes. */
  readonly groupRequired: Int32Array;
  /** Largest number of k-of-n member arcs into one node (scratch size). */
  readonly maxGroupSize: number;
  /** Exposure s(v) in [0,1] from default credentials and vulnerabilities (README "Transmission"). */
  readonly susceptibility: Float64Array;
  /** Nodes in reverse DFS postorder (a topological order where the graph is acyclic). */
  readonly order: Uint32Array;
  /** Position of each node in `order`. */
  readonly rank: Uint32Array;
  /** 1 for live projection nodes. */
  readonly alive: Uint8Array;
  /** Projection version and generation this graph was built from. */
  readonly version: number;
  readonly generation: number;
}

/** Channel indexes: nested levels compromise ⊆ availability loss ⊆ visibility loss. */
export const CHANNELS = ['compromise', 'availability', 'visibility'] as const;
export type Channel = (typeof CHANNELS)[number];
export const LEVEL_OF_CHANNEL: Readonly<Record<Channel, number>> = { compromise: 0, availability: 1, visibility: 2 };
