import { describe, expect, it } from 'vitest';
import type { CorrelationUpdate } from '../scoring/index.js';
import { createDecideStage } from './decide-stage.js';
import { liveFixture } from './live-harness.test-support.js';
import { createPipelineMetrics } from './pipeline-metrics.js';

const fixture = liveFixture({ hours: 1 });
const [d1, d2] = [...new Set(fixture.events.map((e) => e.event.deviceId))];

function update(id: string, deviceId: string, opened: boolean): CorrelationUpdate {
  const time = '2026-01-01T00:00:00.000Z';
  return { incident: { id, opened: time, updated: time, alertIds: [], deviceIds: [deviceId], domains: ['Water'], links: [], probability: 0.9 }, opened, merged: [] };
}

describe('decide stage memory of incidents', () => {
  const stage = (maxKnownIncidents?: number) =>
    createDecideStage({ projection: fixture.projection, bundle: fixture.bundle, modelVersion: 'test', metrics: createPipelineMetrics(), ...(maxKnownIncidents === undefined ? {} : { maxKnownIncidents }) });
  const decided = (s: ReturnType<typeof stage>, u: CorrelationUpdate): boolean => s.onUpdate(u, () => undefined, u.incident.updated) !== undefined;

  it('decides an incident when it opens or grows, not when it repeats', () => {
    const s = stage();
    expect([decided(s, update('inc-a', d1 as string, true)), decided(s, update('inc-a', d1 as string, false)), decided(s, update('inc-b', d2 as string, true)), decided(s, update('inc-a', d1 as string, false))]).toEqual([true, false, true, false]);
  });

  it('forgets the least recently updated incident beyond maxKnownIncidents, which then decides as new', () => {
    const s = stage(1);
    expect([decided(s, update('inc-a', d1 as string, true)), decided(s, update('inc-a', d1 as string, false)), decided(s, update('inc-b', d2 as string, true)), decided(s, update('inc-a', d1 as string, false))]).toEqual([true, false, true, true]);
  });
});
