/**
 * The simulated half of `civgraph policy plan`, and the plan itself: the
 * simulator's scenarios on seeded cities, decided with the current and the
 * candidate bundle (decideForScenario: ground-truth detection, availability
 * and risk reduction as in the demo), beside the replay of recorded
 * decisions (plan-policy-change.ts).
 */
import { diagnostic, type Diagnostic } from '../core/index.js';
import type { Projection } from '../graph/projection/index.js';
import { projectionFromBatches } from '../risk/index.js';
import { SCENARIO_NAMES, generateCity, indexCity, runScenario } from '../sim/index.js';
import { createImpactModel } from '../response/index.js';
import { decideForScenario } from './decide-for-scenario.js';
import type { DecisionRecord } from './decision-record.js';
import type { OpenPolicyBundle } from './open-policy-bundle.js';
import { compareDecisions, replayRecord, summarisePlan, type DecidedPair, type PlanChange, type PolicyPlan } from './plan-policy-change.js';

export interface PlanScenarioOptions {
  readonly current: OpenPolicyBundle;
  readonly candidate: OpenPolicyBundle;
  /** Scenario names (default every scenario of the simulator). */
  readonly scenarios?: readonly string[];
  /** Seeds 1..seeds (default 1). */
  readonly seeds?: number;
  /** Devices per simulated city (default 2,500, as the mitigation evaluation). */
  readonly devices?: number;
}

/** Decides every scenario run with both bundles. */
export function planScenarios(options: PlanScenarioOptions): DecidedPair[] {
  const pairs: DecidedPair[] = [];
  const scenarios = options.scenarios ?? SCENARIO_NAMES;
  for (let seed = 1; seed <= (options.seeds ?? 1); seed++) {
    const city = generateCity({ devices: options.devices ?? 2500, seed });
    const projection = projectionFromBatches(city.batches());
    const index = indexCity(city);
    const costModel = createImpactModel({ projection, evidence: [] });
    for (const name of scenarios) {
      const run = runScenario({ city: index, name, seed, hours: 6 });
      const decideWith = (bundle: OpenPolicyBundle) =>
        decideForScenario({ projection, run, rules: bundle.rules, actions: bundle.actions, costModel, versions: { policyBundle: bundle.version, model: 'ground-truth-detection', graph: `sim-${seed}` } });
      const current = decideWith(options.current);
      const candidate = decideWith(options.candidate);
      const a = current.decisions[0];
      const b = candidate.decisions[0];
      if (a === undefined || b === undefined) continue;
      pairs.push({
        case: `sim:${seed}:${name}`,
        source: 'simulation',
        current: a,
        candidate: b,
        availability: { current: current.mitigation.availability, candidate: candidate.mitigation.availability },
        riskReduction: { current: current.mitigation.riskReduction, candidate: candidate.mitigation.riskReduction },
      });
    }
  }
  return pairs;
}

/** Scenario names the simulator does not know, as diagnostics (field `scenarios`). */
export function unknownScenarios(names: readonly string[]): Diagnostic[] {
  const known = new Set<string>(SCENARIO_NAMES);
  return names.filter((n) => !known.has(n)).map((n) => diagnostic('CG_POLICY_PLAN_UNKNOWN_SCENARIO', `unknown scenario "${n}" (known: ${SCENARIO_NAMES.join(', ')})`, { field: 'scenarios' }));
}

export interface PlanPolicyChangeOptions extends PlanScenarioOptions {
  /** Recorded decisions to replay (from the decision log), with the graph they were made on. */
  readonly recorded?: { readonly records: readonly DecisionRecord[]; readonly projection: Projection; readonly graphVersion: string };
  /** Skip the simulated runs (only the recorded incidents). */
  readonly simulate?: boolean;
}

/**
 * The plan: recorded incidents and simulated runs decided with both bundles
 * and compared. Bundle diagnostics are carried through; unknown scenarios
 * are skipped with a diagnostic; a record decided on another graph version
 * is replayed on this one with a warning.
 */
export function planPolicyChange(options: PlanPolicyChangeOptions): PolicyPlan {
  const tag = (bundle: OpenPolicyBundle, source: string): Diagnostic[] => bundle.diagnostics.map((d) => ({ ...d, location: { source, ...d.location } }));
  const diagnostics: Diagnostic[] = [...tag(options.current, 'current bundle'), ...tag(options.candidate, 'candidate bundle')];
  const changes: PlanChange[] = [];
  const recorded = options.recorded;
  if (recorded !== undefined) {
    const costModel = createImpactModel({ projection: recorded.projection, evidence: [] });
    for (const [i, record] of recorded.records.entries()) {
      if (record.versions.graph !== recorded.graphVersion) {
        diagnostics.push(diagnostic('CG_POLICY_PLAN_GRAPH_MOVED', `decision ${record.id} was made on graph ${record.versions.graph}; replayed on ${recorded.graphVersion}`, { record: i + 1 }, 'warning'));
      }
      changes.push(compareDecisions(replayRecord({ record, current: options.current, candidate: options.candidate, projection: recorded.projection, costModel })));
    }
  }
  if (options.simulate !== false) {
    const wanted = options.scenarios ?? SCENARIO_NAMES;
    const unknown = unknownScenarios(wanted);
    diagnostics.push(...unknown);
    const scenarios = wanted.filter((n) => (SCENARIO_NAMES as readonly string[]).includes(n));
    changes.push(...planScenarios({ ...options, scenarios }).map(compareDecisions));
  }
  return summarisePlan({ current: options.current, candidate: options.candidate, changes, diagnostics });
}
