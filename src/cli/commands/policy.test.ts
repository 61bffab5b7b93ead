import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { appendToLog, type DecisionRecord, type PolicyPlan } from '../../decision/index.js';
import { runCommands } from '../testing/run-commands.test-support.js';
import { auditCommand } from './audit.js';
import { explainCommand } from './explain.js';
import { policyCommand } from './policy.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const run = (argv: string[]) => runCommands([policyCommand, auditCommand, explainCommand], argv, ROOT);

describe('civgraph policy / audit / explain', () => {
  it('policy test --json passes the starter pack with exit code 0', async () => {
    const { out, code } = await run(['policy', 'test', '--json']);
    const report = JSON.parse(out) as { passed: number; failed: number };
    expect({ passed: report.passed, failed: report.failed, code }).toEqual({ passed: 28, failed: 0, code: 0 });
  });

  it('policy lint reports a clean bundle', async () => {
    const { out, code } = await run(['policy', 'lint', '--json']);
    expect(JSON.parse(out)).toMatchObject({ rules: 28, actions: 14, errors: 0, diagnostics: [] });
    expect(code).toBe(0);
  });

  it('policy plan --json reports a bad candidate bundle with file and pointer (exit 2) and the decisions that change', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-plan-cli-'));
    cpSync(join(ROOT, 'rules'), dir, { recursive: true });
    const file = join(dir, 'policies', 'health', 'hospital-gateway-needs-approval.json');
    const policy = JSON.parse(readFileSync(file, 'utf8')) as { event: { params: { constraints: { action: string }[] } } };
    policy.event.params.constraints = policy.event.params.constraints.filter((c) => c.action !== 'isolate-device');
    writeFileSync(file, JSON.stringify(policy));
    writeFileSync(join(dir, 'policies', 'water', 'pump-forced-off.json'), '{ "id": "pump-forced-off", ');
    const { out, code } = await run(['policy', 'plan', '--bundle', dir, '--scenarios', 'gateway-ransomware', '--json']);
    const plan = JSON.parse(out) as PolicyPlan;
    expect(code).toBe(2);
    expect(plan.diagnostics.map((d) => [d.code, d.location.source, d.location.file])).toEqual([['CG_POLICY_JSON_SYNTAX', 'candidate bundle', 'policies/water/pump-forced-off.json']]);
    expect(plan.changes.map((c) => [c.case, c.actionsAdded, c.actionsRemoved, c.approvalsRemoved])).toEqual([
      [
        'sim:1:gateway-ransomware',
        ['isolate-device@gw-shared'],
        ['filter-traffic@gw-shared', ...['w0-PLC1', 'w0-PLC2', 'w0-PLC3', 'w0-PLC5', 'w0-PLC6', 'w0-PLC7', 'w0-PLC9'].map((id) => `isolate-controller-manual@${id}`)],
        ['isolate-device@gw-shared'],
      ],
    ]);
    const text = await run(['policy', 'plan', '--bundle', 'rules', '--scenarios', 'gateway-ransomware']);
    expect(text.code).toBe(0);
    expect(text.out).toContain('0 of 1 decisions would change');
  });

  it('policy plan names the flag whose folder is not a bundle', async () => {
    const { err, code } = await run(['policy', 'plan', '--bundle', '/nonexistent-bundle']);
    expect({ code, err }).toEqual({ code: 3, err: 'civgraph: /nonexistent-bundle is not a policy bundle (no rules.schema.json); run from the project folder or pass --bundle [CG_FILE_UNREADABLE]\n' });
  });

  it('audit verify passes the original log and fails a tampered copy (exit 5); explain renders a record', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-audit-'));
    const log = join(dir, 'decisions.jsonl');
    const record = { id: 'decision-1', time: '2026-01-05T10:00:00.000Z', incident: { id: 'i', domains: [] }, events: [], scores: [], paths: [], rules: [], constraints: [], chosen: [], pendingApproval: [], rejected: [], expected: { before: { impact: 2, criticalAvailability: 0.9 }, after: { impact: 1, criticalAvailability: 0.95 } }, counterfactual: 'No action was chosen.', exact: true, versions: { policyBundle: 'b', model: 'm', graph: 'g' } } satisfies DecisionRecord;
    appendToLog(log, [record, { ...record, id: 'decision-2' }]);
    expect(await run(['audit', 'verify', '--log', log])).toMatchObject({ code: 0, out: expect.stringContaining('OK: 2 records') });
    const tampered = join(dir, 'tampered.jsonl');
    writeFileSync(tampered, readFileSync(log, 'utf8').replace('"impact":1', '"impact":0'));
    const broken = await run(['audit', 'verify', '--log', tampered, '--json']);
    expect(broken.code).toBe(5);
    expect((JSON.parse(broken.out) as { ok: boolean }).ok).toBe(false);
    const explained = await run(['explain', 'decision-2', '--log', log]);
    expect(explained.out).toContain('Decision decision-2 at 2026-01-05T10:00:00.000Z');
    expect((await run(['explain', 'nope', '--log', log])).code).toBe(3);
  });
});
