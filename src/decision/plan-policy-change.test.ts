import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectionFromBatches } from '../risk/index.js';
import { generateCity, indexCity, runScenario } from '../sim/index.js';
import { decideForScenario } from './decide-for-scenario.js';
import { openPolicyBundle } from './open-policy-bundle.js';
import { recordedEvents, recordedEvidence } from './plan-policy-change.js';
import { planPolicyChange } from './plan-scenarios.js';

const rulesDir = join(import.meta.dirname, '..', '..', 'rules');

/** A copy of rules/ with `edit` applied to one policy file. */
function candidateBundle(file: string, edit: (policy: Record<string, unknown>) => Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'cg-plan-'));
  cpSync(rulesDir, dir, { recursive: true });
  const path = join(dir, file);
  writeFileSync(path, JSON.stringify(edit(JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>), null, 2));
  return dir;
}

/** The candidate drops the approval on isolating the hospital's gateway. */
const withoutGatewayApproval = (policy: Record<string, unknown>): Record<string, unknown> => {
  const event = policy['event'] as { params: { constraints: { action: string }[] } };
  return { ...policy, event: { ...event, params: { constraints: event.params.constraints.filter((c) => c.action !== 'isolate-device') } } };
};

describe('policy plan: what a candidate bundle would change', () => {
  const current = openPolicyBundle({ dir: rulesDir });
  const candidate = openPolicyBundle({ dir: candidateBundle('policies/health/hospital-gateway-needs-approval.json', withoutGatewayApproval) });

  it('shows the simulated decisions that change, with actions, approvals and the availability delta', () => {
    const plan = planPolicyChange({ current, candidate, scenarios: ['gateway-ransomware', 'plc-manipulation'], seeds: 1 });
    expect(plan.diagnostics).toEqual([]);
    expect(plan.changes.map((c) => [c.case, c.changed])).toEqual([
      ['sim:1:gateway-ransomware', true],
      ['sim:1:plc-manipulation', false],
    ]);
    const [gateway] = plan.changes;
    expect(gateway).toMatchObject({
      source: 'simulation',
      actionsAdded: ['isolate-device@gw-shared'],
      // Isolated at once, the gateway needs no interim: the filter and the hand operation of the controllers behind it go.
      actionsRemoved: ['filter-traffic@gw-shared', ...['w0-PLC1', 'w0-PLC2', 'w0-PLC3', 'w0-PLC5', 'w0-PLC6', 'w0-PLC7', 'w0-PLC9'].map((id) => `isolate-controller-manual@${id}`)],
      approvalsAdded: [],
      approvalsRemoved: ['isolate-device@gw-shared'],
      rulesNewlyFiring: [],
      rulesSilent: [],
    });
    expect(gateway?.availability.candidate).toBe(1);
    expect(gateway?.availability.current).toBeLessThan(1);
    expect(plan.summary).toMatchObject({ cases: 2, changed: 1 });
  });

  it('replays recorded decisions on their graph: same bundle changes nothing, the candidate changes the gateway decision', () => {
    const city = generateCity({ devices: 2500, seed: 1 });
    const projection = projectionFromBatches(city.batches());
    const run = runScenario({ city: indexCity(city), name: 'gateway-ransomware', seed: 1, hours: 6 });
    const [record] = decideForScenario({ projection, run, rules: current.rules, actions: current.actions, versions: { policyBundle: current.version, model: 'm', graph: 'sim-1' } }).decisions;
    if (record === undefined) throw new Error('no decision');
    const events = recordedEvents(record, projection);
    expect(events[0]?.event).toMatchObject({ deviceId: 'gw-shared', domain: 'Communications', deviceKind: 'Gateway', time: record.time });
    expect(recordedEvidence(record, projection)).toEqual([{ node: 'gw-shared', probability: 0.9 }]);
    const same = planPolicyChange({ current, candidate: current, simulate: false, recorded: { records: [record], projection, graphVersion: 'sim-1' } });
    expect(same.changes.map((c) => [c.case, c.changed])).toEqual([[`log:${record.id}`, false]]);
    const moved = planPolicyChange({ current, candidate, simulate: false, recorded: { records: [record], projection, graphVersion: 'sim-2' } });
    expect(moved.changes[0]).toMatchObject({ changed: true, actionsAdded: ['isolate-device@gw-shared'], approvalsRemoved: ['isolate-device@gw-shared'] });
    expect(moved.diagnostics.map((d) => [d.code, d.severity, d.location.record])).toEqual([['CG_POLICY_PLAN_GRAPH_MOVED', 'warning', 1]]);
  });

  it('reports a bad candidate bundle with file and JSON pointer, and unknown scenarios, and still plans the rest', () => {
    const broken = openPolicyBundle({ dir: candidateBundle('policies/water/pump-forced-off.json', (p) => ({ ...p, severity: 'apocalyptic' })) });
    const plan = planPolicyChange({ current, candidate: broken, scenarios: ['camera-botnet', 'no-such-scenario'], seeds: 1 });
    expect(plan.diagnostics.map((d) => [d.code, d.location.source, d.location.file, d.location.pointer, d.location.field])).toEqual([
      ['CG_POLICY_SCHEMA', 'candidate bundle', 'policies/water/pump-forced-off.json', '/severity', undefined],
      ['CG_POLICY_PLAN_UNKNOWN_SCENARIO', undefined, undefined, undefined, 'scenarios'],
    ]);
    expect(plan.candidate.rules).toBe(current.rules.length - 1);
    expect(plan.changes.map((c) => c.case)).toEqual(['sim:1:camera-botnet']);
  });
});
