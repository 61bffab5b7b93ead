import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Option } from 'commander';
import { EngineError, formatDiagnostic } from '../../core/index.js';
import { INGEST_FORMATS, bundledContextsDir, fileDeadLetter, loadBundledContexts, loadMapping, runIngest, type IngestSummary } from '../../ingest/index.js';
import { loadShapes, ontologyDir } from '../../ontology/index.js';
import { printJson, type CliIO } from '../io.js';
import { openStore } from '../open-store.js';
import { EmbeddedStore } from '../../graph/embedded/index.js';
import { createProgress } from '../progress.js';
import { withStoreOptions, type CommandModule, type StoreFlags } from '../runtime.js';

interface IngestFlags extends StoreFlags {
  readonly format: string;
  readonly mapping?: string;
  readonly scope?: string;
  readonly deadLetter: string;
  readonly reconcile: boolean;
  readonly shacl: boolean;
  readonly system?: string;
  readonly json?: boolean;
}

/** The checkout or install root: the nearest folder above this module holding ontology/civgraph.ttl. */
export function packageRoot(start = dirname(fileURLToPath(import.meta.url))): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'ontology', 'civgraph.ttl')) && existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new EngineError('CG_INGEST_INPUT_UNREADABLE', `cannot find the CivGraph root (ontology/civgraph.ttl) above ${start}`);
    dir = parent;
  }
}

const FIRST_DIAGNOSTICS = 10;

function printSummary(io: CliIO, s: IngestSummary): void {
  const lines = [
    `ingested ${s.files.length} input(s): ${s.accepted} accepted, ${s.merged} merged, ${s.rejected} rejected, ${s.skipped} skipped`,
    `  store: ${s.nodesWritten} node and ${s.edgesWritten} edge writes, ${s.nodesDeleted} nodes and ${s.edgesDeleted} edges reconciled away, ${s.edgesDropped} edges dropped, ${s.knowledgeLinks} ATT&CK→D3FEND links`,
    ...s.files.filter((f) => f.failed).map((f) => `  FAILED ${f.source}`),
    ...s.diagnostics.filter((d) => d.severity !== 'info').slice(0, FIRST_DIAGNOSTICS).map((d) => `  ${formatDiagnostic(d)}`),
  ];
  const more = s.diagnostics.filter((d) => d.severity !== 'info').length - FIRST_DIAGNOSTICS;
  if (more > 0) lines.push(`  … and ${more} more diagnostics (see the dead-letter file or --json)`);
  io.err(`${lines.join('\n')}\n`);
}

async function ingest(io: CliIO, inputs: readonly string[], flags: IngestFlags, storeConfig: Parameters<typeof openStore>[0]): Promise<IngestSummary> {
  const root = packageRoot();
  const contexts = await loadBundledContexts(bundledContextsDir(root));
  const shapes = flags.shacl ? await loadShapes({ dir: ontologyDir(root) }) : undefined;
  const mapping = flags.mapping ? await loadMapping(resolve(io.cwd, flags.mapping)) : undefined;
  const store = await openStore(storeConfig);
  // The run acknowledges once, at its end: batches commit without waiting for the disk, and one
  // synchronous commit before the summary makes every batch durable (EmbeddedStore.deferDurability).
  const makeDurable = store instanceof EmbeddedStore ? store.deferDurability() : undefined;
  const progress = createProgress(io, 'ingest', 0, !flags.json);
  let records = 0;
  try {
    return await runIngest({
      store, contexts, inputs: inputs.map((i) => resolve(io.cwd, i)),
      format: flags.format as (typeof INGEST_FORMATS)[number] | 'auto',
      ...(mapping ? { mapping, mappingFile: flags.mapping } : {}), ...(shapes ? { shapes } : {}),
      ...(flags.scope ? { scope: flags.scope } : {}), ...(flags.system ? { scadaSystem: flags.system } : {}),
      deadLetter: fileDeadLetter(resolve(io.cwd, flags.deadLetter)), reconcile: flags.reconcile,
      onProgress: (p) => progress.update((records = p.records)),
    });
  } finally {
    progress.finish(`${records.toLocaleString('en-US')}+ records read`);
    try {
      makeDurable?.();
    } finally {
      await store.close();
    }
  }
}

/** `civgraph ingest <file|dir...>`: load device, event and knowledge sources into the graph. */
export const ingestCommand: CommandModule = {
  register(program, runtime) {
    const command = program
      .command('ingest')
      .description('ingest NGSI-LD, SenML, CSV, STIX, CEF, SCADA tag tables, vendor JSON or RDF into the graph')
      .argument('<inputs...>', 'files or folders')
      .addOption(new Option('--format <format>', 'input format').choices(['auto', ...INGEST_FORMATS]).default('auto'))
      .option('--mapping <file>', 'declarative mapping file (csv, json-mapping)')
      .option('--scope <name>', 'source scope for reconciliation (default: per input)')
      .option('--system <name>', 'id prefix for SCADA tag tables (default: file name)')
      .option('--dead-letter <file>', 'JSONL file for rejected records', 'civgraph.dead-letter.jsonl')
      .option('--no-reconcile', 'keep data the inputs no longer contain')
      .option('--no-shacl', 'skip SHACL validation (kinds are still checked)')
      .option('--json', 'print the summary as one JSON object on stdout');
    withStoreOptions(command).action(async (inputs: string[], flags: IngestFlags) =>
      runtime.run(async () => {
        const config = runtime.config(flags);
        const summary = await ingest(runtime.io, inputs, flags, config);
        if (flags.json) {
          printJson(runtime.io, {
            accepted: summary.accepted, merged: summary.merged, rejected: summary.rejected, skipped: summary.skipped,
            nodesWritten: summary.nodesWritten, edgesWritten: summary.edgesWritten, nodesDeleted: summary.nodesDeleted, edgesDeleted: summary.edgesDeleted,
            knowledgeLinks: summary.knowledgeLinks, failed: summary.failed, files: summary.files, merges: summary.merges, diagnostics: summary.diagnostics,
          });
        } else printSummary(runtime.io, summary);
        if (summary.failed) runtime.setExitCode(2);
      }),
    );
  },
};
