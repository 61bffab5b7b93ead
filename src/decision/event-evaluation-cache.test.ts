import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPolicyEngine } from '../policy/index.js';
import { projectionFromBatches } from '../risk/index.js';
import { createImpactModel } from '../response/index.js';
import { generateCity, indexCity, runScenario } from '../sim/index.js';
import { decide, type DecideOptions, type ScoredEvent } from './decide.js';
import { policyEventOf } from './decide-for-scenario.js';
import { EventEvaluationCache } from './event-evaluation-cache.js';
import { openPolicyBundle } from './open-policy-bundle.js';

describe('EventEvaluationCache: an incident decided again as it grows gives the same records', () => {
  const bundle = openPolicyBundle({ dir: join(import.meta.dirname, '..', '..', 'rules') });
  const city = generateCity({ devices: 600, seed: 1 });
  const projection = projectionFromBatches(city.batches());
  const run = runScenario({ city: indexCity(city), name: 'coordinated', seed: 1, hours: 12 });
  const malicious = new Set(run.groundTruth.labels.filter((l) => l.label === 'malicious').map((l) => l.eventId));
  const events: ScoredEvent[] = run.events.filter((e) => malicious.has(e.id)).slice(0, 12).map((e) => ({ event: policyEventOf(e), scores: { probability: 0.9 } }));
  const engine = createPolicyEngine({ rules: bundle.rules, context: { projection } });
  const costModel = createImpactModel({ projection, evidence: [] });
  const options = (list: readonly ScoredEvent[]): DecideOptions => ({
    engine, actions: bundle.actions, events: list, costModel, time: '2026-01-01T00:00:00.000Z',
    evidence: [...new Set(list.map((e) => e.event.deviceId))].map((node) => ({ node, probability: 0.9 })),
    incident: { id: 'incident-1', domains: [] }, versions: { policyBundle: bundle.version, model: 'm', graph: 'g' },
  });

  it('reuses the unchanged prefix and evaluates only the new events', () => {
    const cache = new EventEvaluationCache();
    expect(events.length).toBe(12);
    for (const n of [1, 4, 5, 9, 12]) {
      const list = events.slice(0, n);
      expect(decide({ ...options(list), evaluationCache: cache })).toEqual(decide(options(list)));
      expect(cache.prefix('incident-1', engine, [...list, ...events.slice(n)])).toHaveLength(n);
    }
  });

  it('starts over from the first event that differs (a merge reorders the alerts), and per engine', () => {
    const cache = new EventEvaluationCache();
    decide({ ...options(events.slice(0, 8)), evaluationCache: cache });
    const reordered = [events[0] as ScoredEvent, ...events.slice(2, 10), events[1] as ScoredEvent];
    expect(cache.prefix('incident-1', engine, reordered)).toHaveLength(1);
    expect(decide({ ...options(reordered), evaluationCache: cache })).toEqual(decide(options(reordered)));
    const other = createPolicyEngine({ rules: bundle.rules, context: { projection } });
    expect(cache.prefix('incident-1', other, reordered)).toEqual([]);
  });

  it('is bounded and forgets merged incidents', () => {
    const cache = new EventEvaluationCache(2);
    for (const id of ['a', 'b', 'c']) cache.store(id, engine, []);
    expect(cache.size).toBe(2);
    cache.forget('c');
    expect(cache.size).toBe(1);
  });
});
