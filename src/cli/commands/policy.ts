import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { EngineError, EXIT_CODES, formatDiagnostic } from '../../core/index.js';
import { buildProjection } from '../../graph/projection/index.js';
import { openPolicyBundle, planPolicyChange, readLog, runPolicyTests, type DecisionRecord, type PlanChange, type PolicyPlan } from '../../decision/index.js';
import { lintPolicies } from '../../policy/index.js';
import { loadActions } from '../../response/index.js';
import { formatList, formatTable } from '../format-table.js';
import { printJson, type CliIO } from '../io.js';
import { openStore } from '../open-store.js';
import { withStoreOptions, type CliRuntime, type CommandModule, type StoreFlags } from '../runtime.js';

interface PolicyFlags {
  readonly dir?: string;
  readonly json?: boolean;
}

/** The bundle folder given by `flag` (--dir, --bundle, --against), else ./rules; it must hold a policy bundle (rules.schema.json). */
function rulesDir(io: CliIO, dir: string | undefined, flag = '--dir'): string {
  const resolved = dir === undefined ? join(io.cwd, 'rules') : isAbsolute(dir) ? dir : join(io.cwd, dir);
  for (const required of ['rules.schema.json', 'action.schema.json']) {
    if (!existsSync(join(resolved, required))) {
      throw new EngineError(
        'CG_FILE_UNREADABLE',
        `${resolved} is not a policy bundle (no ${required}); run from the project folder or pass ${flag}`,
        { details: { dir: resolved, missing: required } },
      );
    }
  }
  return resolved;
}

interface PlanFlags extends StoreFlags {
  readonly bundle: string;
  readonly against?: string;
  readonly log?: string;
  readonly scenarios?: string;
  readonly seeds?: string;
  readonly devices?: string;
  readonly json?: boolean;
}

const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;
const delta = (pair: { current: number; candidate: number }): string => {
  const d = (pair.candidate - pair.current) * 100;
  return Math.abs(d) < 0.005 ? '=' : `${d > 0 ? '+' : ''}${d.toFixed(2)} pt`;
};

function changeLines(c: PlanChange): string[] {
  const parts: [string, readonly string[]][] = [
    ['+ action', c.actionsAdded],
    ['- action', c.actionsRemoved],
    ['+ approval', c.approvalsAdded],
    ['- approval', c.approvalsRemoved],
    ['+ rule fires', c.rulesNewlyFiring],
    ['- rule silent', c.rulesSilent],
  ];
  return parts.filter(([, list]) => list.length > 0).map(([label, list]) => `    ${label}: ${formatList(list, 8)}`);
}

/** The plan as text: one row per case, the changes under each changed case, then the means. */
export function renderPlan(plan: PolicyPlan): string {
  const rows = plan.changes.map((c) => [c.case, c.changed ? 'changed' : 'same', c.actionsAdded.length + c.actionsRemoved.length, c.approvalsAdded.length + c.approvalsRemoved.length, c.rulesNewlyFiring.length + c.rulesSilent.length, pct(c.availability.candidate), delta(c.availability), pct(c.riskReduction.candidate), delta(c.riskReduction)]);
  const details = plan.changes.filter((c) => c.changed).flatMap((c) => [`  ${c.case}`, ...changeLines(c)]);
  const { summary } = plan;
  return [
    `Policy plan: current bundle ${plan.current.version} (${plan.current.rules} rules, ${plan.current.actions} actions) -> candidate ${plan.candidate.version} (${plan.candidate.rules} rules, ${plan.candidate.actions} actions)`,
    formatTable(['case', 'decision', 'actions ±', 'approvals ±', 'rules ±', 'availability', 'Δ', 'risk reduction', 'Δ'], rows),
    ...(details.length > 0 ? ['', 'Changes:', ...details] : []),
    '',
    `${summary.changed} of ${summary.cases} decisions would change; mean availability ${pct(summary.meanAvailability.current)} -> ${pct(summary.meanAvailability.candidate)}, mean risk reduction ${pct(summary.meanRiskReduction.current)} -> ${pct(summary.meanRiskReduction.candidate)}`,
    '',
  ].join('\n');
}

/** Resolves a flag's folder against the working directory. */
const resolveDir = (io: CliIO, dir: string): string => (isAbsolute(dir) ? dir : join(io.cwd, dir));

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new EngineError('CG_ARGUMENT_INVALID', `--${name} must be a positive integer, got ${raw}`, { details: { [name]: raw } });
  return n;
}

async function recordedCases(runtime: CliRuntime, flags: PlanFlags): Promise<{ records: DecisionRecord[]; projection: Awaited<ReturnType<typeof buildProjection>>; graphVersion: string } | undefined> {
  if (flags.log === undefined) return undefined;
  const records = readLog(resolveDir(runtime.io, flags.log)).map((e) => e.record as DecisionRecord);
  const store = await openStore(runtime.config(flags));
  try {
    const projection = await buildProjection(store);
    return { records, projection, graphVersion: String(projection.version) };
  } finally {
    await store.close();
  }
}

async function runPlan(runtime: CliRuntime, flags: PlanFlags): Promise<void> {
  const current = openPolicyBundle({ dir: rulesDir(runtime.io, flags.against, '--against') });
  const candidate = openPolicyBundle({ dir: rulesDir(runtime.io, flags.bundle, '--bundle') });
  const scenarios = flags.scenarios === undefined ? (flags.log === undefined ? 'all' : 'none') : flags.scenarios;
  const recorded = await recordedCases(runtime, flags);
  const plan = planPolicyChange({
    current,
    candidate,
    ...(recorded === undefined ? {} : { recorded }),
    simulate: scenarios !== 'none',
    ...(scenarios === 'all' || scenarios === 'none' ? {} : { scenarios: scenarios.split(',').map((s) => s.trim()).filter((s) => s !== '') }),
    seeds: positiveInt('seeds', flags.seeds, 1),
    devices: positiveInt('devices', flags.devices, 2500),
  });
  if (flags.json) printJson(runtime.io, plan);
  else {
    for (const d of plan.diagnostics) runtime.io.err(`${formatDiagnostic(d)}\n`);
    runtime.io.out(renderPlan(plan));
  }
  if (plan.diagnostics.some((d) => d.severity === 'error')) runtime.setExitCode(EXIT_CODES.validation);
}

/** `civgraph policy test|lint|plan`: test policies like code (`opa test`), lint them, and dry-run a candidate bundle. */
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
    const plan = policy
      .command('plan')
      .description('replay recorded and simulated incidents through the current and a candidate bundle; show which decisions would change')
      .requiredOption('--bundle <dir>', 'candidate policy bundle folder')
      .option('--against <dir>', 'current policy bundle folder (default ./rules)')
      .option('--log <file>', 'decision log (JSONL) whose incidents to replay on the store\'s graph')
      .option('--scenarios <names>', 'all, none, or simulator scenarios, comma-separated (default all; none with --log)')
      .option('--seeds <n>', 'simulated cities, seeds 1..n (default 1)')
      .option('--devices <n>', 'devices per simulated city (default 2500)')
      .option('--json', 'print one JSON object on stdout');
    withStoreOptions(plan).action((flags: PlanFlags) => runtime.run(() => runPlan(runtime, flags)));
  },
};
