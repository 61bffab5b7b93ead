import { openRiskEngine, parseCount, parseIdList, type PathPage } from '../../risk/index.js';
import { formatTable } from '../format-table.js';
import { printJson } from '../io.js';
import { openStore } from '../open-store.js';
import { withStoreOptions, type CommandModule, type StoreFlags } from '../runtime.js';

interface PathsFlags extends StoreFlags {
  readonly from: string;
  readonly to?: string;
  readonly k: string;
  readonly json?: boolean;
}

/** The `--json` shape: per path nodes, edges (kind, probability, delay in hours), probability, domains. */
export function pathsJson(page: PathPage): unknown {
  return {
    paths: page.paths.map((path) => ({
      nodes: path.nodes,
      edges: path.edges.map((hop) => ({
        from: hop.from,
        to: hop.to,
        kind: hop.kind,
        channel: hop.channel,
        probability: hop.probability,
        delay: hop.delayHours,
        domain: hop.domain,
      })),
      probability: path.probability,
      delayHours: path.delayHours,
      domains: path.domains,
    })),
    totalCount: page.totalCount,
    truncated: page.truncated,
  };
}

function renderPaths(page: PathPage): string {
  const rows = page.paths.map((path, i) => [
    i + 1,
    path.probability.toFixed(4),
    path.delayHours.toFixed(2),
    path.domains.join(' → '),
    path.nodes.join(' → '),
  ]);
  const more = page.truncated ? '\n  (more paths exist: raise --k)' : '';
  return `${formatTable(['#', 'probability', 'hours', 'domains', 'path'], rows)}${more}\n`;
}

/** `civgraph paths --from ID[,ID] [--to ID] [--k N] [--json]`: the k most probable propagation paths. */
export const pathsCommand: CommandModule = {
  register(program, runtime) {
    const command = program
      .command('paths')
      .description('the k most probable propagation paths from assets to critical services (or to --to)')
      .requiredOption('--from <ids>', 'source asset ids, comma-separated')
      .option('--to <ids>', 'target ids, comma-separated (default: every service)')
      .option('--k <n>', 'how many paths', '10')
      .option('--json', 'print one JSON object on stdout');
    withStoreOptions(command).action((flags: PathsFlags) =>
      runtime.run(async () => {
        const k = parseCount(flags.k, '--k');
        const store = await openStore(runtime.config(flags));
        try {
          const engine = await openRiskEngine(store);
          const to = flags.to === undefined ? undefined : parseIdList(flags.to);
          const page = engine.paths({ from: parseIdList(flags.from), ...(to === undefined ? {} : { to }), k });
          if (flags.json) printJson(runtime.io, pathsJson(page));
          else runtime.io.out(renderPaths(page));
        } finally {
          await store.close();
        }
      }),
    );
  },
};
