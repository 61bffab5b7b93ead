import { createRandom } from '../../core/index.js';
import { buildProjection, createProjectionBuilder } from './build-projection.js';
import type { Projection } from './projection.js';
import type { ProjectionMemory } from './projection-memory.js';
import { syntheticChanges, syntheticEdge, syntheticGraph, syntheticNode, syntheticSource, type SyntheticGraph } from './synthetic-graph.js';

export interface MeasureProjectionOptions {
  readonly nodes?: number;
  readonly edges?: number;
  readonly seed?: number;
  /** Random changes applied incrementally after the build (default 20,000). */
  readonly changes?: number;
  /** Changes per ChangeSet (default 100). */
  readonly changesPerSet?: number;
  /** Also build through the streaming ProjectionSource path (default true). */
  readonly viaSource?: boolean;
}

/**
 * Wall-clock and process CPU time (user + system, all threads including GC),
 * in the unit the field name gives (Ms, NsPerEdge, UsPerChange).
 */
export interface Timing {
  readonly wall: number;
  readonly cpu: number;
}

/** Figures for bench/: memory in bytes. */
export interface ProjectionMeasurement {
  readonly nodes: number;
  readonly edges: number;
  readonly buildFromArraysMs: Timing;
  /** From arrays: interning nodes (id Map, kinds, columns), appending edges by index (addEdgeBetween), CSR compaction. */
  readonly buildPhasesMs: { readonly nodes: Timing; readonly edges: Timing; readonly compact: Timing };
  /** addNode + addEdge with string ids (two Map lookups per edge) + finish. */
  readonly buildFromRecordsMs: Timing;
  /** Through ProjectionSource with records generated per batch (includes making the records). */
  readonly buildFromSourceMs: Timing | null;
  readonly memory: ProjectionMemory;
  /** Heap growth for interning the ids alone (Map + array + strings); null without --expose-gc. */
  readonly idMapHeapBytes: number | null;
  /** Full out-scan over every node and edge kind via forEachOutMasked, per edge visited. */
  readonly scanNsPerEdge: Timing;
  readonly changesApplied: number;
  /** applyChanges cost per change (random mix, see syntheticChanges), in microseconds. */
  readonly applyUsPerChange: Timing;
  readonly compactionsDuringChanges: number;
  /** One explicit compaction after the changes. */
  readonly compactMs: Timing;
  readonly rssBytes: number;
}

function stopwatch(): () => Timing {
  const wall = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(cpu);
    return { wall: Number(process.hrtime.bigint() - wall) / 1e6, cpu: (used.user + used.system) / 1000 };
  };
}

function scaled(timing: Timing, factor: number): Timing {
  return { wall: timing.wall * factor, cpu: timing.cpu * factor };
}

function collect(): boolean {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return false;
  gc();
  return true;
}

function buildFromArrays(graph: SyntheticGraph): { projection: Projection; phases: ProjectionMeasurement['buildPhasesMs'] } {
  const builder = createProjectionBuilder({ expectedNodes: graph.ids.length, expectedEdges: graph.edgeFrom.length });
  let stop = stopwatch();
  const index = new Uint32Array(graph.ids.length);
  for (let i = 0; i < graph.ids.length; i++) index[i] = builder.addNode(syntheticNode(graph, i));
  const nodes = stop();
  stop = stopwatch();
  const { edgeFrom, edgeTo, edgeKind, edgeKinds } = graph;
  for (let j = 0; j < edgeFrom.length; j++) {
    builder.addEdgeBetween(index[edgeFrom[j] as number] as number, index[edgeTo[j] as number] as number, edgeKinds[edgeKind[j] as number] as string);
  }
  const edges = stop();
  stop = stopwatch();
  const projection = builder.finish({ version: 1 });
  return { projection, phases: { nodes, edges, compact: stop() } };
}

function idMapHeapBytes(graph: SyntheticGraph): number | null {
  if (!collect()) return null;
  const before = process.memoryUsage().heapUsed;
  const ids: string[] = [];
  const index = new Map<string, number>();
  for (let i = 0; i < graph.ids.length; i++) {
    const id = `${graph.ids[i] as string} `.slice(0, -1);
    ids.push(id);
    index.set(id, i);
  }
  collect();
  const bytes = process.memoryUsage().heapUsed - before;
  return index.size === ids.length ? bytes : null;
}

function scanNsPerEdge(projection: Projection): Timing {
  const mask = projection.edgeKindMask(projection.edgeKinds);
  let seen = 0;
  const stop = stopwatch();
  for (let v = 0; v < projection.nodeCount; v++) projection.forEachOutMasked(v, mask, () => void seen++);
  return scaled(stop(), 1e6 / Math.max(1, seen));
}

/** Through the builder with string-keyed records held in memory (two id lookups per edge). */
function buildFromRecords(graph: SyntheticGraph): Timing {
  const builder = createProjectionBuilder({ expectedNodes: graph.ids.length, expectedEdges: graph.edgeFrom.length });
  const stop = stopwatch();
  for (let i = 0; i < graph.ids.length; i++) builder.addNode(syntheticNode(graph, i));
  for (let j = 0; j < graph.edgeFrom.length; j++) builder.addEdge(syntheticEdge(graph, j));
  builder.finish({ version: 1 });
  return stop();
}

async function buildFromSource(graph: SyntheticGraph): Promise<Timing> {
  const stop = stopwatch();
  await buildProjection(syntheticSource(graph));
  return stop();
}

/**
 * Builds a synthetic city-shaped graph (default 1M nodes, 5M edges), from
 * arrays and through the streaming source path, then applies random changes
 * and a compaction, and reports time and memory. Run under `node --expose-gc`
 * for the heap figures. Benchmarks call this; tests never time it.
 */
export async function measureProjection(options: MeasureProjectionOptions = {}): Promise<ProjectionMeasurement> {
  const seed = options.seed ?? 1;
  const graph = syntheticGraph(options.nodes ?? 1_000_000, options.edges ?? 5_000_000, seed);
  const idBytes = idMapHeapBytes(graph);
  const sourceTiming = options.viaSource === false ? null : await buildFromSource(graph);
  collect();
  const recordsTiming = buildFromRecords(graph);
  collect();
  let stop = stopwatch();
  const { projection, phases } = buildFromArrays(graph);
  const buildTiming = stop();
  const memory = projection.memory();
  const scan = scanNsPerEdge(projection);
  const sets = syntheticChanges(graph, options.changes ?? 20_000, options.changesPerSet ?? 100, createRandom(seed).fork('changes'), 1);
  let applied = 0;
  let compactions = 0;
  stop = stopwatch();
  for (const set of sets) {
    const result = projection.applyChanges(set);
    applied += result.applied;
    if (result.compacted) compactions++;
  }
  const applyTiming = scaled(stop(), 1000 / Math.max(1, applied));
  stop = stopwatch();
  projection.compact();
  const compactTiming = stop();
  return {
    nodes: graph.ids.length,
    edges: graph.edgeFrom.length,
    buildFromArraysMs: buildTiming,
    buildPhasesMs: phases,
    buildFromRecordsMs: recordsTiming,
    buildFromSourceMs: sourceTiming,
    memory,
    idMapHeapBytes: idBytes,
    scanNsPerEdge: scan,
    changesApplied: applied,
    applyUsPerChange: applyTiming,
    compactionsDuringChanges: compactions,
    compactMs: compactTiming,
    rssBytes: process.memoryUsage().rss,
  };
}
