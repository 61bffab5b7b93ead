import { isAbsolute, join } from 'node:path';
import { EXIT_CODES, formatDiagnostic } from '../../core/index.js';
import { verifyLog } from '../../decision/index.js';
import { printJson } from '../io.js';
import type { CommandModule } from '../runtime.js';

/** `civgraph audit verify`: proves the hash-chained decision log is intact. */
export const auditCommand: CommandModule = {
  register(program, runtime) {
    const audit = program.command('audit').description('check the decision log');
    audit
      .command('verify')
      .description('verify the hash chain of the decision log; exit code 5 when a record was edited, removed or reordered')
      .option('--log <file>', 'decision log (default ./decisions.jsonl)')
      .option('--json', 'print one JSON object on stdout')
      .action((flags: { log?: string; json?: boolean }) =>
        runtime.run(async () => {
          const file = flags.log === undefined ? join(runtime.io.cwd, 'decisions.jsonl') : isAbsolute(flags.log) ? flags.log : join(runtime.io.cwd, flags.log);
          const report = verifyLog(file);
          if (flags.json) printJson(runtime.io, report);
          else {
            for (const p of report.problems) runtime.io.out(`${formatDiagnostic(p)}\n`);
            runtime.io.out(report.ok ? `OK: ${report.entries} records, head ${report.head}\n` : `BROKEN: ${report.problems.length} problem(s) in ${report.entries} records\n`);
          }
          if (!report.ok) runtime.setExitCode(EXIT_CODES.conflict);
        }),
      );
  },
};
