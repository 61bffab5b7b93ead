import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { approvalJournalPath } from '../../api/index.js';
import { openApprovalJournal } from '../../api/services/approval-journal.js';
import { appendToLog, type DecisionRecord } from '../../decision/index.js';
import { runCommands } from '../testing/run-commands.test-support.js';
import { auditCommand, type AuditReport } from './audit.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const run = (argv: string[]) => runCommands([auditCommand], argv, ROOT);

const record = {
  id: 'decision-1', time: '2026-01-05T10:00:00.000Z', incident: { id: 'i', domains: [] }, events: [], scores: [], paths: [], rules: [], constraints: [],
  chosen: [], pendingApproval: [], rejected: [], expected: { before: { impact: 2, criticalAvailability: 0.9 }, after: { impact: 1, criticalAvailability: 0.95 } },
  counterfactual: 'No action was chosen.', exact: true, versions: { policyBundle: 'b', model: 'm', graph: 'g' },
} satisfies DecisionRecord;

async function logWithApprovals(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'cg-audit-approvals-'));
  const log = join(dir, 'decisions.jsonl');
  appendToLog(log, [record]);
  const journal = openApprovalJournal(approvalJournalPath(log));
  await journal.record({ decisionId: 'decision-1', actionKey: 'isolate-device@gw-1', status: 'APPLIED', at: '2026-01-05T10:01:00.000Z', actor: 'soc-1' });
  await journal.record({ decisionId: 'decision-1', actionKey: 'filter-traffic@gw-1', status: 'REJECTED', at: '2026-01-05T10:02:00.000Z', actor: 'soc-2', comment: 'no' });
  await journal.close();
  return log;
}

describe('civgraph audit verify with an approval journal', () => {
  it('verifies the journal beside the log and reports both', async () => {
    const log = await logWithApprovals();
    const text = await run(['audit', 'verify', '--log', log]);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^OK: 1 records, head [0-9a-f]+\nOK: approval journal .*decisions\.jsonl\.approvals\.jsonl: 2 records, head [0-9a-f]+\n$/);
    const json = JSON.parse((await run(['audit', 'verify', '--log', log, '--json'])).out) as AuditReport;
    expect({ ok: json.ok, entries: json.entries, approvals: json.approvals?.entries, file: json.approvals?.file }).toEqual({
      ok: true, entries: 1, approvals: 2, file: approvalJournalPath(log),
    });
  });

  it('fails (exit 5) when an approval was edited, naming the journal record, while the log itself is intact', async () => {
    const log = await logWithApprovals();
    const journal = approvalJournalPath(log);
    writeFileSync(journal, readFileSync(journal, 'utf8').replace('"actor":"soc-2"', '"actor":"soc-9"'));
    const result = await run(['audit', 'verify', '--log', log, '--json']);
    expect(result.code).toBe(5);
    const json = JSON.parse(result.out) as AuditReport;
    expect({ ok: json.ok, logProblems: json.problems.length }).toEqual({ ok: false, logProblems: 0 });
    expect(json.approvals?.problems.map((p) => [p.code, p.location.file, p.location.record, p.location.field])).toEqual([
      ['CG_AUDIT_CHAIN_BROKEN', journal, 1, 'hash'],
    ]);
    const text = await run(['audit', 'verify', '--log', log]);
    expect(text.out).toContain(`BROKEN: approval journal ${journal}: 1 problem(s) in 2 records`);
  });

  it('reports a last line cut short in either file as a warning beside an intact chain (exit 0)', async () => {
    const log = await logWithApprovals();
    const journal = approvalJournalPath(log);
    appendFileSync(log, '{"seq":1,"prev":"ab');
    appendFileSync(journal, '{"seq":2');
    const text = await run(['audit', 'verify', '--log', log]);
    expect(text.code).toBe(0);
    expect(text.out).toContain(`${log}:2`);
    expect(text.out).toContain('CG_AUDIT_LOG_TORN_LINE');
    expect(text.out).toMatch(/OK: 1 records, head [0-9a-f]+\n/);
    expect(text.out).toMatch(/OK: approval journal .*: 2 records, head [0-9a-f]+\n$/);
    const json = JSON.parse((await run(['audit', 'verify', '--log', log, '--json'])).out) as AuditReport;
    expect([json.ok, json.warnings.map((w) => [w.code, w.severity, w.location.file, w.location.line]), json.approvals?.warnings.map((w) => [w.code, w.location.line])]).toEqual([
      true, [['CG_AUDIT_LOG_TORN_LINE', 'warning', log, 2]], [['CG_AUDIT_LOG_TORN_LINE', 3]],
    ]);
  });
});
