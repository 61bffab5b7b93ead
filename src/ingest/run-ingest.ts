/**
 * The ingest lifecycle (DESIGN §1): fetch → parse → map (source adapters) →
 * validate (ontology kinds, SHACL shapes) → infer (domain/range checks, entity
 * resolution) → write to the store in batches → reconcile each source scope
 * after a successful load → link ATT&CK to D3FEND. Bad records go to the
 * dead-letter store with their diagnostic; one failing file never stops the
 * others; re-running the same inputs writes the same nodes and edges.
 */
import { basename } from 'node:path';
import type { Store } from 'n3';
import { newRunId, type Diagnostic } from '../core/index.js';
import type { GraphStore } from '../graph/port.js';
import { BatchWriter } from './batch-writer.js';
import { checkKinds } from './check-record.js';
import { memoryDeadLetter, type DeadLetterSink } from './dead-letter.js';
import type { MappingFile } from './declarative/mapping-spec.js';
import { detectFormat } from './detect-format.js';
import type { MergeRecord } from './entity-resolver.js';
import { listInputs, readInputFile, type IngestInput } from './fetch-inputs.js';
import { PropIndex } from './prop-index.js';
import { linkCountermeasures } from './link-countermeasures.js';
import { readInput, type ReadOptions } from './read-input.js';
import { reconcile } from './reconcile.js';
import type { BundledContexts } from './sources/ngsi-ld/context-resolver.js';
import { stixScopeOf } from './sources/stix/adapter.js';
import type { IngestFormat, RejectedRecord } from './types.js';

export interface RunIngestOptions {
  readonly store: GraphStore;
  readonly inputs: readonly IngestInput[];
  readonly format?: IngestFormat | 'auto';
  readonly mapping?: MappingFile;
  readonly mappingFile?: string;
  /** Bundled JSON-LD contexts (loadBundledContexts). */
  readonly contexts: BundledContexts;
  /** SHACL shapes (src/ontology loadShapes); without them only kinds are checked. */
  readonly shapes?: Store;
  /** Source scope for reconciliation; default per input (`<format>:<file name>`, STIX: its ATT&CK domain). */
  readonly scope?: string;
  readonly batchSize?: number;
  readonly deadLetter?: DeadLetterSink;
  /** Remove stale data of each fully loaded scope (default true). */
  readonly reconcile?: boolean;
  readonly maxDeleteFraction?: number;
  /** SenML "now" in seconds (default: the clock). */
  readonly now?: number;
  readonly scadaSystem?: string;
  /** Recompute ATT&CK → D3FEND links after the load (default true). */
  readonly linkKnowledge?: boolean;
  readonly onProgress?: (progress: { readonly source: string; readonly records: number }) => void;
  readonly onQuads?: ReadOptions['onQuads'];
}

export interface FileSummary {
  readonly source: string;
  readonly format: IngestFormat | null;
  readonly scope: string | null;
  readonly records: number;
  readonly rejected: number;
  readonly skipped: number;
  readonly failed: boolean;
}

export interface IngestSummary {
  readonly runId: string;
  readonly accepted: number;
  readonly merged: number;
  readonly rejected: number;
  readonly skipped: number;
  readonly nodesWritten: number;
  readonly edgesWritten: number;
  readonly edgesDropped: number;
  readonly nodesDeleted: number;
  readonly edgesDeleted: number;
  readonly knowledgeLinks: number;
  readonly files: readonly FileSummary[];
  /** Every diagnostic of the run (errors first), each with its location. */
  readonly diagnostics: readonly Diagnostic[];
  readonly merges: readonly MergeRecord[];
  /** True when an input could not be read, detected or parsed. */
  readonly failed: boolean;
}

interface RunState {
  readonly options: RunIngestOptions;
  readonly runId: string;
  readonly writers: Map<string, BatchWriter>;
  readonly failedScopes: Set<string>;
  readonly diagnostics: Diagnostic[];
  readonly files: FileSummary[];
  readonly deadLetter: DeadLetterSink;
  readonly index: PropIndex;
  rejected: number;
  skipped: number;
}

function writerFor(state: RunState, scope: string): BatchWriter {
  let writer = state.writers.get(scope);
  if (!writer) {
    writer = new BatchWriter({
      store: state.options.store, scope, batchSize: state.options.batchSize ?? 5_000, index: state.index,
      ...(state.options.shapes ? { shapes: state.options.shapes } : {}),
      onDiagnostic: (d) => state.diagnostics.push(d),
      onReject: (item, source) => reject(state, item, source, 'shacl'),
    });
    state.writers.set(scope, writer);
  }
  return writer;
}

function reject(state: RunState, item: RejectedRecord, source: string, format: string): void {
  state.rejected += 1;
  state.diagnostics.push(item.diagnostic);
  state.deadLetter.add({ runId: state.runId, at: new Date().toISOString(), source, format, index: item.index, diagnostic: item.diagnostic, payload: item.payload });
}

function scopeOf(state: RunState, format: IngestFormat, source: string, text: string): string {
  return state.options.scope ?? (format === 'stix' ? stixScopeOf(text) : undefined) ?? `${format}:${basename(source)}`;
}

async function ingestOne(state: RunState, source: string, text: string, fromFolder: boolean): Promise<void> {
  const requested = state.options.format ?? 'auto';
  const format = requested === 'auto' ? detectFormat(source, text, state.options.mapping !== undefined) : requested;
  if (!format) {
    const severity = fromFolder ? 'warning' : 'error';
    state.diagnostics.push({ severity, code: 'CG_INGEST_FORMAT_UNKNOWN', message: `${source}: format not recognised; pass --format (and --mapping for csv or vendor json)`, location: { source, file: source } });
    state.files.push({ source, format: null, scope: null, records: 0, rejected: 0, skipped: 0, failed: !fromFolder });
    return;
  }
  const scope = scopeOf(state, format, source, text);
  const writer = writerFor(state, scope);
  const readOptions: ReadOptions = {
    contexts: state.options.contexts, now: state.options.now ?? Math.floor(Date.now() / 1000), scadaSystem: state.options.scadaSystem ?? basename(source).replace(/\.[^.]*$/, ''),
    ...(state.options.mapping ? { mapping: state.options.mapping } : {}), ...(state.options.mappingFile ? { mappingFile: state.options.mappingFile } : {}),
    ...(state.options.onQuads ? { onQuads: state.options.onQuads } : {}),
  };
  let records = 0, rejected = 0, skipped = 0, failed = false;
  for await (const item of readInput(format, { source, text }, readOptions)) {
    records += 1;
    if (records % 1_000 === 0) state.options.onProgress?.({ source, records });
    if (item.type === 'skipped') {
      skipped += 1;
      continue;
    }
    const problem = item.type === 'record' ? checkKinds(item, source) : undefined;
    if (item.type === 'rejected' || problem) {
      const rejectedItem: RejectedRecord = item.type === 'rejected' ? item : { type: 'rejected', index: item.index, diagnostic: problem as Diagnostic, payload: item.nodes };
      if (rejectedItem.diagnostic.code === 'CG_INGEST_SYNTAX') failed = true;
      rejected += 1;
      reject(state, rejectedItem, source, format);
      continue;
    }
    for (const d of item.diagnostics) state.diagnostics.push(d);
    const flushing = writer.add(item, source);
    if (flushing) await flushing;
  }
  await state.deadLetter.flush();
  if (failed) state.failedScopes.add(scope);
  state.skipped += skipped;
  state.files.push({ source, format, scope, records, rejected, skipped, failed });
}

async function settle(state: RunState): Promise<{ nodesDeleted: number; edgesDeleted: number }> {
  let nodesDeleted = 0, edgesDeleted = 0;
  for (const writer of state.writers.values()) await writer.finish();
  if (state.options.reconcile === false) return { nodesDeleted, edgesDeleted };
  for (const [scope, writer] of state.writers) {
    if (state.failedScopes.has(scope)) continue;
    const result = await reconcile({ store: state.options.store, scope, seenNodes: writer.seenNodes, seenEdges: writer.seenEdges, ...(state.options.maxDeleteFraction !== undefined ? { maxDeleteFraction: state.options.maxDeleteFraction } : {}) });
    nodesDeleted += result.nodesDeleted;
    edgesDeleted += result.edgesDeleted;
    state.diagnostics.push(...result.diagnostics);
  }
  return { nodesDeleted, edgesDeleted };
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

function summarise(state: RunState, deleted: { nodesDeleted: number; edgesDeleted: number }, knowledgeLinks: number): IngestSummary {
  const writers = [...state.writers.values()];
  const sum = (pick: (w: BatchWriter) => number): number => writers.reduce((total, w) => total + pick(w), 0);
  const diagnostics = state.diagnostics.map((d, i) => ({ d, i })).sort((a, b) => SEVERITY_ORDER[a.d.severity] - SEVERITY_ORDER[b.d.severity] || a.i - b.i).map((x) => x.d);
  return {
    runId: state.runId,
    accepted: sum((w) => w.counters.accepted), merged: sum((w) => w.counters.merged), rejected: state.rejected, skipped: state.skipped,
    nodesWritten: sum((w) => w.counters.nodesWritten), edgesWritten: sum((w) => w.counters.edgesWritten), edgesDropped: sum((w) => w.counters.edgesDropped),
    ...deleted, knowledgeLinks,
    files: state.files, diagnostics, merges: writers.flatMap((w) => w.merges),
    failed: state.files.some((f) => f.failed) || state.diagnostics.some((d) => d.code === 'CG_INGEST_INPUT_UNREADABLE'),
  };
}

/** Runs one ingest over files, folders and inline inputs; see the module comment for the stages. */
export async function runIngest(options: RunIngestOptions): Promise<IngestSummary> {
  const state: RunState = { options, runId: newRunId(), writers: new Map(), failedScopes: new Set(), diagnostics: [], files: [], deadLetter: options.deadLetter ?? memoryDeadLetter(), index: new PropIndex(options.store), rejected: 0, skipped: 0 };
  const listed = await listInputs(options.inputs);
  state.diagnostics.push(...listed.diagnostics);
  for (const input of listed.inline) await ingestOne(state, input.source, input.text, false);
  for (const file of listed.files) {
    const text = await readInputFile(file.path);
    if (typeof text === 'string') await ingestOne(state, file.path, text, file.fromFolder);
    else {
      state.diagnostics.push(text);
      state.files.push({ source: file.path, format: null, scope: null, records: 0, rejected: 0, skipped: 0, failed: true });
    }
  }
  const deleted = await settle(state);
  const knowledge = [...state.writers.keys()].some((s) => s.startsWith('stix:') || s.startsWith('rdf:'));
  const links = options.linkKnowledge !== false && knowledge ? await linkCountermeasures(options.store) : { edges: 0 };
  return summarise(state, deleted, links.edges);
}
