import { contentHash, formatLocation, type Diagnostic } from '../../core/index.js';
import { INGEST_FORMATS, runIngest, type IngestFormat, type IngestSummary } from '../../ingest/index.js';
import { EngineError } from '../../core/index.js';
import type { Resolver } from './resolver-types.js';

interface IngestArgs {
  readonly input: { readonly source: string; readonly text: string; readonly format: string };
}

export interface IngestResultView {
  readonly runId: string;
  readonly accepted: number;
  readonly rejected: number;
  readonly skipped: number;
  readonly nodesWritten: number;
  readonly edgesWritten: number;
  readonly failed: boolean;
  readonly diagnostics: readonly { severity: string; code: string; message: string; location: string }[];
  readonly diagnosticCount: number;
}

const MAX_TEXT = 10 * 1024 * 1024;

function formatOf(format: string): IngestFormat | 'auto' {
  if (format === 'auto' || (INGEST_FORMATS as readonly string[]).includes(format)) return format as IngestFormat | 'auto';
  throw new EngineError('CG_API_BAD_REQUEST', `format must be auto or one of ${INGEST_FORMATS.join(', ')}`, { details: { field: 'format' } });
}

function view(summary: IngestSummary): IngestResultView {
  const diagnostic = (d: Diagnostic) => ({ severity: d.severity, code: d.code, message: d.message, location: formatLocation(d.location) });
  return {
    runId: summary.runId,
    accepted: summary.accepted,
    rejected: summary.rejected,
    skipped: summary.skipped,
    nodesWritten: summary.nodesWritten,
    edgesWritten: summary.edgesWritten,
    failed: summary.failed,
    diagnostics: summary.diagnostics.slice(0, 100).map(diagnostic),
    diagnosticCount: summary.diagnostics.length,
  };
}

/**
 * `ingest`: one inline document through the ingest pipeline, additive only (no reconcile, so an
 * API call never deletes data), recorded in the audit log before and after.
 */
const ingest: Resolver<unknown, IngestArgs, IngestResultView> = async (_source, { input }, context) => {
  const format = formatOf(input.format);
  if (input.text.length > MAX_TEXT) throw new EngineError('CG_API_BAD_REQUEST', `text is longer than ${MAX_TEXT} characters`, { details: { field: 'text' } });
  const { principal, services, requestId } = context;
  const base = {
    requestId,
    subject: principal.subject,
    role: principal.role,
    operation: 'ingest',
    arguments: { source: input.source, format, textLength: input.text.length, textHash: contentHash(input.text, 16) },
  };
  await services.auditLog.record({ ...base, at: new Date().toISOString(), outcome: 'started' });
  try {
    const summary = await runIngest({
      store: services.store,
      inputs: [{ source: `api:${input.source}`, text: input.text }],
      format,
      contexts: services.contexts,
      reconcile: false,
      linkKnowledge: false,
    });
    await services.refreshProjection();
    await services.auditLog.record({ ...base, at: new Date().toISOString(), outcome: summary.failed ? 'failed' : 'succeeded' });
    return view(summary);
  } catch (error) {
    await services.auditLog.record({ ...base, at: new Date().toISOString(), outcome: 'failed', error: error instanceof Error ? error.message : String(error) });
    throw error;
  }
};

/** Mutations (DESIGN.md §9); each is guarded by `@auth` in the SDL. */
export const ingestResolvers = { Mutation: { ingest } };
