import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProjectionBuilder, type EdgeLike, type NodeLike } from '../graph/projection/index.js';
import { createImpactModel } from './impact-model.js';
import { loadActions } from './load-actions.js';
import { candidateKey, slotOf, type Candidate } from './response-action.js';
import { ENERGISED_MAX_LOSS, feedersOf, planReroute } from './reroute-power.js';
import { selectResponse } from './select-response.js';

// Mini city power: rtu-1 commands brk-1; feeder-1 (sub-1) dependsOn brk-1 and powers pst-1
// (→ pump-1 → tank-1 → svc-water); feeder-2 (sub-2) is tied to feeder-1 by the hospital's
// dual-feed group grp-1.
const rulesDir = join(import.meta.dirname, '..', '..', 'rules');
const graph = JSON.parse(readFileSync(join(rulesDir, 'tests', 'cities', 'mini-city.json'), 'utf8')) as { nodes: NodeLike[]; edges: EdgeLike[] };
const builder = createProjectionBuilder();
for (const node of graph.nodes) builder.addNode(node);
for (const edge of graph.edges) builder.addEdge(edge);
const projection = builder.finish({ version: 1 });
const { actions } = loadActions({ dir: rulesDir });
const ids = (nodes: readonly number[]): string[] => nodes.map((v) => projection.nodeId(v));
const at = (id: string): number => projection.nodeIndex(id);

function candidate(action: string, target: string): Candidate {
  const a = actions.get(action);
  if (a === undefined) throw new Error(`no action ${action}`);
  return { key: candidateKey(action, target), action: a, target, ruleIds: [] };
}

describe('re-route power: feeders behind a target and their alternatives', () => {
  it('finds the feeders behind a feeder, breaker, substation and RTU, and none behind a pump', () => {
    expect(['feeder-2', 'brk-1', 'sub-1', 'rtu-1', 'pump-1'].map((t) => ids(feedersOf(projection, at(t))))).toEqual([['feeder-2'], ['feeder-1'], ['feeder-1'], ['feeder-1'], []]);
  });

  it('moves feeder-1 to the energised feeder of the other substation, and to nothing when that one is down', () => {
    const quiet = new Float64Array(projection.nodeCount);
    expect(planReroute(projection, quiet, at('rtu-1')).map((m) => [projection.nodeId(m.feeder), projection.nodeId(m.alternative)])).toEqual([['feeder-1', 'feeder-2']]);
    const down = quiet.slice();
    down[at('feeder-2')] = ENERGISED_MAX_LOSS + 0.01;
    expect(planReroute(projection, down, at('rtu-1'))).toEqual([]);
  });

  it('a tripped breaker: its feeder is fed through the tie, failing with the switching failure or the alternative\'s loss', () => {
    const model = createImpactModel({ projection, evidence: [{ node: 'brk-1', channel: 'availability', probability: 1 }] });
    const reroute = candidate('re-route-power', 'rtu-1');
    const base = model.risk([]);
    const after = model.risk([reroute]);
    const arc = Array.from({ length: base.graph.arcCount }, (_, a) => a).find((a) => base.graph.arcFrom[a] === at('feeder-1') && base.graph.arcTo[a] === at('pst-1'));
    const tA = base.graph.tA[arc ?? -1] as number;
    const failure = reroute.action.effect.reroute?.switchFailure ?? Number.NaN;
    const share = 1 - (1 - failure) * (1 - (base.availability[at('feeder-2')] as number));
    expect(base.availability[at('feeder-1')]).toBeGreaterThan(0.5);
    expect(after.availability[at('feeder-1')]).toBeCloseTo(share, 12);
    expect(after.availability[at('pst-1')]).toBeCloseTo(tA * share, 12);
    expect(model.evaluate([reroute]).serviceLoss.get('svc-water')).toBeLessThan(0.1 * (model.base.serviceLoss.get('svc-water') ?? 0));
    // The breaker itself is not repaired: only its feeder is fed from elsewhere.
    expect(after.availability[at('brk-1')]).toBe(base.availability[at('brk-1')]);
  });

  it('the selector pairs re-routing with containment of the same RTU and rejects a re-route with no energised alternative', () => {
    const model = createImpactModel({ projection, evidence: [{ node: 'rtu-1', probability: 0.9 }, { node: 'brk-1', channel: 'availability', probability: 1 }] });
    const costModel = createImpactModel({ projection, evidence: [] });
    const candidates = [candidate('isolate-controller-manual', 'rtu-1'), candidate('re-route-power', 'rtu-1'), candidate('re-route-power', 'feeder-2')];
    expect(candidates.map((c) => slotOf(c))).toEqual(['rtu-1', 'rtu-1#reroute', 'feeder-2#reroute']);
    const selection = selectResponse({ model, costModel, candidates, constraints: { forbid: new Map(), approval: new Map(), protect: new Map() } });
    expect(selection.chosen.map((a) => a.key).sort()).toEqual(['isolate-controller-manual@rtu-1', 're-route-power@rtu-1']);
    expect(selection.rejected.map((r) => [r.key, r.reason, r.detail])).toEqual([['re-route-power@feeder-2', 'precondition', 'no energised feeder of another substation to re-route to']]);
  });
});
