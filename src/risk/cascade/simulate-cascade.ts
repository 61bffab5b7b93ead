import { EngineError, createRandom, type Random } from '../../core/index.js';
import type { Projection } from '../../graph/projection/index.js';
import type { HarmGraph } from '../harm-graph/harm-graph.js';
import { serviceTable } from '../impact/service-impact.js';
import { resolveNodes } from '../propagation/priors.js';
import { runCascade, type CascadeTimes } from './run-cascade.js';

/** A what-if (DESIGN.md §5 "Cascade simulation"). */
export interface CascadeScenario {
  /** These assets fail at time 0. */
  readonly fail?: readonly string[];
  /** An attacker holds these assets at time 0. */
  readonly attack?: readonly string[];
  /** This share (0, 1] of the assets fails at random at time 0 (seeded). */
  readonly failRandom?: number;
  /** Hours to simulate (default 24). */
  readonly horizonHours?: number;
  /** Seed of the random failures and transmission draws (default 1). */
  readonly seed?: number;
}

export interface TimelinePoint {
  readonly hours: number;
  /** Services lost by then. */
  readonly servicesLost: number;
  /** Share of services still working. */
  readonly functionalIntegrity: number;
  /** Share of people-weighted service still delivered (Σ peopleServed of working services / Σ all). */
  readonly peopleIntegrity: number;
  readonly assetsLost: number;
}

export interface ServiceOutcome {
  readonly id: string;
  readonly lostAtHours: number | null;
}

export interface CascadeResult {
  readonly horizonHours: number;
  readonly seed: number;
  readonly initiallyFailed: number;
  readonly initiallyAttacked: number;
  readonly timeline: readonly TimelinePoint[];
  readonly services: readonly ServiceOutcome[];
  /** Integrity at the horizon. */
  readonly functionalIntegrity: number;
  readonly peopleIntegrity: number;
}

/** Assets random failures draw from: live Assets that are not Services or RedundancyGroups. */
export function failureCandidates(projection: Projection, graph: HarmGraph): Uint32Array {
  const picked: number[] = [];
  for (let v = 0; v < graph.nodeCount; v++) {
    if (graph.alive[v] === 1 && projection.isA(v, 'Asset') && !projection.isA(v, 'Service') && !projection.isA(v, 'RedundancyGroup')) picked.push(v);
  }
  return Uint32Array.from(picked);
}

/** A seeded sample of round(share · |candidates|) distinct candidates (partial Fisher–Yates). */
export function sampleFailures(candidates: Uint32Array, share: number, random: Random): number[] {
  const pool = candidates.slice();
  const count = Math.round(share * pool.length);
  for (let i = 0; i < count; i++) {
    const j = random.int(i, pool.length - 1);
    const swap = pool[i] as number;
    pool[i] = pool[j] as number;
    pool[j] = swap;
  }
  return Array.from(pool.subarray(0, count));
}

function checkScenario(scenario: CascadeScenario): void {
  const empty = (scenario.fail?.length ?? 0) + (scenario.attack?.length ?? 0) === 0 && scenario.failRandom === undefined;
  const share = scenario.failRandom;
  if (empty || (share !== undefined && !(share > 0 && share <= 1)) || !Number.isInteger(scenario.seed ?? 1)) {
    throw new EngineError('CG_RISK_INVALID_SCENARIO', 'a cascade scenario needs fail, attack or failRandom in (0, 1], and an integer seed', {
      details: { fail: scenario.fail ?? [], attack: scenario.attack ?? [], failRandom: share ?? null, seed: scenario.seed ?? null },
    });
  }
  const horizon = scenario.horizonHours ?? 24;
  if (!(horizon > 0 && Number.isFinite(horizon))) {
    throw new EngineError('CG_RISK_INVALID_HORIZON', `the horizon must be a positive number of hours, got ${String(horizon)}`, { details: { horizonHours: horizon } });
  }
}

/**
 * Runs one what-if cascade over time and reports the timeline of service
 * loss and functional integrity (the share of services still working),
 * plain and weighted by people served.
 */
export function simulateCascade(projection: Projection, graph: HarmGraph, scenario: CascadeScenario): CascadeResult {
  checkScenario(scenario);
  const seed = scenario.seed ?? 1;
  const horizonHours = scenario.horizonHours ?? 24;
  const random = createRandom(seed);
  const failed = resolveNodes(projection, scenario.fail ?? []);
  const attacked = resolveNodes(projection, scenario.attack ?? []);
  if (scenario.failRandom !== undefined) failed.push(...sampleFailures(failureCandidates(projection, graph), scenario.failRandom, random.fork('failures')));
  const times = runCascade(graph, { failed, attacked }, horizonHours, random.fork('transmission'));
  const services = serviceTable(projection);
  const outcomes = Array.from(services.nodes, (v) => ({ id: projection.nodeId(v), lostAtHours: Number.isFinite(times.lost[v]) ? (times.lost[v] as number) : null }));
  const timeline = buildTimeline(projection, graph, times, horizonHours);
  const last = timeline[timeline.length - 1] as TimelinePoint;
  return {
    horizonHours,
    seed,
    initiallyFailed: failed.length,
    initiallyAttacked: attacked.length,
    timeline,
    services: outcomes.sort((a, b) => (a.lostAtHours ?? Infinity) - (b.lostAtHours ?? Infinity) || (a.id < b.id ? -1 : 1)),
    functionalIntegrity: last.functionalIntegrity,
    peopleIntegrity: last.peopleIntegrity,
  };
}

/** Integrity after every distinct service-loss time (plus 0 and the horizon). */
export function buildTimeline(projection: Projection, graph: HarmGraph, times: CascadeTimes, horizonHours: number): TimelinePoint[] {
  const services = serviceTable(projection);
  const people = Array.from(services.nodes, (v) => {
    const p = projection.columns.peopleServed[v] as number;
    return Number.isFinite(p) ? p : 0;
  });
  const totalPeople = people.reduce((a, b) => a + b, 0);
  const assetTimes: number[] = [];
  for (let v = 0; v < graph.nodeCount; v++) if (Number.isFinite(times.lost[v])) assetTimes.push(times.lost[v] as number);
  assetTimes.sort((a, b) => a - b);
  const instants = new Set<number>([0, horizonHours]);
  for (const v of services.nodes) if (Number.isFinite(times.lost[v])) instants.add(times.lost[v] as number);
  return [...instants].sort((a, b) => a - b).map((hours) => {
    let lost = 0;
    let lostPeople = 0;
    services.nodes.forEach((v, i) => {
      if ((times.lost[v] as number) <= hours) {
        lost++;
        lostPeople += people[i] as number;
      }
    });
    const total = services.nodes.length;
    return {
      hours,
      servicesLost: lost,
      functionalIntegrity: total === 0 ? 1 : (total - lost) / total,
      peopleIntegrity: totalPeople === 0 ? 1 : (totalPeople - lostPeople) / totalPeople,
      assetsLost: upperBound(assetTimes, hours),
    };
  });
}

function upperBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
