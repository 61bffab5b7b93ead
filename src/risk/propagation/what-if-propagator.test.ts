import { describe, expect, it } from 'vitest';
import { createRandom, type Random } from '../../core/index.js';
import type { Projection } from '../../graph/projection/index.js';
import { buildHarmGraph } from '../harm-graph/build-harm-graph.js';
import type { HarmGraph } from '../harm-graph/harm-graph.js';
import { CITY_NAMES, readCityFixture } from '../exact/city-fixture.js';
import { simulatedCity } from '../test-city.js';
import type { Evidence } from './priors.js';
import { propagateRisk, riskMapOf, type RiskMap } from './propagate-risk.js';
import { propagateWhatIf, referenceRisk, whatIfReference, WhatIfPropagator, type ArcTransmission } from './what-if-propagator.js';

/** The edited copy impact-model.ts used to build: new tC/tA/tV arrays, everything else shared. */
function editedCopy(graph: HarmGraph, arcs: readonly ArcTransmission[]): HarmGraph {
  const tC = graph.tC.slice();
  const tA = graph.tA.slice();
  const tV = graph.tV.slice();
  for (const e of arcs) {
    tC[e.arc] = e.tC;
    tA[e.arc] = e.tA;
    tV[e.arc] = e.tV;
  }
  return { ...graph, tC, tA, tV };
}

/** Random edits like the response actions': cut (tC × residual), decoupled (tC = 0, tA and tV × residual), re-routed (tA = tV = 0). */
function randomEdits(graph: HarmGraph, random: Random, count: number): ArcTransmission[] {
  const edits: ArcTransmission[] = [];
  for (let i = 0; i < count; i++) {
    const arc = random.int(0, graph.arcCount - 1);
    const residual = [0, 0.1, 0.5][random.int(0, 2)] as number;
    const tC = graph.tC[arc] as number;
    const tA = graph.tA[arc] as number;
    const tV = graph.tV[arc] as number;
    const kind = random.int(0, 2);
    edits.push(kind === 0 ? { arc, tC: tC * residual, tA, tV } : kind === 1 ? { arc, tC: 0, tA: tA * residual, tV: tV * residual } : { arc, tC, tA: 0, tV: 0 });
  }
  return edits;
}

/** Indexes where two risk maps differ as doubles (Object.is: bit-identical up to NaN payloads, signed zeros apart). */
function differences(a: RiskMap, b: RiskMap): string[] {
  const out: string[] = [];
  for (const channel of ['compromise', 'availability', 'visibility'] as const) {
    for (let v = 0; v < a[channel].length; v++) if (!Object.is(a[channel][v], b[channel][v])) out.push(`${channel}[${v}]`);
  }
  return out;
}

/** Evidence as the response actions change it: a target's harm scaled, an availability cost, a re-routed feeder's loss. */
function randomEvidence(projection: Projection, evidence: readonly Evidence[], random: Random): Evidence[] {
  const node = projection.nodeId(random.int(0, projection.nodeCount - 1));
  const kind = random.int(0, 3);
  if (kind === 0) return [...evidence];
  if (kind === 1) return evidence.map((e, i) => (i === 0 ? { ...e, probability: (e.confirmed === true ? 1 : (e.probability ?? 1)) * 0.2 } : e));
  return [...evidence, { node, channel: kind === 2 ? 'availability' : 'visibility', probability: 0.3 }];
}

function check(projection: Projection, graph: HarmGraph, evidence: readonly Evidence[], seed: number, rounds: number, exposure?: number): number {
  const random = createRandom(seed);
  const propagator = new WhatIfPropagator(graph);
  const counts = [0, 1, 3, 8, 0, 200, 2];
  const withExposure = exposure === undefined ? {} : { exposure };
  const base = propagateRisk(projection, evidence, { harmGraph: graph, ...withExposure });
  const reference = whatIfReference(projection, propagator, evidence, exposure);
  expect(differences(riskMapOf(projection, propagator, base.report), base)).toEqual([]);
  const kept = referenceRisk(projection, reference);
  expect(differences(kept, base)).toEqual([]);
  expect([kept.report, Array.from(kept.priors.availability)]).toEqual([base.report, Array.from(base.priors.availability)]);
  let compared = 0;
  let moved = 0;
  // Components of the full pass; incremental passes that skip some are counted.
  const components = propagator.reevaluated;
  let partial = 0;
  for (let round = 0; round < rounds; round++) {
    const edits = randomEdits(graph, random, counts[round % counts.length] as number);
    const items = round % 2 === 0 ? [...evidence] : randomEvidence(projection, evidence, random);
    const fresh = propagateRisk(projection, items, { harmGraph: editedCopy(graph, edits), ...withExposure });
    const full = propagateWhatIf(projection, propagator, items, edits, withExposure);
    expect(differences(full, fresh)).toEqual([]);
    expect(full.report).toEqual(fresh.report);
    const incremental = propagateWhatIf(projection, propagator, items, edits, { ...withExposure, reference });
    expect(differences(incremental, fresh)).toEqual([]);
    // Its priors are the reference's patched on the two evidence lists' nodes: the bits fillPriors gives.
    for (const channel of ['compromise', 'availability', 'visibility'] as const) expect(Array.from(incremental.priors[channel])).toEqual(Array.from(fresh.priors[channel]));
    expect(incremental.report).toEqual(fresh.report);
    if (propagator.reevaluated < components) partial++;
    // The reference's own risk map is a copy: what-ifs do not move it.
    expect(differences(kept, base)).toEqual([]);
    compared++;
    if (differences(fresh, base).length > 0) moved++;
  }
  // The edits matter: most sets move some node, so equality is not the trivial one.
  expect(moved).toBeGreaterThan(rounds / 3);
  expect(partial).toBeGreaterThan(rounds / 3);
  return compared;
}

/** References built from the previous one (`referenceFrom`) along a chain of evidence sets, against full reference passes. */
function checkReferenceChain(projection: Projection, graph: HarmGraph, evidence: readonly Evidence[], seed: number, rounds: number, exposure?: number): { compared: number; partial: number } {
  const random = createRandom(seed);
  const chained = new WhatIfPropagator(graph);
  const fresh = new WhatIfPropagator(graph);
  let previous = whatIfReference(projection, chained, evidence, exposure);
  const components = chained.reevaluated;
  let items: Evidence[] = [...evidence];
  let partial = 0;
  for (let round = 0; round < rounds; round++) {
    // A growing incident: one more device now and then, a probability raised, or back to the start.
    items = round % 5 === 4 ? [...evidence] : randomEvidence(projection, items, random);
    const next = whatIfReference(projection, chained, items, exposure, previous);
    if (chained.reevaluated < components) partial++;
    const full = whatIfReference(projection, fresh, items, exposure);
    expect(differences(referenceRisk(projection, next), referenceRisk(projection, full))).toEqual([]);
    expect([next.report, Array.from(next.evaluations), Array.from(next.converged)]).toEqual([full.report, Array.from(full.evaluations), Array.from(full.converged)]);
    expect(next.h.every((x, i) => Object.is(x, full.h[i]))).toBe(true);
    // What-ifs from a chained reference equal those from a full one.
    const edits = randomEdits(graph, random, 3);
    const a = propagateWhatIf(projection, chained, items, edits, { reference: next, ...(exposure === undefined ? {} : { exposure }) });
    const aMap = { ...a, compromise: a.compromise.slice(), availability: a.availability.slice(), visibility: a.visibility.slice() };
    const b = propagateWhatIf(projection, fresh, items, edits, { reference: full, ...(exposure === undefined ? {} : { exposure }) });
    expect(differences(aMap, b)).toEqual([]);
    previous = next;
  }
  return { compared: rounds, partial };
}

describe('WhatIfPropagator.referenceFrom: a reference from the previous one, bit-identical to a full reference pass', () => {
  it('on the simulated city, along a growing incident', () => {
    const projection = simulatedCity(600);
    const graph = buildHarmGraph(projection);
    const result = checkReferenceChain(projection, graph, [{ node: 'gw-shared', probability: 0.8 }], 5, 20);
    expect(result.compared).toBe(20);
    // The point of it: most chained references evaluate only some components.
    expect(result.partial).toBeGreaterThan(10);
  });

  it.each(CITY_NAMES)('on fixture city %s (cycles, k-of-n groups, shared feeders)', (name) => {
    const { projection, city } = readCityFixture(name);
    const graph = buildHarmGraph(projection);
    expect(checkReferenceChain(projection, graph, city.evidence, 13, 12, city.exposure).compared).toBe(12);
  });

  it('refuses a reference of another propagator', () => {
    const { projection, city } = readCityFixture('cycle-shared-gateway');
    const graph = buildHarmGraph(projection);
    const other = whatIfReference(projection, new WhatIfPropagator(graph), city.evidence, city.exposure);
    expect(() => whatIfReference(projection, new WhatIfPropagator(graph), city.evidence, city.exposure, other)).toThrow('a what-if reference is only valid on the propagator that made it');
  });
});

describe('WhatIfPropagator: edited arcs on the base layout, bit-identical to a fresh propagation on an edited copy', () => {
  it('on the simulated city, over a sequence of edit sets on one propagator (buffers reused, edits undone)', () => {
    const projection = simulatedCity(600);
    const graph = buildHarmGraph(projection);
    const evidence: Evidence[] = [
      { node: 'gw-shared', probability: 0.8 },
      { node: 'sub-1', channel: 'availability', probability: 0.5 },
    ];
    expect(check(projection, graph, evidence, 7, 28)).toBe(28);
  });

  it.each(CITY_NAMES)('on fixture city %s (cycles, k-of-n groups, shared feeders)', (name) => {
    const { projection, city } = readCityFixture(name);
    const graph = buildHarmGraph(projection);
    expect(check(projection, graph, city.evidence, 11, 14, city.exposure)).toBe(14);
  });

  it('without edits equals propagateRisk on the base graph, and a later edit of the same arc wins', () => {
    const { projection, city } = readCityFixture('cycle-shared-gateway');
    const graph = buildHarmGraph(projection);
    const propagator = new WhatIfPropagator(graph);
    const base = propagateRisk(projection, city.evidence, { harmGraph: graph, exposure: city.exposure });
    expect(differences(propagateWhatIf(projection, propagator, city.evidence, [], { exposure: city.exposure }), base)).toEqual([]);
    const last: ArcTransmission = { arc: 0, tC: 0, tA: 0, tV: 0 };
    const twice = propagateWhatIf(projection, propagator, city.evidence, [{ arc: 0, tC: 1, tA: 1, tV: 1 }, last], { exposure: city.exposure });
    const copy = propagateRisk(projection, city.evidence, { harmGraph: editedCopy(graph, [last]), exposure: city.exposure });
    expect(differences(twice, copy)).toEqual([]);
    expect(() => propagator.transmit([{ arc: graph.arcCount, tC: 0, tA: 0, tV: 0 }])).toThrow(`what-if arc ${graph.arcCount} is not an arc of the graph`);
  });
});
