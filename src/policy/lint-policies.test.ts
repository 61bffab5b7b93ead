import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintPolicies } from './lint-policies.js';
import { loadPolicies } from './load-policies.js';

const rulesDir = join(import.meta.dirname, '..', '..', 'rules');
const ACTIONS = new Set(['isolate-device', 'isolate-segment', 'filter-traffic', 'rotate-credentials', 'roll-back-firmware', 'fallback-mode', 're-route-power', 'switch-water-supply', 'dispatch-drone', 'evacuate-zone', 'notify-operator', 'raise-monitoring', 'manual-operation', 'isolate-controller-manual']);
const where = (list: readonly { code: string; location: { file?: string; pointer?: string } }[]) => list.map((d) => `${d.code} ${d.location.file} ${d.location.pointer}`);

function copyBundle(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cg-lint-'));
  cpSync(rulesDir, dir, { recursive: true });
  return dir;
}

/** A rule document opened for editing in a test (deliberately loose: tests break rules on purpose). */
interface Editable {
  severity: string;
  conditions: { all: { operator: string; value: unknown }[] & object[] };
  event: { params: { actions: { action: string }[]; constraints?: object[] } };
}

function edit(dir: string, file: string, change: (rule: Editable) => void): void {
  const path = join(dir, file);
  const rule = JSON.parse(readFileSync(path, 'utf8')) as Editable;
  change(rule);
  writeFileSync(path, JSON.stringify(rule, null, 2));
}

describe('policy lint', () => {
  it('finds nothing in the starter pack: ≥ 25 rules over all eight domains', () => {
    const report = lintPolicies({ dir: rulesDir, actions: ACTIONS });
    expect(report.diagnostics).toEqual([]);
    expect(report.bundle.rules.length).toBeGreaterThanOrEqual(25);
    expect(new Set(report.bundle.rules.map((r) => r.rule.domain)).size).toBe(8);
  });

  it('reports a seeded conflict and an unknown operator with file and pointer', () => {
    const dir = copyBundle();
    edit(dir, 'policies/water/pump-forced-off.json', (r) => (r.event.params.constraints = [{ type: 'forbid', action: 'fallback-mode', target: 'device' }]));
    edit(dir, 'policies/energy/smart-meter-firmware-change.json', (r) => ((r.conditions.all[1] as { operator: string }).operator = 'isKindOf'));
    expect(where(lintPolicies({ dir, actions: ACTIONS }).diagnostics)).toEqual([
      'CG_POLICY_UNKNOWN_OPERATOR policies/energy/smart-meter-firmware-change.json /conditions/all/1/operator',
      'CG_POLICY_CONFLICT policies/water/pump-forced-off.json /event/params/constraints/0',
    ]);
  });

  it('reports schema errors, unknown facts, kinds, actions and unreachable rules with pointers', () => {
    const dir = copyBundle();
    edit(dir, 'policies/buildings/smoke-detector-tamper.json', (r) => (r.severity = 'urgent'));
    edit(dir, 'policies/health/hospital-device-encryption.json', (r) => r.conditions.all.push({ fact: 'weather', operator: 'equal', value: 'rain' }));
    edit(dir, 'policies/transportation/traffic-signal-command.json', (r) => ((r.conditions.all[1] as { value: unknown }).value = 'TrafficLight'));
    edit(dir, 'policies/environment/environment-sensor-firmware.json', (r) => ((r.event.params.actions[0] as { action: string }).action = 'reboot'));
    edit(dir, 'policies/communications/gateway-ransomware.json', (r) => r.conditions.all.push({ fact: 'event', path: '$.kind', operator: 'equal', value: 'serviceStop' }));
    expect(where(lintPolicies({ dir, actions: ACTIONS }).diagnostics)).toEqual([
      'CG_POLICY_SCHEMA policies/buildings/smoke-detector-tamper.json /severity',
      'CG_POLICY_UNREACHABLE policies/communications/gateway-ransomware.json /conditions/all/2',
      'CG_POLICY_UNKNOWN_ACTION policies/environment/environment-sensor-firmware.json /event/params/actions/0/action',
      'CG_POLICY_UNKNOWN_FACT policies/health/hospital-device-encryption.json /conditions/all/2/fact',
      'CG_POLICY_UNKNOWN_KIND policies/transportation/traffic-signal-command.json /conditions/all/1/value',
    ].sort((a, b) => a.localeCompare(b)));
  });

  it('reports malformed JSON with a line and keeps loading the rest', () => {
    const dir = copyBundle();
    writeFileSync(join(dir, 'policies/energy/broken.json'), '{\n  "id": "broken",\n  oops\n}');
    const bundle = loadPolicies({ dir, actions: ACTIONS });
    expect(bundle.diagnostics.map((d) => [d.code, d.location.file, d.location.line])).toEqual([['CG_POLICY_JSON_SYNTAX', 'policies/energy/broken.json', 3]]);
    expect(bundle.rules.length).toBe(28);
  });
});
