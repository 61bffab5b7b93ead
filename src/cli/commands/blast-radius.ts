import { openRiskEngine, parseIdList, type BlastRadius } from '../../risk/index.js';
import { formatTable } from '../format-table.js';
import { printJson } from '../io.js';
import { openStore } from '../open-store.js';
import { withStoreOptions, type CommandModule, type StoreFlags } from '../runtime.js';

interface BlastFlags extends StoreFlags {
  readonly fail?: boolean;
  readonly json?: boolean;
}

function renderBlast(result: BlastRadius): string {
  const rows = result.services.map((s) => [
    s.id,
    s.domain ?? '',
    s.probability.toFixed(3),
    s.timeToImpactHours === null ? '' : s.timeToImpactHours.toFixed(2),
    Math.round(s.expectedPeople),
  ]);
  const domains = Object.entries(result.assetsByDomain).map(([d, n]) => `${d} ${n}`).join(', ');
  return [
    `Blast radius of ${result.sources.join(', ')}: ${result.assetsAffected.toLocaleString('en-US')} assets (${domains}),`,
    `about ${Math.round(result.peopleAffected).toLocaleString('en-US')} people affected (expected)`,
    formatTable(['service', 'domain', 'P(loss)', 'hours to impact', 'people (expected)'], rows),
    '',
  ].join('\n');
}

/** `civgraph blast-radius ID[,ID] [--fail] [--json]`: what those assets take down, how likely, how soon. */
export const blastRadiusCommand: CommandModule = {
  register(program, runtime) {
    const command = program
      .command('blast-radius')
      .description('services, facilities and people affected if these assets are compromised (or fail, with --fail)')
      .argument('<ids>', 'asset ids, comma-separated')
      .option('--fail', 'the assets fail (loss of availability) instead of being compromised')
      .option('--json', 'print one JSON object on stdout');
    withStoreOptions(command).action((ids: string, flags: BlastFlags) =>
      runtime.run(async () => {
        const store = await openStore(runtime.config(flags));
        try {
          const engine = await openRiskEngine(store);
          const result = engine.blastRadius(parseIdList(ids), { channel: flags.fail ? 'availability' : 'compromise' });
          if (flags.json) printJson(runtime.io, result);
          else runtime.io.out(renderBlast(result));
        } finally {
          await store.close();
        }
      }),
    );
  },
};
