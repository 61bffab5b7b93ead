import { describe, expect, it } from 'vitest';
import { createIncidentCorrelator, createLiveScorer, deviceLookups, loadLiveModel } from '../scoring/index.js';
import { LIVE_MODEL_FILE, RULES_DIR, WINDOW_MS, liveFixture } from './live-harness.test-support.js';
import { openLoopDeciders } from './open-live-loop.js';
import { runScenarioThroughLoop } from './run-scenario-through-loop.js';

// The plc-manipulation run the seed-study table scores (600 devices, 24 h, seed 1): PLC3 holds PU4/PU5 off while T3 drains.
const fixture = liveFixture({ scenario: 'plc-manipulation', hours: 24 });
const deciders = openLoopDeciders({ projection: fixture.projection, rulesDir: RULES_DIR, modelFile: LIVE_MODEL_FILE, windowMs: WINDOW_MS });
const withPhysics = deciders.then((d) => runScenarioThroughLoop({ projection: fixture.projection, run: fixture.run, ...d }));

describe('openLoopDeciders: the scorer of serve and the demo loop', () => {
  it('flags exactly what the seed-study table flags (zone and C-Town site/element from the projection)', async () => {
    const loop = await withPhysics;
    const table = createLiveScorer({ model: await loadLiveModel(LIVE_MODEL_FILE), ...deviceLookups(fixture.run) });
    const flagged = fixture.run.events.filter((event) => table.score(event).flagged).map((event) => event.id);
    expect(loop.alerts.map((a) => a.eventId)).toEqual(flagged);
  });

  it('adds the held-off pump readings a zone-only scorer misses, each explained by its tank\'s control rule, and loses none', async () => {
    const { bundle } = await deciders;
    const zoneOnly = createLiveScorer({ model: await loadLiveModel(LIVE_MODEL_FILE), zoneOf: (id) => fixture.directory(id)?.zone });
    const before = await runScenarioThroughLoop({
      projection: fixture.projection, run: fixture.run, scorer: zoneOnly, bundle,
      correlator: createIncidentCorrelator({ projection: fixture.projection, windowMs: WINDOW_MS }),
    });
    const ids = (alerts: readonly { readonly eventId: string }[]): Set<string> => new Set(alerts.map((a) => a.eventId));
    const after = await withPhysics;
    const [now, then] = [ids(after.alerts), ids(before.alerts)];
    expect([...then].filter((id) => !now.has(id))).toEqual([]);
    const added = after.alerts.filter((a) => !then.has(a.eventId));
    expect(added.map((a) => a.eventId)).toEqual(Array.from({ length: 11 }, (_, i) => `obs-w0-PU4-status-${58 + i}`));
    const labels = new Map(fixture.run.groundTruth.labels.map((l) => [l.eventId, `${l.label}/${l.stage}`]));
    expect(new Set(added.map((a) => labels.get(a.eventId)))).toEqual(new Set(['malicious/plc-manipulation']));
    expect(new Set(added.map((a) => a.contributions[0]?.feature))).toEqual(new Set(['physics:deviation']));
    expect(added.every((a) => a.explanation.startsWith('w0-PU4: PU4 off, expected on given T3 level'))).toBe(true);
  });
});
