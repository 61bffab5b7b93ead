import { resolve } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { Option } from 'commander';
import { EngineError } from '../../core/index.js';
import { exportGraph, type ExportFormat } from '../../ingest/index.js';
import { openStore } from '../open-store.js';
import { withStoreOptions, type CommandModule, type StoreFlags } from '../runtime.js';

interface ExportFlags extends StoreFlags {
  readonly format: ExportFormat;
  readonly focus?: string[];
  readonly depth: string;
  readonly output?: string;
}

/** `civgraph export --format turtle|jsonld [--focus ID --depth N]`: the graph or a subgraph as RDF. */
export const exportCommand: CommandModule = {
  register(program, runtime) {
    const command = program
      .command('export')
      .description('export the graph, or the neighbourhood of focus nodes, as Turtle or JSON-LD')
      .addOption(new Option('--format <format>', 'RDF syntax').choices(['turtle', 'jsonld']).default('turtle'))
      .option('--focus <id...>', 'export only the subgraph around these node ids')
      .option('--depth <n>', 'subgraph depth around the focus nodes', '1')
      .option('-o, --output <file>', 'write to a file instead of stdout');
    withStoreOptions(command).action(async (flags: ExportFlags) =>
      runtime.run(async () => {
        const depth = Number(flags.depth);
        if (!Number.isInteger(depth) || depth < 0) throw new EngineError('CG_INGEST_RECORD_INVALID', `--depth must be a non-negative integer, got ${flags.depth}`);
        const store = await openStore(runtime.config(flags));
        try {
          const text = await exportGraph({ store, format: flags.format, ...(flags.focus ? { focus: flags.focus, depth } : {}) });
          if (flags.output) {
            await writeFile(resolve(runtime.io.cwd, flags.output), text, 'utf8');
            runtime.io.err(`wrote ${flags.output}\n`);
          } else runtime.io.out(text);
        } finally {
          await store.close();
        }
      }),
    );
  },
};
