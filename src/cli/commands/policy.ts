import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { EngineError, EXIT_CODES, formatDiagnostic } from '../../core/index.js';
import { runPolicyTests } from '../../decision/index.js';
import { lintPolicies } from '../../policy/index.js';
import { loadActions } from '../../response/index.js';
import { printJson, type CliIO } from '../io.js';
import type { CommandModule } from '../runtime.js';

interface PolicyFlags {
  readonly dir?: string;
  readonly json?: boolean;
}

/** The bundle folder: --dir, else ./rules; it must hold a policy bundle (rules.schema.json). */
function rulesDir(io: CliIO, dir: string | undefined): string {
  const resolved = dir === undefined ? join(io.cwd, 'rules') : isAbsolute(dir) ? dir : join(io.cwd, dir);
  for (const required of ['rules.schema.json', 'action.schema.json']) {
    if (!existsSync(join(resolved, required))) {
      throw new EngineError(
        'CG_FILE_UNREADABLE',
        `${resolved} is not a policy bundle (no ${required}); run from the project folder or pass --dir`,
        { details: { dir: resolved, missing: required } },
      );
    }
  }
  return resolved;
}

/** `civgraph policy test|lint`: test policies like code (`opa test`), exit code for CI. */
export const policyCommand: CommandModule = {
  register(program, runtime) {
    const policy = program.command('policy').description('test and lint the policy bundle (rules/)');
    policy
      .command('test')
      .description('run rules/tests/*.json against the bundle; exit code 2 when a case fails')
      .option('--dir <dir>', 'policy bundle folder (default ./rules)')
      .option('--json', 'print one JSON object on stdout')
      .action((flags: PolicyFlags) =>
        runtime.run(async () => {
          const report = runPolicyTests({ dir: rulesDir(runtime.io, flags.dir) });
          if (flags.json) printJson(runtime.io, report);
          else {
            for (const r of report.results) {
              runtime.io.out(`${r.ok ? 'PASS' : 'FAIL'} ${r.file}: ${r.description}\n`);
              for (const f of r.failures) runtime.io.out(`  ${f.field}: expected ${JSON.stringify(f.expected)}, got ${JSON.stringify(f.actual)}\n`);
            }
            for (const d of report.diagnostics) runtime.io.err(`${formatDiagnostic(d)}\n`);
            runtime.io.out(`${report.passed} passed, ${report.failed} failed (bundle ${report.bundleVersion})\n`);
          }
          if (report.failed > 0 || report.diagnostics.some((d) => d.severity === 'error')) runtime.setExitCode(EXIT_CODES.validation);
        }),
      );
    policy
      .command('lint')
      .description('check schema, facts, operators, kinds, actions, unreachable rules and conflicts')
      .option('--dir <dir>', 'policy bundle folder (default ./rules)')
      .option('--json', 'print one JSON object on stdout')
      .action((flags: PolicyFlags) =>
        runtime.run(async () => {
          const dir = rulesDir(runtime.io, flags.dir);
          const catalogue = loadActions({ dir });
          const report = lintPolicies({ dir, actions: new Set(catalogue.actions.keys()) });
          const diagnostics = [...catalogue.diagnostics, ...report.diagnostics];
          const errors = diagnostics.filter((d) => d.severity === 'error').length;
          if (flags.json) printJson(runtime.io, { version: report.bundle.version, rules: report.bundle.rules.length, actions: catalogue.actions.size, errors, diagnostics });
          else {
            for (const d of diagnostics) runtime.io.out(`${formatDiagnostic(d)}\n`);
            runtime.io.out(`${report.bundle.rules.length} rules, ${catalogue.actions.size} actions, ${errors} error(s) (bundle ${report.bundle.version})\n`);
          }
          if (errors > 0) runtime.setExitCode(EXIT_CODES.validation);
        }),
      );
  },
};
