import { appendToLog, decideForScenario, maskRecord, type DecisionRecord } from '../../decision/index.js';
import { loadPolicies } from '../../policy/index.js';
import { loadActions } from '../../response/index.js';
import { projectionFromBatches } from '../../risk/index.js';
import { generateCity, indexCity, runScenario, type ScenarioName } from '../../sim/index.js';

/** Scenarios whose decisions cover every status: acted, awaiting approval, no action. */
export const TEST_DECISION_SCENARIOS: readonly ScenarioName[] = ['traffic-false-data', 'substation-trip', 'gateway-ransomware', 'air-quality-drift'];

/**
 * Real decision records for the API's tests and benchmarks: the policies of `rulesDir` decide
 * the scenarios above on the simulated city of `devices` devices (seed 1, the test server's city),
 * and the records are masked and appended to the hash-chained log at `file` (src/decision).
 */
export function writeTestDecisionLog(file: string, rulesDir: string, devices: number): DecisionRecord[] {
  const catalogue = loadActions({ dir: rulesDir });
  const bundle = loadPolicies({ dir: rulesDir, actions: new Set(catalogue.actions.keys()) });
  const city = generateCity({ devices, seed: 1 });
  const projection = projectionFromBatches(city.batches());
  const indexed = indexCity(city);
  const records = TEST_DECISION_SCENARIOS.flatMap((name) => {
    const run = runScenario({ city: indexed, name, seed: 1, hours: 6 });
    return decideForScenario({ projection, run, rules: bundle.rules.map((r) => r.rule), actions: catalogue.actions, versions: { policyBundle: bundle.version, model: 'test-model', graph: 'sim-1' } }).decisions;
  });
  const masked = records.map((r) => maskRecord(r));
  appendToLog(file, masked);
  return masked;
}
