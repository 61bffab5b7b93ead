import { closeSync, openSync, readFileSync, readSync, statSync, type Stats } from 'node:fs';
import { EngineError, formatLocation, type Diagnostic } from '../../core/index.js';
import { parseLogLines } from '../../decision/decision-log.js';
import { verifyLogText, type DecisionRecord, type VerifyReport } from '../../decision/index.js';

/** A decision as the API serves it: the record plus where it sits in the hash chain (absent until logged). */
export interface LoggedDecision {
  readonly record: DecisionRecord;
  readonly seq: number | null;
  readonly hash: string | null;
}

export type DecisionStatusName = 'ACTED' | 'AWAITING_APPROVAL' | 'NO_ACTION';

export interface DecisionFilter {
  readonly status?: DecisionStatusName | null;
  readonly target?: string | null;
  readonly incident?: string | null;
  readonly since?: string | null;
  readonly until?: string | null;
}

/** Read access to the decision log (DESIGN.md §8) that follows the file as the loop appends to it. */
export interface DecisionLogView {
  /** The indexed decisions (the newest `maxRecords`), newest first. */
  all(): readonly LoggedDecision[];
  byId(id: string): LoggedDecision | undefined;
  /** True when older decisions were dropped from the index to keep it within `maxRecords`. */
  truncated(): boolean;
  /** Lines skipped because they are not JSON (file and line), newest `maxDiagnostics`. */
  diagnostics(): readonly Diagnostic[];
  verify(): VerifyReport & { readonly problemLines: readonly string[] };
}

export interface DecisionLogViewOptions {
  /** Decisions kept in memory; older ones are dropped and `truncated()` turns true. Default 100 000. */
  readonly maxRecords?: number;
  /** Skipped-line diagnostics kept. Default 1 000. */
  readonly maxDiagnostics?: number;
}

/** An approval or rejection of one held action (the approval journal's records). */
export interface ActionResolution {
  readonly actionKey: string;
  readonly status: 'APPLIED' | 'REJECTED';
}

/**
 * ACTED / AWAITING_APPROVAL / NO_ACTION from the record's chosen and held actions and the
 * approvals given since (the record itself is never rewritten, DESIGN.md §8): a decision awaits
 * approval while one of its held actions is neither approved nor rejected; once all are resolved
 * it ACTED if anything ran (chosen or approved), else NO_ACTION.
 */
export function decisionStatus(record: DecisionRecord, resolutions: readonly ActionResolution[] = []): DecisionStatusName {
  const resolved = new Map(resolutions.map((r) => [r.actionKey, r.status]));
  if (record.pendingApproval.some((a) => !resolved.has(a.key))) return 'AWAITING_APPROVAL';
  return record.chosen.length > 0 || [...resolved.values()].includes('APPLIED') ? 'ACTED' : 'NO_ACTION';
}

function unavailable(file: string, cause: unknown): EngineError {
  return new EngineError('CG_API_DECISIONS_UNAVAILABLE', `the decision log ${file} cannot be read`, { cause, details: { file } });
}

/** The bytes of `file` from `offset` to `size`. */
function readTail(file: string, offset: number, size: number): Buffer {
  const buffer = Buffer.alloc(size - offset);
  const fd = openSync(file, 'r');
  try {
    let read = 0;
    while (read < buffer.length) {
      const n = readSync(fd, buffer, read, buffer.length - read, offset + read);
      if (n === 0) break;
      read += n;
    }
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/** A filter as a predicate; time bounds compare ISO-8601 strings (the log writes UTC `Z` times). */
export function matchesDecision(
  filter: DecisionFilter | null | undefined,
  resolutionsOf: (decisionId: string) => readonly ActionResolution[] = () => [],
): (decision: LoggedDecision) => boolean {
  if (filter === null || filter === undefined) return () => true;
  return ({ record }) =>
    (filter.status == null || decisionStatus(record, resolutionsOf(record.id)) === filter.status) &&
    (filter.incident == null || record.incident.id === filter.incident) &&
    (filter.target == null || [...record.chosen, ...record.pendingApproval].some((a) => a.target === filter.target)) &&
    (filter.since == null || record.time >= filter.since) &&
    (filter.until == null || record.time <= filter.until);
}

/** What the view knows of the file: where it stopped reading, and the bounded index. */
class LogIndex {
  offset = 0;
  nextLine = 1;
  inode = -1;
  truncated = false;
  oldestFirst: LoggedDecision[] = [];
  byId = new Map<string, LoggedDecision>();
  diagnostics: Diagnostic[] = [];
  private newestFirst: readonly LoggedDecision[] | undefined = [];

  constructor(
    private readonly maxRecords: number,
    private readonly maxDiagnostics: number,
  ) {}

  reset(inode: number): void {
    Object.assign(this, { offset: 0, nextLine: 1, inode, truncated: false, oldestFirst: [], byId: new Map(), diagnostics: [], newestFirst: [] });
  }

  /** Parses the complete lines of `bytes` (read at `offset`) and indexes them, within the bounds. */
  add(bytes: Buffer, file: string): void {
    const end = bytes.lastIndexOf(0x0a) + 1;
    if (end === 0) return;
    const parsed = parseLogLines(bytes.subarray(0, end).toString('utf8'), file, { firstLine: this.nextLine, partialLastLine: true });
    this.offset += end;
    this.nextLine += parsed.lines;
    for (const entry of parsed.entries) {
      const decision: LoggedDecision = { record: entry.record as DecisionRecord, seq: entry.seq, hash: entry.hash };
      this.oldestFirst.push(decision);
      this.byId.set(decision.record.id, decision);
    }
    this.diagnostics.push(...parsed.diagnostics);
    if (this.diagnostics.length > this.maxDiagnostics) this.diagnostics.splice(0, this.diagnostics.length - this.maxDiagnostics);
    const excess = this.oldestFirst.length - this.maxRecords;
    if (excess > 0) {
      for (const dropped of this.oldestFirst.splice(0, excess)) if (this.byId.get(dropped.record.id) === dropped) this.byId.delete(dropped.record.id);
      this.truncated = true;
    }
    this.newestFirst = undefined;
  }

  all(): readonly LoggedDecision[] {
    this.newestFirst ??= [...this.oldestFirst].reverse();
    return this.newestFirst;
  }
}

/**
 * Opens the JSONL decision log at `file` (src/decision's format) and follows it: each request
 * reads only the bytes appended since the last one (a half-written last line waits for the next
 * read; a file that shrank or was replaced is read again from the start) and indexes at most
 * `maxRecords` decisions, newest kept. A line that is not JSON is skipped with a diagnostic
 * (file, line) that `verify` reports; a missing file is an empty log (the loop has not decided
 * yet); an unreadable one is CG_API_DECISIONS_UNAVAILABLE.
 */
export function openDecisionLogView(file: string, options: DecisionLogViewOptions = {}): DecisionLogView {
  const index = new LogIndex(options.maxRecords ?? 100_000, options.maxDiagnostics ?? 1_000);
  const follow = (): LogIndex => {
    let stat: Stats | undefined;
    try {
      stat = statSync(file, { throwIfNoEntry: false });
      if (stat === undefined) {
        if (index.offset > 0 || index.inode !== -1) index.reset(-1);
        return index;
      }
      if (stat.ino !== index.inode || stat.size < index.offset) index.reset(stat.ino);
      if (stat.size > index.offset) index.add(readTail(file, index.offset, stat.size), file);
    } catch (error) {
      throw unavailable(file, error);
    }
    return index;
  };
  return {
    all: () => follow().all(),
    byId: (id) => follow().byId.get(id),
    truncated: () => follow().truncated,
    diagnostics: () => follow().diagnostics,
    verify() {
      let text: string;
      try {
        text = statSync(file, { throwIfNoEntry: false }) === undefined ? '' : readFileSync(file, 'utf8');
      } catch (error) {
        throw unavailable(file, error);
      }
      const report = verifyLogText(text, file);
      return { ...report, problemLines: report.problems.map((p) => `${formatLocation(p.location)}: ${p.message}`) };
    },
  };
}
