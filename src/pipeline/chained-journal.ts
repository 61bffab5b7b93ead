/**
 * An append-only hash-chained JSONL file (the decision log format of
 * src/decision: `{ seq, prev, hash, record }`) that keeps its last entry in
 * memory, so the live loop appends in O(1) instead of re-reading the file per
 * decision as `appendToLog` does. `civgraph audit verify` checks it.
 */
import { appendFileSync, existsSync } from 'node:fs';
import { chainEntry, readLog, type LogEntry } from '../decision/index.js';

export interface ChainedJournal<T> {
  append(record: T): LogEntry<T>;
  readonly file: string;
}

/** Opens (continues) the chain of `file`; the file is read once, here. */
export function openChainedJournal<T>(file: string): ChainedJournal<T> {
  let last: LogEntry | undefined = existsSync(file) ? readLog(file).at(-1) : undefined;
  return {
    file,
    append(record) {
      const entry = chainEntry(last, record);
      appendFileSync(file, `${JSON.stringify(entry)}\n`);
      last = entry;
      return entry;
    },
  };
}
