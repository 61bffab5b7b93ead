/**
 * The dead-letter store: every rejected record with its diagnostic, appended
 * as one JSON line to a file (JSONL, replayable with `jq` or a script), or kept
 * in memory when no file is given (tests, API). Writing is batched per flush.
 */
import { appendFile } from 'node:fs/promises';
import { EngineError, type Diagnostic } from '../core/index.js';

export interface DeadLetterEntry {
  readonly runId: string;
  readonly at: string;
  readonly source: string;
  readonly format: string;
  readonly index: number;
  readonly diagnostic: Diagnostic;
  readonly payload: unknown;
}

export interface DeadLetterSink {
  add(entry: DeadLetterEntry): void;
  flush(): Promise<void>;
  readonly count: number;
}

export function memoryDeadLetter(): DeadLetterSink & { readonly entries: readonly DeadLetterEntry[] } {
  const entries: DeadLetterEntry[] = [];
  return {
    entries,
    add: (entry) => void entries.push(entry),
    flush: async () => undefined,
    get count() {
      return entries.length;
    },
  };
}

/** Appends to a JSONL file; the file is created on the first rejected record. */
export function fileDeadLetter(file: string): DeadLetterSink {
  let pending: string[] = [];
  let count = 0;
  return {
    add(entry) {
      pending.push(JSON.stringify(entry));
      count += 1;
    },
    async flush() {
      if (pending.length === 0) return;
      const text = `${pending.join('\n')}\n`;
      pending = [];
      try {
        await appendFile(file, text, 'utf8');
      } catch (error) {
        throw new EngineError('CG_INGEST_DEAD_LETTER_FAILED', `cannot append to dead-letter file ${file}`, { details: { file }, cause: error });
      }
    },
    get count() {
      return count;
    },
  };
}
