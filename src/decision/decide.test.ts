import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPolicyEngine } from '../policy/index.js';
import { findPaths, projectionFromBatches } from '../risk/index.js';
import { createImpactModel } from '../response/index.js';
import { generateCity, indexCity, runScenario } from '../sim/index.js';
import { decide, type DecideOptions, type ScoredEvent } from './decide.js';
import { policyEventOf } from './decide-for-scenario.js';
import { openPolicyBundle } from './open-policy-bundle.js';

describe('decide: remembered work gives the records a fresh decision gives (decision latency, issue 9)', () => {
  const bundle = openPolicyBundle({ dir: join(import.meta.dirname, '..', '..', 'rules') });
  const city = generateCity({ devices: 600, seed: 2 });
  const projection = projectionFromBatches(city.batches());
  const run = runScenario({ city: indexCity(city), name: 'plc-manipulation', seed: 2, hours: 12 });
  const malicious = new Set(run.groundTruth.labels.filter((l) => l.label === 'malicious').map((l) => l.eventId));
  const events: ScoredEvent[] = run.events.filter((e) => malicious.has(e.id)).slice(0, 20).map((e) => ({ event: policyEventOf(e), scores: { probability: 0.9 } }));
  const engine = createPolicyEngine({ rules: bundle.rules, context: { projection } });
  const evidence = [...new Set(events.map((e) => e.event.deviceId))].map((node) => ({ node, probability: 0.9 }));
  const options = (costModel: DecideOptions['costModel']): DecideOptions => ({
    engine, actions: bundle.actions, events, evidence, costModel, time: '2026-01-01T00:00:00.000Z',
    incident: { id: 'incident-1', domains: [] }, versions: { policyBundle: bundle.version, model: 'm', graph: 'g' },
  });

  it('decides the same on a warm cost model (shared edited graphs, remembered paths) as on a cold one', () => {
    const warm = createImpactModel({ projection, evidence: [] });
    const first = decide(options(warm));
    const again = decide(options(warm));
    const cold = decide(options(createImpactModel({ projection, evidence: [] })));
    expect(first.chosen.length).toBeGreaterThan(1);
    expect(JSON.stringify(again)).toBe(JSON.stringify(first));
    expect(JSON.stringify(cold)).toBe(JSON.stringify(first));
    // The remembered paths are the explanation's k = 3 paths from the evidence on the unedited graph.
    const page = findPaths(projection, warm.risk([]).graph, { from: evidence.map((e) => e.node), k: 3 });
    expect(again.paths.map((p) => p.nodes)).toEqual(page.paths.map((p) => p.nodes));
    expect(again.paths.map((p) => p.probability)).toEqual(page.paths.map((p) => p.probability));
  });

  it('decides the same with the incident model supplied by the caller as with the one it builds', () => {
    const costModel = createImpactModel({ projection, evidence: [] });
    const model = createImpactModel({ projection, evidence, harmGraph: costModel.risk([]).graph });
    expect(JSON.stringify(decide({ ...options(costModel), model }))).toBe(JSON.stringify(decide(options(createImpactModel({ projection, evidence: [] })))));
  });
});
