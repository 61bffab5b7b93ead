/**
 * An append-only hash-chained JSONL file (the decision log format of
 * src/decision: `{ seq, prev, hash, record }`) that keeps its last entry in
 * memory, so the live loop appends in O(1) instead of re-reading the file per
 * decision as `appendToLog` does. `civgraph audit verify` checks it.
 */
import { appendFileSync } from 'node:fs';
import type { Diagnostic } from '../core/index.js';
import { chainLine, recoverLog, type LogEntry } from '../decision/index.js';

export interface ChainedJournal<T> {
  append(record: T): LogEntry<T>;
  readonly file: string;
  /** The CG_AUDIT_LOG_TORN_LINE warning when opening cut off a last line without its newline (`recoverLog`). */
  readonly torn?: Diagnostic;
}

/**
 * Opens (continues) the chain of `file`. Pass `entries` when the caller has already read the file
 * (open-live-loop.ts restores state from the same journal, through `recoverLog`); otherwise the
 * file is read once, here, by `recoverLog`: a last line cut short by a crash is cut off (`torn`).
 */
export function openChainedJournal<T>(file: string, entries?: readonly LogEntry[]): ChainedJournal<T> {
  const recovered = entries === undefined ? recoverLog(file) : { entries };
  let last: LogEntry | undefined = recovered.entries.at(-1);
  return {
    file,
    ...('torn' in recovered && recovered.torn !== undefined ? { torn: recovered.torn } : {}),
    append(record) {
      const { entry, line } = chainLine(last, record);
      appendFileSync(file, line);
      last = entry;
      return entry;
    },
  };
}
