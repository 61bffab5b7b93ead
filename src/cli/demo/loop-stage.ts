import { join } from 'node:path';
import type { DecisionRecord } from '../../decision/index.js';
import type { Projection } from '../../graph/projection/index.js';
import { openChainedJournal, openLoopDeciders, runScenarioThroughLoop } from '../../pipeline/index.js';
import { SIM_LIVE_MODEL_PATH } from '../../scoring/index.js';
import type { ScenarioRun } from '../../sim/index.js';

export interface DemoLoopDecision {
  readonly id: string;
  readonly time: string;
  readonly incident: string;
  readonly domains: readonly string[];
  /** Chosen actions as `action@target`; those waiting for approval after them. */
  readonly chosen: readonly string[];
  readonly pendingApproval: readonly string[];
}

export interface DemoLoop {
  readonly model: string;
  readonly events: number;
  readonly quiet: number;
  readonly alerts: number;
  readonly incidents: readonly { readonly id: string; readonly severity: string; readonly domains: readonly string[]; readonly devices: number }[];
  readonly decisions: readonly DemoLoopDecision[];
}

const keys = (actions: DecisionRecord['chosen']): string[] => actions.map((a) => `${a.action}@${a.target}`);

/**
 * Live-loop stage of the demo (issue 9): the scenario's events, in time order, through the same
 * loop `civgraph serve --mqtt` runs — the shipped live scorer (no ground truth; each device's zone and
 * C-Town site/element read from the projection, as `openLoopDeciders` wires it), graph correlation
 * into incidents, a decision whenever an incident opens or grows. A replay of the scenario through
 * a broker yields these decisions (tests/integration/live-mqtt.int.test.ts). The records are
 * appended to the demo's decision log after the scenario-level decision.
 */
export async function loopStage(projection: Projection, run: ScenarioRun, root: string, decisionLog: string): Promise<DemoLoop> {
  const deciders = await openLoopDeciders({ projection, rulesDir: join(root, 'rules'), modelFile: join(root, SIM_LIVE_MODEL_PATH) });
  const log = openChainedJournal<DecisionRecord>(decisionLog);
  const summary = await runScenarioThroughLoop({ projection, run, ...deciders, decisionLog: log }).finally(() => log.close());
  const { scorer } = deciders;
  return {
    model: scorer.version,
    events: summary.events,
    quiet: summary.outcomes.quiet,
    alerts: summary.alerts.length,
    incidents: summary.incidents.map((i) => ({ id: i.id, severity: i.severity, domains: i.domains, devices: i.deviceIds.length })),
    decisions: summary.decisions.map((d) => ({ id: d.id, time: d.time, incident: d.incident.id, domains: d.incident.domains, chosen: keys(d.chosen), pendingApproval: keys(d.pendingApproval) })),
  };
}
