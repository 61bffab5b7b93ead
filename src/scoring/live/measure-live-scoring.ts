import type { WriteBatch } from '../../graph/port.js';
import { createProjectionBuilder } from '../../graph/projection/index.js';
import { generateCity, indexCity, runScenario, type ScenarioName } from '../../sim/index.js';
import { createIncidentCorrelator } from '../correlation/create-incident-correlator.js';
import type { CorrelationInput } from '../correlation/types.js';
import { createLiveScorer } from './create-live-scorer.js';
import type { LiveModel } from './live-model.js';
import { deviceLookups } from './train-live-scorer.js';

export interface MeasureLiveScoringOptions {
  readonly model: LiveModel;
  readonly devices?: number;
  readonly seed?: number;
  readonly hours?: number;
  readonly scenario?: ScenarioName;
  /** Timed scoring passes (the correlator gets ten times as many: it is fast and needs warming up); the fastest is reported. Default 3. */
  readonly passes?: number;
}

export interface LiveScoringFigures {
  readonly events: number;
  readonly alerts: number;
  /** Mean per event over a whole run (flagged events include TreeSHAP and words). */
  readonly scoreMicrosWall: number;
  readonly scoreMicrosCpu: number;
  /** Mean per alert through the incident correlator (first-seen devices include their anchor search). */
  readonly correlateMicrosWall: number;
  readonly correlateMicrosCpu: number;
}

const cpuMicros = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

function timed(run: () => void): { wall: number; cpu: number } {
  const cpu0 = cpuMicros();
  const wall0 = performance.now();
  run();
  return { wall: (performance.now() - wall0) * 1000, cpu: cpuMicros() - cpu0 };
}

function best(passes: number, run: () => void): { wall: number; cpu: number } {
  let out = { wall: Infinity, cpu: Infinity };
  for (let i = 0; i < passes; i++) {
    const t = timed(run);
    out = { wall: Math.min(out.wall, t.wall), cpu: Math.min(out.cpu, t.cpu) };
  }
  return out;
}

/**
 * Times the live loop's scoring stages on one simulator run (issue 6 item 8,
 * "scoring ≤ 20 µs per event"): the live scorer over every event, then the
 * incident correlator over the flagged ones. The run is generated before the
 * clock starts; each pass uses a fresh scorer and correlator.
 */
export function measureLiveScoring(options: MeasureLiveScoringOptions): LiveScoringFigures {
  const seed = options.seed ?? 1;
  const city = generateCity({ devices: options.devices ?? 600, seed });
  const builder = createProjectionBuilder();
  for (const batch of city.batches() as Iterable<WriteBatch>) {
    for (const node of batch.nodes ?? []) builder.addNode(node);
    for (const edge of batch.edges ?? []) builder.addEdge(edge);
  }
  const projection = builder.finish({ version: 1 });
  const run = runScenario({ city: indexCity(city), name: options.scenario ?? 'coordinated', seed, hours: options.hours ?? 24 });
  const lookups = deviceLookups(run);
  const passes = options.passes ?? 3;
  let alerts: CorrelationInput[] = [];
  const scoring = best(passes, () => {
    const scorer = createLiveScorer({ model: options.model, ...lookups });
    const flagged: CorrelationInput[] = [];
    for (const event of run.events) {
      const s = scorer.score(event);
      if (s.flagged) flagged.push({ alertId: event.id, deviceId: event.deviceId, domain: event.domain, time: event.time, probability: s.probability });
    }
    alerts = flagged;
  });
  const correlating = best(passes * 10, () => {
    // Alerts replay in stream order: the clock is the alert's own time (the run's clock when it was flagged).
    let streamMs = Number.NEGATIVE_INFINITY;
    const correlator = createIncidentCorrelator({ projection, windowMs: 3_600_000, clock: () => streamMs });
    for (const alert of alerts) {
      streamMs = Date.parse(alert.time);
      correlator.add(alert);
    }
  });
  const perAlert = Math.max(1, alerts.length);
  return {
    events: run.events.length,
    alerts: alerts.length,
    scoreMicrosWall: scoring.wall / run.events.length,
    scoreMicrosCpu: scoring.cpu / run.events.length,
    correlateMicrosWall: correlating.wall / perAlert,
    correlateMicrosCpu: correlating.cpu / perAlert,
  };
}
