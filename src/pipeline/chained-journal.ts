/**
 * An append-only hash-chained JSONL file (the decision log format of
 * src/decision: `{ seq, prev, hash, record }`) that keeps its last entry in
 * memory, so the live loop appends in O(1) instead of re-reading the file per
 * decision as `appendToLog` does. `civgraph audit verify` checks it.
 */
import { appendFileSync, existsSync } from 'node:fs';
import { chainLine, readLog, type LogEntry } from '../decision/index.js';

export interface ChainedJournal<T> {
  append(record: T): LogEntry<T>;
  readonly file: string;
}

/**
 * Opens (continues) the chain of `file`. Pass `entries` when the caller has already read the file
 * (open-live-loop.ts restores state from the same journal); otherwise the file is read once, here.
 */
export function openChainedJournal<T>(file: string, entries: readonly LogEntry[] = existsSync(file) ? readLog(file) : []): ChainedJournal<T> {
  let last: LogEntry | undefined = entries.at(-1);
  return {
    file,
    append(record) {
      const { entry, line } = chainLine(last, record);
      appendFileSync(file, line);
      last = entry;
      return entry;
    },
  };
}
