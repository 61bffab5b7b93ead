import type { Projection } from '../../graph/projection/index.js';
import { EDGE_ALIVE } from '../../graph/projection/index.js';
import {
  ARC_K_OF_N,
  ARC_REVERSE,
  BUFFER_BACKUP,
  BUFFER_NONE,
  BUFFER_STORAGE,
  CARRIES_AVAILABILITY,
  CARRIES_COMPROMISE,
  CARRIES_VISIBILITY,
  arcRuleOf,
  type ArcRule,
} from './arc-rules.js';
import type { HarmGraph } from './harm-graph.js';
import { computeSusceptibility, DEFAULT_SUSCEPTIBILITY_WEIGHT } from './susceptibility.js';
import { topologicalOrder } from './topological-order.js';
import { findTwinArcs } from './twin-arcs.js';

export interface BuildHarmGraphOptions {
  /** β in s(v) = 1 − (1 − β·dc(v)) · Π (1 − β·e(x)); default 0.5 (README "Transmission"). */
  readonly susceptibilityWeight?: number;
}

interface Context {
  readonly projection: Projection;
  readonly rules: readonly (ArcRule | undefined)[];
  readonly susceptibility: Float64Array;
  readonly energyDomain: number;
  readonly groupKind: number;
}

function rulesByCode(projection: Projection): (ArcRule | undefined)[] {
  return projection.edgeKinds.map((kind) => arcRuleOf(kind));
}

/** Buffer hours of `to` applying to availability arriving from `from` over an arc of `rule`. */
function bufferHours(ctx: Context, rule: ArcRule, from: number, to: number): number {
  const { columns } = ctx.projection;
  let buffer = rule.buffer;
  // Power reaching a facility through a redundancy group or any Energy asset is held by its generator.
  if (buffer === BUFFER_NONE && (columns.domain[from] === ctx.energyDomain || ctx.projection.nodeKindOf(from) === ctx.groupKind)) {
    buffer = BUFFER_BACKUP;
  }
  const hours = buffer === BUFFER_BACKUP ? columns.backupHours[to] : buffer === BUFFER_STORAGE ? columns.storageHours[to] : 0;
  return hours !== undefined && hours > 0 ? hours : 0;
}

interface ArcArrays {
  arcFrom: Uint32Array;
  arcTo: Uint32Array;
  arcEdge: Uint32Array;
  arcKind: Uint8Array;
  arcFlags: Uint8Array;
  tC: Float64Array;
  tA: Float64Array;
  tV: Float64Array;
  arcDelay: Float64Array;
  arcBuffer: Float64Array;
}

function allocateArcs(m: number): ArcArrays {
  return {
    arcFrom: new Uint32Array(m),
    arcTo: new Uint32Array(m),
    arcEdge: new Uint32Array(m),
    arcKind: new Uint8Array(m),
    arcFlags: new Uint8Array(m),
    tC: new Float64Array(m),
    tA: new Float64Array(m),
    tV: new Float64Array(m),
    arcDelay: new Float64Array(m),
    arcBuffer: new Float64Array(m),
  };
}

/** Writes arc `a` from `from` to `to` for edge `e`; compromise transmission refined by s(to). */
function writeArc(ctx: Context, arcs: ArcArrays, a: number, e: number, from: number, to: number, bits: number, rule: ArcRule): void {
  const raw = ctx.projection.edgeTransmission(e);
  const t = Number.isNaN(raw) ? rule.transmission : raw;
  const delay = ctx.projection.edgeDelay(e);
  const s = ctx.susceptibility[to] as number;
  arcs.arcFrom[a] = from;
  arcs.arcTo[a] = to;
  arcs.arcEdge[a] = e;
  arcs.arcKind[a] = ctx.projection.edgeKindOf(e);
  arcs.arcFlags[a] = bits | (rule.kOfN ? ARC_K_OF_N : 0);
  arcs.tC[a] = bits & CARRIES_COMPROMISE ? 1 - (1 - t) * (1 - s) : 0;
  arcs.tA[a] = bits & CARRIES_AVAILABILITY ? t : 0;
  arcs.tV[a] = bits & CARRIES_VISIBILITY ? t : 0;
  arcs.arcDelay[a] = Number.isNaN(delay) ? rule.delayHours : delay;
  arcs.arcBuffer[a] = bits & CARRIES_AVAILABILITY ? bufferHours(ctx, rule, from, to) : 0;
}

/** Visits every live propagation edge as (edge, source, target, rule). */
function forEachRuleEdge(ctx: Context, visit: (e: number, a: number, b: number, rule: ArcRule) => void): void {
  const raw = ctx.projection.raw();
  const count = ctx.projection.edgeSlotCount;
  for (let e = 0; e < count; e++) {
    if (((raw.edgeFlags[e] as number) & EDGE_ALIVE) === 0) continue;
    const rule = ctx.rules[raw.edgeKind[e] as number];
    if (rule !== undefined) visit(e, raw.edgeFrom[e] as number, raw.edgeTo[e] as number, rule);
  }
}

function childRows(n: number, arcFrom: Uint32Array, m: number): { outOffsets: Uint32Array; outArcs: Uint32Array } {
  const outOffsets = new Uint32Array(n + 1);
  for (let a = 0; a < m; a++) outOffsets[(arcFrom[a] as number) + 1]!++;
  for (let v = 0; v < n; v++) outOffsets[v + 1]! += outOffsets[v] as number;
  const cursor = outOffsets.slice(0, n);
  const outArcs = new Uint32Array(m);
  for (let a = 0; a < m; a++) outArcs[cursor[arcFrom[a] as number]!++] = a;
  return { outOffsets, outArcs };
}

function groupSizes(projection: Projection, inOffsets: Uint32Array, arcFlags: Uint8Array): { groupRequired: Int32Array; maxGroupSize: number } {
  const n = projection.nodeCount;
  const groupRequired = new Int32Array(n);
  let maxGroupSize = 0;
  for (let v = 0; v < n; v++) {
    let members = 0;
    for (let a = inOffsets[v] as number; a < (inOffsets[v + 1] as number); a++) if ((arcFlags[a] as number) & ARC_K_OF_N) members++;
    if (members === 0) continue;
    const k = projection.columns.requiredCount[v] as number;
    groupRequired[v] = Number.isFinite(k) && k >= 1 ? Math.round(k) : 1;
    maxGroupSize = Math.max(maxGroupSize, members);
  }
  return { groupRequired, maxGroupSize };
}

function packArcs(arcs: ArcArrays, twin: Int32Array): Float64Array {
  const m = twin.length;
  const packed = new Float64Array(4 * m);
  for (let a = 0; a < m; a++) {
    const t = twin[a] as number;
    packed[4 * a] = arcs.tC[a] as number;
    packed[4 * a + 1] = arcs.tA[a] as number;
    packed[4 * a + 2] = arcs.tV[a] as number;
    packed[4 * a + 3] = t !== -1 && ((arcs.arcFlags[t] as number) & ARC_K_OF_N) === 0 ? t : -1;
  }
  return packed;
}

/**
 * Builds the harm graph from the projection: O(n + m), two passes over the
 * live edges (count per target, then fill) and one counting sort for the
 * child rows. Rebuild after topology or property changes (the risk engine
 * does so when the projection version moves).
 */
export function buildHarmGraph(projection: Projection, options: BuildHarmGraphOptions = {}): HarmGraph {
  const n = projection.nodeCount;
  const ctx: Context = {
    projection,
    rules: rulesByCode(projection),
    susceptibility: computeSusceptibility(projection, options.susceptibilityWeight ?? DEFAULT_SUSCEPTIBILITY_WEIGHT),
    energyDomain: projection.domains.indexOf('Energy'),
    groupKind: projection.nodeKindCode('RedundancyGroup'),
  };
  const inOffsets = new Uint32Array(n + 1);
  forEachRuleEdge(ctx, (_e, a, b, rule) => {
    if (rule.reverseBits !== 0) inOffsets[a + 1]!++;
    if (rule.forwardBits !== 0) inOffsets[b + 1]!++;
  });
  for (let v = 0; v < n; v++) inOffsets[v + 1]! += inOffsets[v] as number;
  const m = inOffsets[n] as number;
  const arcs = allocateArcs(m);
  const cursor = inOffsets.slice(0, n);
  forEachRuleEdge(ctx, (e, a, b, rule) => {
    if (rule.reverseBits !== 0) {
      const slot = cursor[a]!++;
      writeArc(ctx, arcs, slot, e, b, a, rule.reverseBits, rule);
      arcs.arcFlags[slot]! |= ARC_REVERSE;
    }
    if (rule.forwardBits !== 0) writeArc(ctx, arcs, cursor[b]!++, e, a, b, rule.forwardBits, rule);
  });
  const { outOffsets, outArcs } = childRows(n, arcs.arcFrom, m);
  const alive = new Uint8Array(n);
  for (let v = 0; v < n; v++) alive[v] = projection.isAlive(v) ? 1 : 0;
  const { order, rank } = topologicalOrder(n, outOffsets, outArcs, arcs.arcTo);
  const { groupRequired, maxGroupSize } = groupSizes(projection, inOffsets, arcs.arcFlags);
  const arcTwin = findTwinArcs(n, inOffsets, arcs.arcFrom, arcs.arcTo);
  // One literal with every field (no spreads) so the object keeps a fast, stable shape for hot loops.
  return {
    nodeCount: n,
    arcCount: m,
    inOffsets,
    arcFrom: arcs.arcFrom,
    arcTo: arcs.arcTo,
    arcEdge: arcs.arcEdge,
    arcKind: arcs.arcKind,
    arcFlags: arcs.arcFlags,
    tC: arcs.tC,
    tA: arcs.tA,
    tV: arcs.tV,
    arcDelay: arcs.arcDelay,
    arcBuffer: arcs.arcBuffer,
    arcTwin,
    arcPacked: packArcs(arcs, arcTwin),
    outOffsets,
    outArcs,
    groupRequired,
    maxGroupSize,
    susceptibility: ctx.susceptibility,
    order,
    rank,
    alive,
    version: projection.version,
    generation: projection.generation,
  };
}
