/**
 * The batch path of the live loop: the same loop the MQTT worker runs, fed
 * in-process from a list of events. For a given event order it yields exactly
 * the decisions the MQTT path yields (the replay integration test checks it),
 * so the demo can show the live loop without a broker.
 */
import type { DecisionRecord } from '../decision/index.js';
import type { ScenarioRun, SimEvent } from '../sim/index.js';
import type { LiveAlert, LiveIncident } from './live-feed.js';
import type { LiveEvent } from './live-event.js';
import { createLiveLoop, type LiveLoop, type LiveLoopOptions, type LoopOutcome } from './live-loop.js';

export interface LoopRunSummary {
  readonly events: number;
  readonly outcomes: Readonly<Record<LoopOutcome, number>>;
  readonly decisions: readonly DecisionRecord[];
  readonly alerts: readonly LiveAlert[];
  readonly incidents: readonly LiveIncident[];
}

/** Runs events through a loop in order, honouring its back-pressure, and collects what it decided. */
export async function runLoop(loop: LiveLoop, events: Iterable<LiveEvent>): Promise<LoopRunSummary> {
  const outcomes: Record<LoopOutcome, number> = { 'loop-guarded': 0, quiet: 0, alert: 0, decided: 0 };
  const decisions: DecisionRecord[] = [];
  const alerts: LiveAlert[] = [];
  const incidents = new Map<string, LiveIncident>();
  const stop = [
    loop.subscribe('decision', (d) => decisions.push(d)),
    loop.subscribe('alert', (a) => alerts.push(a)),
    loop.subscribe('incident', (i) => incidents.set(i.id, i)),
  ];
  let count = 0;
  try {
    for (const live of events) {
      const r = loop.process(live);
      outcomes[r.outcome]++;
      count++;
      if (r.wait !== undefined) await r.wait;
    }
    await loop.flush();
  } finally {
    stop.forEach((s) => s());
  }
  const live = [...incidents.values()].filter((i) => loop.incidents.get(i.id) !== undefined);
  return { events: count, outcomes, decisions, alerts, incidents: live };
}

export interface ScenarioLoopOptions extends Pick<LiveLoopOptions, 'projection' | 'scorer' | 'correlator' | 'bundle' | 'store' | 'decisionLog' | 'costModel'> {
  readonly run: Pick<ScenarioRun, 'events'> | { readonly events: readonly SimEvent[] };
}

/** The demo's entry: one scenario run's events through a fresh loop. */
export async function runScenarioThroughLoop(options: ScenarioLoopOptions): Promise<LoopRunSummary & { readonly loop: LiveLoop }> {
  const { run, ...loopOptions } = options;
  const loop = createLiveLoop(loopOptions);
  const summary = await runLoop(loop, run.events.map((event) => ({ event })));
  return { ...summary, loop };
}
