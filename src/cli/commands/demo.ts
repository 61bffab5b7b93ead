import { resolve } from 'node:path';
import { Option } from 'commander';
import { EngineError } from '../../core/index.js';
import { SCENARIO_NAMES } from '../../sim/index.js';
import { runDemo } from '../demo/run-demo.js';
import { renderDemo } from '../demo/render-demo.js';
import { printJson } from '../io.js';
import { openStore } from '../open-store.js';
import { withStoreOptions, type CommandModule, type StoreFlags } from '../runtime.js';

interface DemoFlags extends StoreFlags {
  readonly devices: string;
  readonly seed: string;
  readonly scenario: string;
  readonly reset?: boolean;
  readonly decisionLog: string;
  readonly json?: boolean;
}

function integerFlag(name: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new EngineError(
      'CG_ARGUMENT_INVALID',
      `--${name} must be a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}, got "${raw}"`,
    );
  }
  return value;
}

export const demoCommand: CommandModule = {
  register(program, runtime) {
    const command = program
      .command('demo')
      .description('generate a simulated city into the store, replay a scenario through every stage and report')
      .option('--devices <n>', 'field devices in the city (500 to 5,000,000)', '5000')
      .option('--seed <n>', 'random seed (same seed, same city and scenario)', '1')
      .addOption(new Option('--scenario <name>', `scenario to replay: ${SCENARIO_NAMES.join(', ')}`).default('coordinated'))
      .option('--reset', 'replace a store that holds data the demo did not create')
      .option('--decision-log <file>', 'append the decisions to this hash-chained log', 'decisions.jsonl')
      .option('--json', 'print one JSON object on stdout');
    withStoreOptions(command).action((flags: DemoFlags) =>
      runtime.run(async () => {
        const devices = integerFlag('devices', flags.devices, 500, 5_000_000);
        const seed = integerFlag('seed', flags.seed, 0, 2 ** 31 - 1);
        const config = runtime.config(flags);
        const store = await openStore(config);
        try {
          const { report, explanations } = await runDemo(store, {
            devices,
            seed,
            scenario: flags.scenario,
            reset: flags.reset === true,
            io: runtime.io,
            progress: flags.json !== true,
            decisionLog: resolve(runtime.io.cwd, flags.decisionLog),
          });
          if (flags.json) printJson(runtime.io, report);
          else runtime.io.out(renderDemo(report, explanations));
        } finally {
          await store.close();
        }
      }),
    );
  },
};
