import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { approvalJournalPath } from '../../api/index.js';
import { EXIT_CODES, formatDiagnostic } from '../../core/index.js';
import { verifyLog, type VerifyReport } from '../../decision/index.js';
import type { CliIO } from '../io.js';
import { printJson } from '../io.js';
import type { CommandModule } from '../runtime.js';

/**
 * What `audit verify` found: the decision log's own report (the fields as before), the approval
 * journal's report when `<log>.approvals.jsonl` exists (approvals given through the API are
 * chained there, DESIGN.md §8), and `ok` over both.
 */
export interface AuditReport extends VerifyReport {
  readonly approvals?: VerifyReport & { readonly file: string };
}

/** Verifies the log and, if present, the approval journal beside it. */
export function auditDecisionLog(file: string): AuditReport {
  const report = verifyLog(file);
  const journal = approvalJournalPath(file);
  if (!existsSync(journal)) return report;
  const approvals = { file: journal, ...verifyLog(journal) };
  return { ...report, ok: report.ok && approvals.ok, approvals };
}

function printAudit(io: CliIO, report: AuditReport): void {
  // Each file's own verdict: `report.ok` also covers the journal.
  const line = (name: string, r: VerifyReport): string =>
    r.problems.length === 0 ? `OK: ${name}${r.entries} records, head ${r.head}\n` : `BROKEN: ${name}${r.problems.length} problem(s) in ${r.entries} records\n`;
  for (const p of [...report.problems, ...report.warnings]) io.out(`${formatDiagnostic(p)}\n`);
  io.out(line('', report));
  if (report.approvals === undefined) return;
  for (const p of [...report.approvals.problems, ...report.approvals.warnings]) io.out(`${formatDiagnostic(p)}\n`);
  io.out(line(`approval journal ${report.approvals.file}: `, report.approvals));
}

/** `civgraph audit verify`: proves the hash-chained decision log (and its approval journal) intact. */
export const auditCommand: CommandModule = {
  register(program, runtime) {
    const audit = program.command('audit').description('check the decision log');
    audit
      .command('verify')
      .description(
        'verify the hash chain of the decision log and of its approval journal (<log>.approvals.jsonl, when present); exit code 5 when a record was edited, removed or reordered',
      )
      .option('--log <file>', 'decision log (default ./decisions.jsonl)')
      .option('--json', 'print one JSON object on stdout')
      .action((flags: { log?: string; json?: boolean }) =>
        runtime.run(async () => {
          const file = flags.log === undefined ? join(runtime.io.cwd, 'decisions.jsonl') : isAbsolute(flags.log) ? flags.log : join(runtime.io.cwd, flags.log);
          const report = auditDecisionLog(file);
          if (flags.json) printJson(runtime.io, report);
          else printAudit(runtime.io, report);
          if (!report.ok) runtime.setExitCode(EXIT_CODES.conflict);
        }),
      );
  },
};
