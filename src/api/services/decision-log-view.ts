import { readFileSync, statSync } from 'node:fs';
import { EngineError, formatLocation } from '../../core/index.js';
import { verifyLogText, type DecisionRecord, type LogEntry, type VerifyReport } from '../../decision/index.js';

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
  /** Every logged decision, newest first. */
  all(): readonly LoggedDecision[];
  byId(id: string): LoggedDecision | undefined;
  verify(): VerifyReport & { readonly problemLines: readonly string[] };
}

/** ACTED / AWAITING_APPROVAL / NO_ACTION from the record's chosen and held actions. */
export function decisionStatus(record: DecisionRecord): DecisionStatusName {
  if (record.pendingApproval.length > 0) return 'AWAITING_APPROVAL';
  return record.chosen.length > 0 ? 'ACTED' : 'NO_ACTION';
}

function unavailable(file: string, cause: unknown, line?: number): EngineError {
  return new EngineError('CG_API_DECISIONS_UNAVAILABLE', `the decision log ${file} cannot be read${line === undefined ? '' : ` (line ${line} is not JSON)`}`, {
    cause,
    details: { file, ...(line === undefined ? {} : { line }) },
  });
}

/**
 * The log's complete lines as entries. A last line without its newline is a write in progress by
 * the loop and is left for the next read; any other line that is not JSON is an error.
 */
function readEntries(file: string): LogEntry[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw unavailable(file, error);
  }
  const lines = text.slice(0, text.lastIndexOf('\n') + 1).split('\n');
  const entries: LogEntry[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      entries.push(JSON.parse(line) as LogEntry);
    } catch (error) {
      throw unavailable(file, error, i + 1);
    }
  });
  return entries;
}

/** A filter as a predicate; time bounds compare ISO-8601 strings (the log writes UTC `Z` times). */
export function matchesDecision(filter: DecisionFilter | null | undefined): (decision: LoggedDecision) => boolean {
  if (filter === null || filter === undefined) return () => true;
  return ({ record }) =>
    (filter.status == null || decisionStatus(record) === filter.status) &&
    (filter.incident == null || record.incident.id === filter.incident) &&
    (filter.target == null || [...record.chosen, ...record.pendingApproval].some((a) => a.target === filter.target)) &&
    (filter.since == null || record.time >= filter.since) &&
    (filter.until == null || record.time <= filter.until);
}

/**
 * Opens the JSONL decision log at `file` (src/decision's format). The parsed entries are cached and
 * re-read when the file's size or modification time changes, so decisions the live loop appends
 * show up on the next request without a restart. A missing file is an empty log (the loop has not
 * decided yet); an unreadable or corrupt one is CG_API_DECISIONS_UNAVAILABLE.
 */
export function openDecisionLogView(file: string): DecisionLogView {
  let stamp = '';
  let entries: readonly LoggedDecision[] = [];
  let index = new Map<string, LoggedDecision>();
  const current = (): readonly LoggedDecision[] => {
    let next: string;
    try {
      const stat = statSync(file, { throwIfNoEntry: false });
      next = stat === undefined ? 'absent' : `${stat.size}:${stat.mtimeMs}`;
    } catch (error) {
      throw unavailable(file, error);
    }
    if (next === stamp) return entries;
    const read = next === 'absent' ? [] : readEntries(file);
    entries = read.map((e) => ({ record: e.record as DecisionRecord, seq: e.seq, hash: e.hash })).reverse();
    index = new Map(entries.map((d) => [d.record.id, d]));
    stamp = next;
    return entries;
  };
  return {
    all: current,
    byId(id) {
      current();
      return index.get(id);
    },
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
