/**
 * Availability of critical services during mitigation, ours vs the static
 * protocol, over the simulator's scenarios and many seeds (issue 7 §6).
 * Used by bench/policy.bench.ts; see decide-for-scenario.ts for the metrics.
 */
import { projectionFromBatches } from '../risk/index.js';
import { SCENARIO_NAMES, generateCity, indexCity, runScenario } from '../sim/index.js';
import type { PolicyRule } from '../policy/index.js';
import { createImpactModel, type ResponseAction } from '../response/index.js';
import { decideForScenario, type Mitigation } from './decide-for-scenario.js';

export interface MitigationRow extends Mitigation {
  readonly seed: number;
  readonly scenario: string;
  readonly flagged: number;
  readonly chosen: number;
  readonly pending: number;
}

export interface MitigationEvaluation {
  readonly rows: readonly MitigationRow[];
  /** Means over the runs with at least one flagged device (attacks). */
  readonly mean: Mitigation;
}

export function evaluateMitigation(options: { readonly rules: readonly PolicyRule[]; readonly actions: ReadonlyMap<string, ResponseAction>; readonly seeds: number; readonly devices?: number; readonly policyBundle: string; readonly manualBehindGateway?: boolean }): MitigationEvaluation {
  const rows: MitigationRow[] = [];
  for (let seed = 1; seed <= options.seeds; seed++) {
    const city = generateCity({ devices: options.devices ?? 2500, seed });
    const projection = projectionFromBatches(city.batches());
    const index = indexCity(city);
    const costModel = createImpactModel({ projection, evidence: [] });
    for (const scenario of SCENARIO_NAMES) {
      const run = runScenario({ city: index, name: scenario, seed, hours: 6 });
      const r = decideForScenario({ projection, run, rules: options.rules, actions: options.actions, costModel, ...(options.manualBehindGateway === undefined ? {} : { manualBehindGateway: options.manualBehindGateway }), versions: { policyBundle: options.policyBundle, model: 'ground-truth-detection', graph: `sim-${seed}` } });
      const d = r.decisions[0];
      rows.push({ seed, scenario, flagged: r.flagged.length, chosen: d?.chosen.length ?? 0, pending: d?.pendingApproval.length ?? 0, ...r.mitigation });
    }
  }
  const attacks = rows.filter((r) => r.flagged > 0);
  const mean = (key: keyof Mitigation): number => attacks.reduce((s, r) => s + r[key], 0) / Math.max(1, attacks.length);
  const keys: (keyof Mitigation)[] = ['availability', 'staticAvailability', 'riskReduction', 'staticRiskReduction', 'availabilityIfApproved', 'riskReductionIfApproved', 'impact', 'staticImpact', 'impactBefore', 'baselineAvailability'];
  return { rows, mean: Object.fromEntries(keys.map((k) => [k, mean(k)])) as unknown as Mitigation };
}
