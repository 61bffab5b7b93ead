import { open, type FileHandle } from 'node:fs/promises';
import { existsSync, readFileSync, truncateSync } from 'node:fs';
import { EngineError, diagnostic, type Diagnostic } from '../../core/index.js';
import { chainLine, chainProblems, GENESIS_HASH, type LogEntry } from '../../decision/index.js';
import type { ApprovalReceipt } from '../../pipeline/live-feed.js';

/** One approval or rejection given through the API: the loop's receipt, who gave it and why. */
export interface ApprovalRecord extends ApprovalReceipt {
  /** The principal's subject (`api-key#2`, a JWT `sub`). */
  readonly actor: string;
  readonly comment?: string;
}

/**
 * The approvals and rejections given through the API, per decision (oldest first), so
 * `Decision.approvals` shows them beside the logged record, which the log never rewrites
 * (DESIGN.md §8: append-only). The in-memory index is bounded: the oldest decisions go first.
 */
export interface ApprovalJournal {
  /** Records one approval; resolves once it is durable (the file journal: written and fsynced). */
  record(approval: ApprovalRecord): Promise<void>;
  of(decisionId: string): readonly ApprovalRecord[];
  /** The journal file; undefined for the in-memory journal. */
  readonly file?: string;
  /** What loading found and skipped (a torn last line); empty when the file was whole. */
  readonly diagnostics: readonly Diagnostic[];
  /** Waits for pending writes and closes the file. */
  close(): Promise<void>;
}

/** The journal file kept next to a decision log: `<decision-log>.approvals.jsonl`. */
export function approvalJournalPath(decisionLog: string): string {
  return `${decisionLog}.approvals.jsonl`;
}

/** Keeps the newest `maxDecisions` decisions' approvals, in arrival order. */
function approvalIndex(maxDecisions: number): { add(approval: ApprovalRecord): void; of(decisionId: string): readonly ApprovalRecord[] } {
  const byDecision = new Map<string, ApprovalRecord[]>();
  return {
    add(approval) {
      const list = byDecision.get(approval.decisionId) ?? [];
      byDecision.delete(approval.decisionId);
      byDecision.set(approval.decisionId, [...list, approval]);
      if (byDecision.size > maxDecisions) byDecision.delete(byDecision.keys().next().value as string);
    },
    of: (decisionId) => byDecision.get(decisionId) ?? [],
  };
}

/** Approvals kept in memory only (a server without a decision log): a restart forgets them. */
export function createApprovalJournal(maxDecisions = 10_000): ApprovalJournal {
  const index = approvalIndex(maxDecisions);
  return {
    record(approval) {
      index.add(approval);
      return Promise.resolve();
    },
    of: (decisionId) => index.of(decisionId),
    diagnostics: [],
    close: () => Promise.resolve(),
  };
}

const STATUSES: ReadonlySet<string> = new Set(['APPLIED', 'REJECTED']);

/** The record of a journal line, or why it is not one. */
function approvalOf(record: unknown): ApprovalRecord | string {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return 'record must be an object';
  const r = record as Record<string, unknown>;
  for (const field of ['decisionId', 'actionKey', 'at', 'actor'] as const) if (typeof r[field] !== 'string') return `record.${field} must be a string`;
  if (typeof r['status'] !== 'string' || !STATUSES.has(r['status'])) return 'record.status must be APPLIED or REJECTED';
  if (r['comment'] !== undefined && typeof r['comment'] !== 'string') return 'record.comment must be a string';
  return record as ApprovalRecord;
}

function chainBroken(file: string, line: number, reason: string, field?: string): EngineError {
  return new EngineError('CG_API_APPROVALS_CHAIN_BROKEN', `approval journal ${file}:${line}: ${reason}`, { details: { file, line, ...(field === undefined ? {} : { field }) } });
}

/** One complete line checked against the chain: JSON, sequence, link, hash, record shape. */
function checkedEntry(text: string, file: string, line: number, last: LogEntry | undefined): LogEntry<ApprovalRecord> {
  let entry: LogEntry;
  try {
    entry = JSON.parse(text) as LogEntry;
  } catch {
    throw chainBroken(file, line, 'line is not JSON');
  }
  const seq = last === undefined ? 0 : last.seq + 1;
  if (entry === null || typeof entry !== 'object') throw chainBroken(file, line, `sequence undefined where ${seq} was expected (a record was removed or reordered)`, 'seq');
  const [broken] = chainProblems(entry, seq, last?.hash ?? GENESIS_HASH);
  if (broken !== undefined) throw chainBroken(file, line, broken.message, broken.field);
  const approval = approvalOf(entry.record);
  if (typeof approval === 'string') throw chainBroken(file, line, approval, 'record');
  return entry as LogEntry<ApprovalRecord>;
}

/**
 * Checks a journal's text line by line (what `openApprovalJournal` loads; usable by `civgraph audit
 * verify`): throws CG_API_APPROVALS_CHAIN_BROKEN at the first line that is not JSON, breaks the
 * chain or holds no approval. A last line without its newline was never acknowledged: it is
 * reported (CG_API_APPROVALS_TORN_LINE, a warning) and not kept; `validBytes` ends before it.
 */
export function parseApprovalJournal(text: string, file: string): { readonly entries: readonly LogEntry<ApprovalRecord>[]; readonly diagnostics: readonly Diagnostic[]; readonly validBytes: number } {
  const end = text.lastIndexOf('\n') + 1;
  const entries: LogEntry<ApprovalRecord>[] = [];
  const lines = text.slice(0, end).split('\n');
  lines.pop();
  lines.forEach((line, i) => {
    if (line.trim() !== '') entries.push(checkedEntry(line, file, i + 1, entries.at(-1)));
  });
  const diagnostics = end < text.length ? [diagnostic('CG_API_APPROVALS_TORN_LINE', `the last line (${text.length - end} characters, no newline) is an interrupted write; it was ignored`, { file, line: lines.length + 1 }, 'warning')] : [];
  return { entries, diagnostics, validBytes: Buffer.byteLength(text.slice(0, end)) };
}

/**
 * A durable approval journal (issue 8): an append-only JSONL file in the decision log's format
 * (src/decision/decision-log.ts: `{ seq, prev, hash, record }`, hash = sha-256(prev ‖ "\n" ‖
 * canonical JSON of { seq, record })), so `verifyLog` checks it as it checks the decision log.
 * Loaded at open: a broken chain is CG_API_APPROVALS_CHAIN_BROKEN naming file and line; a torn
 * last line (a write cut short, never acknowledged) is reported in `diagnostics` and cut off so
 * the next record starts on its own line. Each record is written and fsynced before `record`
 * resolves; after a failed write the journal refuses further records (CG_API_APPROVALS_IO_FAILED)
 * until it is reopened, so the file never holds a record chained to one it lacks. One writer per file.
 */
export function openApprovalJournal(file: string, maxDecisions = 10_000): ApprovalJournal {
  const index = approvalIndex(maxDecisions);
  let loaded: ReturnType<typeof parseApprovalJournal> = { entries: [], diagnostics: [], validBytes: 0 };
  if (existsSync(file)) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (cause) {
      throw new EngineError('CG_API_APPROVALS_IO_FAILED', `cannot read the approval journal ${file}`, { cause, details: { file } });
    }
    loaded = parseApprovalJournal(text, file);
    if (loaded.diagnostics.length > 0) truncateSync(file, loaded.validBytes);
  }
  for (const entry of loaded.entries) index.add(entry.record);
  let last: LogEntry | undefined = loaded.entries.at(-1);
  let handle: Promise<FileHandle> | undefined;
  let queue: Promise<void> = Promise.resolve();
  let failed: unknown;
  const write = async (approval: ApprovalRecord): Promise<void> => {
    if (failed !== undefined) throw new EngineError('CG_API_APPROVALS_IO_FAILED', `the approval journal ${file} failed earlier; restart the server to reopen it`, { cause: failed, details: { file } });
    const { entry, line } = chainLine(last, approval);
    try {
      handle ??= open(file, 'a', 0o600);
      const fh = await handle;
      await fh.write(line);
      await fh.sync();
    } catch (cause) {
      failed = cause;
      throw new EngineError('CG_API_APPROVALS_IO_FAILED', `cannot append to the approval journal ${file}`, { cause, details: { file } });
    }
    last = entry;
    index.add(approval);
  };
  return {
    file,
    diagnostics: loaded.diagnostics,
    record(approval) {
      const done = queue.then(() => write(approval));
      queue = done.catch(() => undefined);
      return done;
    },
    of: (decisionId) => index.of(decisionId),
    async close() {
      await queue;
      const fh = await handle?.catch(() => undefined);
      handle = undefined;
      await fh?.close();
    },
  };
}
