import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProjectionBuilder, type EdgeLike, type NodeLike } from '../graph/projection/index.js';
import { createImpactModel } from './impact-model.js';
import { loadActions } from './load-actions.js';
import { candidateKey, type Candidate } from './response-action.js';

const rulesDir = join(import.meta.dirname, '..', '..', 'rules');
const graph = JSON.parse(readFileSync(join(rulesDir, 'tests', 'cities', 'mini-city.json'), 'utf8')) as { nodes: NodeLike[]; edges: EdgeLike[] };
const builder = createProjectionBuilder();
for (const node of graph.nodes) builder.addNode(node);
for (const edge of graph.edges) builder.addEdge(edge);
const projection = builder.finish({ version: 1 });
const { actions } = loadActions({ dir: rulesDir });

function candidate(action: string, target: string): Candidate {
  const a = actions.get(action);
  if (a === undefined) throw new Error(`no action ${action}`);
  return { key: candidateKey(action, target), action: a, target, ruleIds: [] };
}

describe('impact model: cut, leaky cut and decoupled arcs (mini city: plc-1 → pump-1 → tank-1 → svc-water)', () => {
  const model = createImpactModel({ projection, evidence: [{ node: 'plc-1', probability: 0.9 }] });
  const water = (c: readonly Candidate[]): number => model.evaluate(c).serviceLoss.get('svc-water') ?? Number.NaN;
  const compromise = (c: readonly Candidate[], id: string): number => model.risk(c).compromise[projection.nodeIndex(id)] as number;

  it('isolating the PLC contains it but its process stops: water is lost with 0.8 × 0.9 × 0.9 (controlledBy, suppliedBy, dependsOn)', () => {
    expect(compromise([candidate('isolate-device', 'plc-1')], 'plc-1')).toBeLessThan(0.02);
    expect(water([candidate('isolate-device', 'plc-1')])).toBeGreaterThanOrEqual(0.8 * 0.9 * 0.9 - 1e-9);
  });

  it('isolating the PLC and running its process by hand contains it as much and keeps the water flowing', () => {
    const manual = [candidate('isolate-controller-manual', 'plc-1')];
    expect(compromise(manual, 'plc-1')).toBeCloseTo(compromise([candidate('isolate-device', 'plc-1')], 'plc-1'), 12);
    expect(compromise(manual, 'pump-1')).toBeLessThan(compromise([], 'pump-1'));
    expect(water(manual)).toBeLessThan(0.1 * water([]));
  });

  it('hand operation fails now and then: a decoupled arc keeps decoupledResidual of the loss', () => {
    const quiet = createImpactModel({ projection, evidence: [{ node: 'plc-1', channel: 'availability', probability: 1 }] });
    const pumpLoss = (c: readonly Candidate[]): number => quiet.risk(c).availability[projection.nodeIndex('pump-1')] as number;
    const residual = actions.get('isolate-controller-manual')?.effect.decoupledResidual ?? Number.NaN;
    const full = pumpLoss([]);
    const exposure = pumpLoss([candidate('manual-operation', 'pump-1')]);
    // The controller's loss reached the pump at transmission t; decoupled, at t × residual.
    expect(pumpLoss([candidate('isolate-controller-manual', 'plc-1')])).toBeLessThan(full * (residual + 0.01));
    expect(exposure).toBeLessThan(full);
  });

  it('a traffic filter is a leaky cut: the attack crosses the gateway less, but not never', () => {
    const gw = createImpactModel({ projection, evidence: [{ node: 'gw-shared', probability: 0.9 }] });
    const reach = (c: readonly Candidate[]): number => gw.risk(c).compromise[projection.nodeIndex('plc-1')] as number;
    const filtered = reach([candidate('filter-traffic', 'gw-shared')]);
    expect(filtered).toBeLessThan(reach([]));
    expect(filtered).toBeGreaterThan(reach([candidate('isolate-device', 'gw-shared')]));
  });
});

describe('impact model: remembered evaluations (decision latency, issue 9)', () => {
  const evidence = [{ node: 'plc-1', probability: 0.9 }];
  const model = createImpactModel({ projection, evidence });
  const set = [candidate('filter-traffic', 'plc-1'), candidate('manual-operation', 'pump-1')];

  it('answers a repeated set from memory with the summary a fresh model computes', () => {
    const first = model.evaluate(set);
    expect(model.evaluate([...set])).toBe(first);
    const fresh = createImpactModel({ projection, evidence }).evaluate(set);
    expect(fresh).not.toBe(first);
    expect(fresh).toEqual(first);
    expect(model.evaluate([])).toBe(model.base);
  });

  it('answers the same set in another order from memory unless an action re-routes (the first move of a feeder wins)', () => {
    expect(model.evaluate([...set].reverse())).toBe(model.evaluate(set));
    const rerouting = [candidate('re-route-power', 'rtu-1'), candidate('isolate-device', 'plc-1')];
    expect(model.evaluate([...rerouting].reverse())).not.toBe(model.evaluate(rerouting));
  });

  it('tells apart a reloaded action with another effect', () => {
    const filter = actions.get('filter-traffic');
    if (filter === undefined) throw new Error('no filter-traffic');
    const leakier = { ...filter, effect: { ...filter.effect, cutResidual: 0.9, harmFactor: 1 } };
    const reloaded: Candidate = { key: candidateKey('filter-traffic', 'plc-1'), action: leakier, target: 'plc-1', ruleIds: [] };
    const before = model.evaluate([candidate('filter-traffic', 'plc-1')]);
    const after = model.evaluate([reloaded]);
    expect(after.compromiseMass).toBeGreaterThan(before.compromiseMass);
    expect(after).toEqual(createImpactModel({ projection, evidence }).evaluate([reloaded]));
  });
});

describe('impact model: edited harm graphs shared per base graph (decision latency, issue 9)', () => {
  const evidence = [{ node: 'plc-1', probability: 0.9 }];
  const base = createImpactModel({ projection, evidence: [] }).risk([]).graph;
  const isolate = candidate('isolate-device', 'plc-1');
  const manual = candidate('manual-operation', 'pump-1');
  const filter = candidate('filter-traffic', 'gw-shared');

  it('gives two models on one base graph the same edited graph object for the same edits, in any order', () => {
    const incident = createImpactModel({ projection, evidence, harmGraph: base });
    const quiet = createImpactModel({ projection, evidence: [], harmGraph: base });
    const edited = incident.risk([isolate, manual]).graph;
    expect(edited).not.toBe(base);
    expect(quiet.risk([manual, isolate]).graph).toBe(edited);
    expect(incident.risk([isolate]).graph).not.toBe(edited);
    // An action that edits no arc (evidence only) keeps the base graph.
    expect(incident.risk([candidate('rotate-credentials', 'plc-1')]).graph).toBe(base);
  });

  it('propagates on a shared edited graph to the same numbers, bit for bit, as on a freshly built one', () => {
    const shared = createImpactModel({ projection, evidence, harmGraph: base });
    shared.evaluate([filter, isolate]);
    const warm = shared.risk([isolate, filter]);
    const cold = createImpactModel({ projection, evidence }).risk([isolate, filter]);
    expect(warm.graph).toBe(shared.risk([filter, isolate]).graph);
    expect(cold.graph).not.toBe(warm.graph);
    expect(Array.from(warm.graph.arcPacked)).toEqual(Array.from(cold.graph.arcPacked));
    expect(Array.from(warm.compromise)).toEqual(Array.from(cold.compromise));
    expect(Array.from(warm.availability)).toEqual(Array.from(cold.availability));
    expect(Array.from(warm.visibility)).toEqual(Array.from(cold.visibility));
    expect(createImpactModel({ projection, evidence, harmGraph: base }).evaluate([filter, isolate])).toEqual(createImpactModel({ projection, evidence }).evaluate([filter, isolate]));
  });
});

describe('impact model: candidates scored on the base layout with arc overrides (WhatIfPropagator, issue 9)', () => {
  /** The summary fields from a risk map built the old way (an edited graph copy), to compare bit for bit. */
  function expected(model: ReturnType<typeof createImpactModel>, set: readonly Candidate[]): { serviceLoss: Map<string, number>; compromiseMass: number } {
    const risk = model.risk(set);
    const serviceLoss = new Map<string, number>();
    for (const id of model.base.serviceLoss.keys()) serviceLoss.set(id, risk.availability[projection.nodeIndex(id)] as number);
    let compromiseMass = 0;
    for (let v = 0; v < risk.compromise.length; v++) compromiseMass += risk.compromise[v] as number;
    return { serviceLoss, compromiseMass };
  }

  it('gives every action on every node, alone and paired with a re-route and a cut, the numbers of a propagation on the edited graph', () => {
    const model = createImpactModel({ projection, evidence: [{ node: 'plc-1', probability: 0.9 }, { node: 'sub-1', channel: 'availability', probability: 0.4 }] });
    const targets = Array.from({ length: projection.nodeCount }, (_, v) => projection.nodeId(v));
    const partners = [candidate('re-route-power', 'rtu-1'), candidate('isolate-controller-manual', 'plc-1')];
    // The re-route moves a feeder (its supply arcs are overridden), so that path is compared too.
    expect(model.moves(partners[0] as Candidate).length).toBeGreaterThan(0);
    const mismatches: string[] = [];
    let moved = 0;
    for (const action of actions.keys()) {
      for (const target of targets) {
        for (const set of [[candidate(action, target)], [candidate(action, target), ...partners]]) {
          const got = model.evaluate(set);
          const want = expected(model, set);
          if (!Object.is(got.compromiseMass, want.compromiseMass)) mismatches.push(`${set.map((c) => c.key).join('+')} mass`);
          for (const [id, loss] of want.serviceLoss) if (!Object.is(got.serviceLoss.get(id), loss)) mismatches.push(`${set.map((c) => c.key).join('+')} ${id}`);
          if (got.impact !== model.base.impact) moved++;
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(moved).toBeGreaterThan(100);
  });

  it('gives a set without re-routes the same numbers in either order (evaluate remembers it in one order)', () => {
    const model = createImpactModel({ projection, evidence: [{ node: 'plc-1', probability: 0.9 }, { node: 'gw-shared', probability: 0.6 }] });
    const partner = candidate('filter-traffic', 'gw-shared');
    const mismatches: string[] = [];
    for (const action of [...actions.keys()].filter((id) => actions.get(id)?.effect.reroute === undefined)) {
      for (let v = 0; v < projection.nodeCount; v++) {
        const set = [candidate(action, projection.nodeId(v)), partner];
        // evaluate computes the set in key order; risk propagates an edited copy in the order given.
        const got = model.evaluate(set);
        for (const order of [set, [...set].reverse()]) {
          const want = expected(model, order);
          if (!Object.is(got.compromiseMass, want.compromiseMass)) mismatches.push(`${order.map((c) => c.key).join('+')} mass`);
          for (const [id, loss] of want.serviceLoss) if (!Object.is(got.serviceLoss.get(id), loss)) mismatches.push(`${order.map((c) => c.key).join('+')} ${id}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});
