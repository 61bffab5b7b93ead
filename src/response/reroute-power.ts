/**
 * Re-routing power (DESIGN.md §7 action catalogue, `re-route-power`; the
 * distribution-grid practice of feeder reconfiguration: closing a normally
 * open tie so a feeder's load is carried by a feeder of another substation).
 *
 * The feeders an action moves are found on the graph from its target
 * (`Feeder` itself; the feeders that `dependsOn` a `Breaker`; the feeders
 * `poweredBy` a `Substation`; the feeders behind the breakers an `Rtu`
 * commands). Each moved feeder needs an alternative: a `Feeder` supplied by
 * another substation that is energised under the incident (P(loss of
 * availability) ≤ {@link ENERGISED_MAX_LOSS} in the risk engine's map),
 * preferring one tied to it by a dual-feed `RedundancyGroup` (`hasMember`),
 * then the most reliable (lowest P(loss)), then the least loaded (fewest
 * `poweredBy` dependents, counting loads moved onto it by the same action). No alternative for any feeder → the action's
 * precondition fails.
 */
import type { Projection } from '../graph/projection/index.js';

/** A feeder whose P(loss) under the incident exceeds this is not a usable alternative. */
export const ENERGISED_MAX_LOSS = 0.1;

/** One feeder's dependents moved to an alternative feeder. */
export interface PowerMove {
  readonly feeder: number;
  readonly alternative: number;
}

const FEEDERS_BEHIND: Readonly<Record<string, readonly string[]>> = {
  Feeder: [],
  Breaker: ['dependsOn'],
  Substation: ['poweredBy'],
  Rtu: ['controlledBy', 'dependsOn'],
};

function inNeighbours(projection: Projection, v: number, kind: string): number[] {
  const code = projection.edgeKindCode(kind);
  const out: number[] = [];
  if (code === -1) return out;
  projection.forEachIn(v, code, (u) => {
    out.push(u);
  });
  return out;
}

/** The feeders an action on `target` moves (see the module comment), in node order. */
export function feedersOf(projection: Projection, target: number): number[] {
  const kind = Object.keys(FEEDERS_BEHIND).find((k) => projection.isA(target, k));
  if (kind === undefined) return [];
  let frontier = [target];
  for (const edge of FEEDERS_BEHIND[kind] as readonly string[]) frontier = frontier.flatMap((v) => inNeighbours(projection, v, edge));
  return [...new Set(frontier.filter((v) => projection.isA(v, 'Feeder')))].sort((a, b) => a - b);
}

function substationOf(projection: Projection, feeder: number): number {
  let found = -1;
  const code = projection.edgeKindCode('poweredBy');
  if (code !== -1) projection.forEachOut(feeder, code, (u) => (projection.isA(u, 'Substation') ? ((found = u), true) : false));
  return found;
}

/** Feeders tied to `feeder` by a RedundancyGroup they are both members of. */
function tiedFeeders(projection: Projection, feeder: number): Set<number> {
  const member = projection.edgeKindCode('hasMember');
  const tied = new Set<number>();
  if (member === -1) return tied;
  for (const group of inNeighbours(projection, feeder, 'hasMember')) {
    if (!projection.isA(group, 'RedundancyGroup')) continue;
    projection.forEachOut(group, member, (u) => {
      if (u !== feeder && projection.isA(u, 'Feeder')) tied.add(u);
    });
  }
  return tied;
}

/**
 * Plans the moves of an action on `target`: one alternative per moved
 * feeder, or [] when the target moves no feeder or some feeder has no
 * energised alternative under `availability` (P(loss) per node).
 */
export function planReroute(projection: Projection, availability: ArrayLike<number>, target: number): PowerMove[] {
  const moved = feedersOf(projection, target);
  if (moved.length === 0) return [];
  const movedSet = new Set(moved);
  const movedSubstations = new Set(moved.map((f) => substationOf(projection, f)));
  const load = new Map<number, number>();
  const candidates: number[] = [];
  for (let v = 0; v < projection.nodeCount; v++) {
    if (!projection.isAlive(v) || !projection.isA(v, 'Feeder') || movedSet.has(v)) continue;
    if (movedSubstations.has(substationOf(projection, v)) || (availability[v] ?? 1) > ENERGISED_MAX_LOSS) continue;
    candidates.push(v);
    load.set(v, inNeighbours(projection, v, 'poweredBy').length);
  }
  const moves: PowerMove[] = [];
  for (const feeder of moved) {
    const tied = tiedFeeders(projection, feeder);
    const pool = candidates.some((c) => tied.has(c)) ? candidates.filter((c) => tied.has(c)) : candidates;
    const better = (a: number, b: number): boolean => (availability[b] as number) < (availability[a] as number) - 1e-12 || (Math.abs((availability[b] as number) - (availability[a] as number)) <= 1e-12 && (load.get(b) as number) < (load.get(a) as number));
    const best = pool.reduce((a, b) => (better(a, b) ? b : a), pool[0] ?? -1);
    if (best === -1) return [];
    load.set(best, (load.get(best) as number) + inNeighbours(projection, feeder, 'poweredBy').length);
    moves.push({ feeder, alternative: best });
  }
  return moves;
}
