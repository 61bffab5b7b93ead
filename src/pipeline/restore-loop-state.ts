/**
 * What a restarted live loop takes back from its own files, so a restart
 * forgets nothing an operator did:
 * - analysts' threshold moves per device class (the feedback journal's
 *   `feedback` records, the last move of a class wins; issue 9 item 3);
 * - approvals and rejections already given (the journal's `approval`
 *   records), so no held action is resolved twice;
 * - the decisions of earlier runs (the hash-chained decision log), so an
 *   action held for approval before the restart, or by the batch demo that
 *   wrote the same log, can still be approved or rejected.
 * Both files are the loop's own (open-live-loop.ts); a missing file is a
 * first start. A file that is not a chain of JSON lines is refused by
 * `readLog` with CG_AUDIT_LOG_UNREADABLE naming the file and line; a journal
 * whose last line was cut short by a crash loses that line (`recoverLog`,
 * reported in `torn`).
 */
import { existsSync } from 'node:fs';
import type { Diagnostic } from '../core/index.js';
import { readLog, recoverLog, type DecisionRecord, type FeedbackRecord, type LogEntry } from '../decision/index.js';
import type { ApprovalRecord } from './create-live-feed.js';

export interface RestoredLoopState {
  /** Device kind → threshold, after every recorded move. */
  readonly thresholds: ReadonlyMap<string, number>;
  /** Approvals and rejections in journal order. */
  readonly approvals: readonly ApprovalRecord[];
  /** The journal's entries as read, so the caller continues its chain without reading it again (`openChainedJournal(journal, entries)`). */
  readonly journalEntries: readonly LogEntry[];
  /** CG_AUDIT_LOG_TORN_LINE when the journal's last line was an append cut short (cut off the file). */
  readonly torn?: Diagnostic;
  /** A decision of the log by id (the newest record with that id), read from the file when asked. */
  findDecision(id: string): DecisionRecord | undefined;
}

export interface LoopStateFiles {
  /** The feedback and approval journal (`<log>.feedback.jsonl`). */
  readonly journal: string;
  /** The decision log. */
  readonly decisionLog: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads the journal once; the decision log is read only when a decision outside the loop's history is asked for (approvals are rare). */
export function restoreLoopState(files: LoopStateFiles): RestoredLoopState {
  const { entries: journalEntries, torn } = recoverLog(files.journal);
  const thresholds = new Map<string, number>();
  const approvals: ApprovalRecord[] = [];
  for (const { record } of journalEntries) {
    if (!isRecord(record)) continue;
    if (record['type'] === 'approval') approvals.push(record as unknown as ApprovalRecord);
    const feedback = record as unknown as FeedbackRecord;
    if (feedback.type === 'feedback' && feedback.threshold !== undefined) thresholds.set(feedback.deviceKind, feedback.threshold.after);
  }
  return {
    thresholds,
    approvals,
    journalEntries,
    ...(torn === undefined ? {} : { torn }),
    findDecision(id) {
      if (!existsSync(files.decisionLog)) return undefined;
      const found = readLog(files.decisionLog).findLast((e) => isRecord(e.record) && e.record['id'] === id);
      return found?.record as DecisionRecord | undefined;
    },
  };
}
