import { EngineError } from '../../core/index.js';
import { openRiskEngine, parseHorizon, parseIdList, parseShare, type CascadeResult } from '../../risk/index.js';
import { formatTable } from '../format-table.js';
import { printJson } from '../io.js';
import { openStore } from '../open-store.js';
import { withStoreOptions, type CommandModule, type StoreFlags } from '../runtime.js';

interface SimulateFlags extends StoreFlags {
  readonly fail?: string;
  readonly failRandom?: string;
  readonly attack?: string;
  readonly horizon: string;
  readonly seed: string;
  readonly json?: boolean;
}

function renderCascade(result: CascadeResult): string {
  const rows = result.timeline.map((p) => [p.hours.toFixed(2), p.servicesLost, (100 * p.functionalIntegrity).toFixed(1), (100 * p.peopleIntegrity).toFixed(1), p.assetsLost]);
  const lost = result.services.filter((s) => s.lostAtHours !== null).map((s) => `${s.id} at ${(s.lostAtHours as number).toFixed(2)} h`);
  return [
    `Cascade over ${result.horizonHours} h (seed ${result.seed}): ${result.initiallyFailed} failed, ${result.initiallyAttacked} attacked at 0 h`,
    formatTable(['hours', 'services lost', 'integrity %', 'people %', 'assets lost'], rows),
    `Services lost: ${lost.length > 0 ? lost.join(', ') : 'none'}`,
    '',
  ].join('\n');
}

function seedOf(raw: string): number {
  const seed = Number(raw);
  if (!Number.isInteger(seed) || seed < 0) throw new EngineError('CG_RISK_INVALID_SCENARIO', `--seed must be a whole number, got "${raw}"`, { details: { seed: raw } });
  return seed;
}

/** `civgraph simulate --fail ID,...|--fail-random 30%|--attack ID,... [--horizon 24h] [--seed S] [--json]`. */
export const simulateCommand: CommandModule = {
  register(program, runtime) {
    const command = program
      .command('simulate')
      .description('cascade simulation over time: timeline of service loss and functional integrity for a what-if')
      .option('--fail <ids>', 'assets that fail at time 0, comma-separated')
      .option('--fail-random <share>', 'a random share of assets fails at time 0, e.g. 30%')
      .option('--attack <ids>', 'assets an attacker holds at time 0, comma-separated')
      .option('--horizon <duration>', 'how long to simulate, e.g. 90m, 24h, 2d', '24h')
      .option('--seed <n>', 'seed of the random draws', '1')
      .option('--json', 'print one JSON object on stdout');
    withStoreOptions(command).action((flags: SimulateFlags) =>
      runtime.run(async () => {
        const horizonHours = parseHorizon(flags.horizon);
        const failRandom = flags.failRandom === undefined ? undefined : parseShare(flags.failRandom);
        const scenario = {
          fail: flags.fail === undefined ? [] : parseIdList(flags.fail),
          attack: flags.attack === undefined ? [] : parseIdList(flags.attack),
          ...(failRandom === undefined ? {} : { failRandom }),
          horizonHours,
          seed: seedOf(flags.seed),
        };
        const store = await openStore(runtime.config(flags));
        try {
          const engine = await openRiskEngine(store);
          const result = engine.simulate(scenario);
          if (flags.json) printJson(runtime.io, result);
          else runtime.io.out(renderCascade(result));
        } finally {
          await store.close();
        }
      }),
    );
  },
};
