/**
 * Graph-aware operators (DESIGN.md §7) over the projection. Each takes the
 * fact value (a node id) and the condition value, as json-rules-engine
 * operators do, so one implementation serves the stock engine and the
 * compiled path.
 *
 * Direction: harm flows along an edge as its ontology annotation says
 * (`cg:propagationDirection`): `A poweredBy B` is `reverse`, so harm goes
 * B → A. "downstream" from v follows the direction harm travels.
 */
import { EDGE_KIND_INFO, EDGE_SETS, isEdgeKind, type EdgeSetName } from '../ontology/index.js';
import type { Projection } from '../graph/projection/index.js';
import type { PolicyContext, RiskChannel } from './policy-context.js';

export interface PathSpec {
  /** A node kind (or label such as `Service`) or a node id. */
  readonly to: string;
  readonly hops: number;
  readonly edgeSet?: EdgeSetName;
  readonly direction?: 'downstream' | 'upstream';
}

interface DirectionMasks {
  readonly out: Uint8Array;
  readonly in: Uint8Array;
}

const maskCache = new WeakMap<Projection, Map<string, DirectionMasks>>();

/** Out/in edge-kind masks for following harm downstream (or upstream) over an edge set. */
function masks(projection: Projection, set: EdgeSetName, direction: 'downstream' | 'upstream'): DirectionMasks {
  let byKey = maskCache.get(projection);
  if (byKey === undefined) maskCache.set(projection, (byKey = new Map()));
  const key = `${set}|${direction}|${projection.version}`;
  const known = byKey.get(key);
  if (known !== undefined) return known;
  const forward: string[] = [];
  const reverse: string[] = [];
  for (const kind of EDGE_SETS[set] ?? []) {
    if (!isEdgeKind(kind)) continue;
    const d = EDGE_KIND_INFO[kind].direction;
    if (d === 'forward' || d === 'both' || d === 'none') forward.push(kind);
    if (d === 'reverse' || d === 'both' || d === 'none') reverse.push(kind);
  }
  const down = { out: projection.edgeKindMask(forward), in: projection.edgeKindMask(reverse) };
  const result = direction === 'downstream' ? down : { out: down.in, in: down.out };
  byKey.set(key, result);
  return result;
}

/**
 * Breadth-first search from `start` up to `hops` hops; `hit` decides the goal.
 * Returns the goal's node index or -1.
 */
/** Per-projection visit stamps so a search allocates no set (reset by bumping the epoch). */
const stamps = new WeakMap<Projection, { marks: Uint32Array; epoch: number }>();

function visitMarks(projection: Projection): { marks: Uint32Array; epoch: number } {
  let state = stamps.get(projection);
  if (state === undefined || state.marks.length < projection.nodeCount) {
    state = { marks: new Uint32Array(projection.nodeCount), epoch: 0 };
    stamps.set(projection, state);
  }
  state.epoch++;
  if (state.epoch === 0xffffffff) {
    state.marks.fill(0);
    state.epoch = 1;
  }
  return state;
}

export function searchWithin(
  projection: Projection,
  start: number,
  hops: number,
  set: EdgeSetName,
  direction: 'downstream' | 'upstream',
  hit: (v: number) => boolean,
): number {
  const m = masks(projection, set, direction);
  const { marks, epoch } = visitMarks(projection);
  marks[start] = epoch;
  let frontier = [start];
  let next: number[] = [];
  let found = -1;
  const visit = (u: number): boolean => {
    if (marks[u] === epoch) return false;
    marks[u] = epoch;
    if (hit(u)) {
      found = u;
      return true;
    }
    next.push(u);
    return false;
  };
  for (let depth = 0; depth < hops && frontier.length > 0; depth++) {
    for (const v of frontier) {
      if (projection.forEachOutMasked(v, m.out, visit) || projection.forEachInMasked(v, m.in, visit)) return found;
    }
    frontier = next;
    next = [];
  }
  return -1;
}

const asList = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : [value]);

function nodeOf(projection: Projection, id: unknown): number {
  return typeof id === 'string' ? projection.nodeIndex(id) : -1;
}

function isPathSpec(value: unknown): value is PathSpec {
  if (value === null || typeof value !== 'object') return false;
  const spec = value as Record<string, unknown>;
  return typeof spec['to'] === 'string' && typeof spec['hops'] === 'number';
}

/** Search verdicts of one projection version, per condition value object and start node. */
interface SearchVerdicts {
  version: number;
  bySpec: WeakMap<object, Map<number, boolean>>;
}

const searchVerdicts = new WeakMap<Projection, SearchVerdicts>();

/**
 * The verdict of a graph search from `v` for the condition value `spec`,
 * remembered per projection version: a search is a pure function of the graph,
 * the start and the (rule-owned, never edited) value object, and the policy
 * engine, the explanation of the fired rules and the next event of the same
 * device ask the same question again.
 */
function rememberedSearch(projection: Projection, spec: object, v: number, search: () => boolean): boolean {
  let memo = searchVerdicts.get(projection);
  if (memo === undefined || memo.version !== projection.version) {
    memo = { version: projection.version, bySpec: new WeakMap() };
    searchVerdicts.set(projection, memo);
  }
  let verdicts = memo.bySpec.get(spec);
  if (verdicts === undefined) memo.bySpec.set(spec, (verdicts = new Map()));
  let verdict = verdicts.get(v);
  if (verdict === undefined) verdicts.set(v, (verdict = search()));
  return verdict;
}

/** pathExists: a node of kind `to` (or the node with id `to`) lies within `hops` hops. */
export function pathExists(context: PolicyContext, id: unknown, spec: unknown): boolean {
  const { projection } = context;
  const v = nodeOf(projection, id);
  if (v === -1 || !isPathSpec(spec)) return false;
  return rememberedSearch(projection, spec, v, () => {
    const target = projection.nodeIndex(spec.to);
    // isA without a label lookup per visited node: the label's kind mask, read once.
    const kinds = target !== -1 ? undefined : projection.labelMask(spec.to);
    const hit = kinds === undefined ? (u: number) => u === target : (u: number) => kinds[projection.nodeKindOf(u)] === 1;
    return searchWithin(projection, v, spec.hops, spec.edgeSet ?? 'propagation', spec.direction ?? 'downstream', hit) !== -1;
  });
}

/** inZone: the node's zone is one of the given zone ids. */
export function inZone(context: PolicyContext, id: unknown, zones: unknown): boolean {
  const { projection } = context;
  const v = nodeOf(projection, id);
  if (v === -1) return false;
  const z = projection.columns.zone[v] as number;
  return z !== -1 && asList(zones).includes(projection.zones[z]);
}

/** inDomain: the node's domain (cg:Domain) is one of the given domains. */
export function inDomain(context: PolicyContext, id: unknown, domains: unknown): boolean {
  const { projection } = context;
  const v = nodeOf(projection, id);
  if (v === -1) return false;
  const d = projection.columns.domain[v] as number;
  return d !== -1 && asList(domains).includes(projection.domains[d]);
}

/** isKind: the node is of one of the given kinds or labels (ontology superclasses count). */
export function isKind(context: PolicyContext, id: unknown, kinds: unknown): boolean {
  const v = nodeOf(context.projection, id);
  return v !== -1 && asList(kinds).some((kind) => typeof kind === 'string' && context.projection.isA(v, kind));
}

/** riskAtLeast: the propagated risk of the node on a channel is at least `atLeast`. */
export function riskAtLeast(context: PolicyContext, id: unknown, spec: unknown): boolean {
  if (typeof id !== 'string' || context.risk === undefined || spec === null || typeof spec !== 'object') return false;
  const { channel = 'compromise', atLeast } = spec as { channel?: RiskChannel; atLeast?: unknown };
  return typeof atLeast === 'number' && context.risk(id, channel) >= atLeast;
}

/**
 * servesCriticalService: a Service with criticality ≥ `minCriticality`
 * (default 4) lies downstream within `hops` (default 6) propagation hops.
 */
export function servesCriticalService(context: PolicyContext, id: unknown, spec: unknown): boolean {
  const { projection } = context;
  const v = nodeOf(projection, id);
  if (v === -1) return false;
  const options = spec !== null && typeof spec === 'object' ? (spec as { minCriticality?: number; hops?: number }) : {};
  const search = (): boolean => {
    const min = options.minCriticality ?? 4;
    const services = projection.labelMask('Service');
    const criticality = projection.columns.criticality;
    const hit = (u: number): boolean => services[projection.nodeKindOf(u)] === 1 && (criticality[u] as number) >= min;
    return searchWithin(projection, v, options.hops ?? 6, 'propagation', 'downstream', hit) !== -1;
  };
  return options === spec ? rememberedSearch(projection, options, v, search) : search();
}

/** hasTechnique: the ATT&CK ids (fact value) include one given; `T1498` matches `T1498.001`. */
export function hasTechnique(_context: PolicyContext, techniques: unknown, wanted: unknown): boolean {
  if (!Array.isArray(techniques)) return false;
  const want = asList(wanted).filter((w): w is string => typeof w === 'string');
  return techniques.some((t) => typeof t === 'string' && want.some((w) => t === w || t.startsWith(`${w}.`)));
}
