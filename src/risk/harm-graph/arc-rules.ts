import { EDGE_KIND_INFO, type EdgeKind, type Impact } from '../../ontology/index.js';

/** Channel bits on a harm arc (DESIGN.md §5 impact channels). */
export const CARRIES_COMPROMISE = 1;
export const CARRIES_AVAILABILITY = 2;
export const CARRIES_VISIBILITY = 4;
/** The arc is a member arc of a k-of-n RedundancyGroup (cg:combination kOfN). */
export const ARC_K_OF_N = 8;
/** The arc runs against the edge (harm from the edge's target to its source). */
export const ARC_REVERSE = 16;

/** Which target buffer delays availability loss arriving on an arc. */
export const BUFFER_NONE = 0;
export const BUFFER_BACKUP = 1;
export const BUFFER_STORAGE = 2;

const IMPACT_BITS: Readonly<Record<Impact, number>> = {
  compromise: CARRIES_COMPROMISE,
  availability: CARRIES_AVAILABILITY,
  visibility: CARRIES_VISIBILITY,
};

/** How one edge kind turns into harm arcs, read from its ontology annotations. */
export interface ArcRule {
  /** Channel bits of the arc against the edge (target → source), 0 when none. */
  readonly reverseBits: number;
  /** Channel bits of the arc along the edge (source → target), 0 when none. */
  readonly forwardBits: number;
  readonly kOfN: boolean;
  readonly transmission: number;
  readonly delayHours: number;
  /** Buffer of the harmed node that delays availability arriving on this kind. */
  readonly buffer: number;
}

const BUFFER_OF_KIND: Partial<Record<EdgeKind, number>> = {
  poweredBy: BUFFER_BACKUP,
  suppliedBy: BUFFER_STORAGE,
};

/**
 * Arc rules per edge kind. `direction` (cg:propagationDirection) says which
 * way harm flows; `impacts` (cg:carriesImpact) which channels. For a `both`
 * edge (networkedVia) visibility only flows from the network element to the
 * device it carries (a blind camera does not blind its gateway); compromise
 * flows both ways.
 */
export function arcRuleOf(kind: string): ArcRule | undefined {
  const info = (EDGE_KIND_INFO as Readonly<Record<string, (typeof EDGE_KIND_INFO)[EdgeKind]>>)[kind];
  if (info === undefined || info.direction === 'none' || info.impacts.length === 0) return undefined;
  const bits = info.impacts.reduce((sum, impact) => sum | IMPACT_BITS[impact], 0);
  const reverse = info.direction === 'reverse' || info.direction === 'both';
  const forward = info.direction === 'forward' || info.direction === 'both';
  return {
    reverseBits: reverse ? bits : 0,
    forwardBits: forward ? (info.direction === 'both' ? bits & ~CARRIES_VISIBILITY : bits) : 0,
    kOfN: info.combination === 'kOfN',
    transmission: info.transmission,
    delayHours: info.delayHours,
    buffer: BUFFER_OF_KIND[kind as EdgeKind] ?? BUFFER_NONE,
  };
}
