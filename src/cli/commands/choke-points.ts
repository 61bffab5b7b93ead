import { openRiskEngine, parseCount, type ChokePoints } from '../../risk/index.js';
import { formatTable } from '../format-table.js';
import { printJson } from '../io.js';
import { openStore } from '../open-store.js';
import { withStoreOptions, type CommandModule, type StoreFlags } from '../runtime.js';

interface ChokeFlags extends StoreFlags {
  readonly top: string;
  readonly json?: boolean;
}

function renderChoke(result: ChokePoints): string {
  const nodeRows = result.nodes.map((n, i) => [i + 1, n.id, n.kind, (100 * n.share).toFixed(1), n.servicesDomains.join(', ')]);
  const edgeRows = result.edges.map((e, i) => [i + 1, e.id, (100 * e.share).toFixed(1), e.servicesDomains.join(', ')]);
  return [
    `Expected impact (Σ P(loss) × criticality × people): ${Math.round(result.baseline).toLocaleString('en-US')}`,
    'Nodes whose protection cuts the most:',
    formatTable(['#', 'node', 'kind', '% cut', 'service domains'], nodeRows),
    'Edges whose cut removes the most:',
    formatTable(['#', 'edge', '% cut', 'service domains'], edgeRows),
    '',
  ].join('\n');
}

/** `civgraph choke-points [--top N] [--json]`: nodes and edges whose protection cuts the most expected impact. */
export const chokePointsCommand: CommandModule = {
  register(program, runtime) {
    const command = program
      .command('choke-points')
      .description('nodes and edges whose protection cuts the most expected impact, across domains')
      .option('--top <n>', 'how many nodes and edges', '10')
      .option('--json', 'print one JSON object on stdout');
    withStoreOptions(command).action((flags: ChokeFlags) =>
      runtime.run(async () => {
        const top = parseCount(flags.top, '--top');
        const store = await openStore(runtime.config(flags));
        try {
          const engine = await openRiskEngine(store);
          const result = engine.chokePoints({ top });
          if (flags.json) printJson(runtime.io, result);
          else runtime.io.out(renderChoke(result));
        } finally {
          await store.close();
        }
      }),
    );
  },
};
