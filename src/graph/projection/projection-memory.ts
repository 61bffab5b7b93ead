import type { ProjectionState } from './projection-state.js';

/**
 * Bytes held by a projection. Typed arrays are exact (allocated capacity,
 * slack included); the id maps are JavaScript objects whose size V8 does not
 * expose, so they are an estimate (see README: "Memory"), and the benchmark
 * measures them by heap difference.
 */
export interface ProjectionMemory {
  readonly liveNodes: number;
  readonly nodeSlots: number;
  readonly liveEdges: number;
  readonly edgeSlots: number;
  /** Both CSR directions (offsets, neighbours, edge indexes, kinds) plus edge endpoints. */
  readonly topologyBytes: number;
  /** topologyBytes / live edges. */
  readonly topologyBytesPerEdge: number;
  /** Overlay chains for edges added since the last compaction. */
  readonly overlayBytes: number;
  /** Per-edge flags and transmission/delay overrides. */
  readonly edgeAttributeBytes: number;
  /** Node kind codes, liveness and attribute columns. */
  readonly nodeColumnBytes: number;
  /** Estimated: id strings, the index→id array and the id→index Map, plus custom edge ids. */
  readonly idMapBytesEstimate: number;
}

/** V8 sequential one-byte string: 16-byte header (64-bit, no pointer compression) plus chars, 8-aligned. */
function stringBytes(value: string): number {
  return 16 + Math.ceil(value.length / 8) * 8;
}

/** Rough V8 OrderedHashMap cost per entry (3 words + bucket share, load factor 2). */
const MAP_ENTRY_BYTES = 40;
const ARRAY_SLOT_BYTES = 8;
const ID_SAMPLE = 1000;

function averageIdBytes(ids: readonly string[]): number {
  if (ids.length === 0) return 0;
  const step = Math.max(1, Math.floor(ids.length / ID_SAMPLE));
  let total = 0;
  let count = 0;
  for (let i = 0; i < ids.length; i += step, count++) total += stringBytes(ids[i] as string);
  return total / count;
}

export function measureMemory(s: ProjectionState): ProjectionMemory {
  const e = s.edges;
  const topologyBytes =
    s.out.offsets.byteLength +
    s.out.edges.byteLength +
    e.to.byteLength +
    e.kind.byteLength +
    e.from.byteLength +
    s.in.offsets.byteLength +
    s.in.targets.byteLength +
    s.in.edges.byteLength +
    s.in.kinds.byteLength;
  const o = s.overlay;
  const overlayBytes = o.outHead.byteLength + o.inHead.byteLength + o.outNext.byteLength + o.inNext.byteLength;
  let customBytes = 0;
  for (const id of e.customIds.keys()) customBytes += stringBytes(id) + 2 * MAP_ENTRY_BYTES;
  const idMapBytesEstimate = Math.round(
    s.ids.length * (averageIdBytes(s.ids) + MAP_ENTRY_BYTES + ARRAY_SLOT_BYTES) + customBytes,
  );
  return {
    liveNodes: s.liveNodes,
    nodeSlots: s.ids.length,
    liveEdges: e.live,
    edgeSlots: e.count,
    topologyBytes,
    topologyBytesPerEdge: e.live === 0 ? 0 : topologyBytes / e.live,
    overlayBytes,
    edgeAttributeBytes: e.attributeBytes(),
    nodeColumnBytes: s.nodeKind.byteLength + s.nodeAlive.byteLength + s.columns.bytes(),
    idMapBytesEstimate,
  };
}
