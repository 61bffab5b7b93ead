import { appendFile } from 'node:fs/promises';
import { EngineError } from '../../core/index.js';

/** One audit record: who ran which mutation, with what, and how it ended. */
export interface AuditEntry {
  readonly at: string;
  readonly requestId: string;
  readonly subject: string;
  readonly role: string;
  readonly operation: string;
  /** Argument summary: never the whole payload (ingest text is recorded by length and hash). */
  readonly arguments: Readonly<Record<string, unknown>>;
  readonly outcome: 'started' | 'succeeded' | 'failed' | 'refused';
  readonly error?: string;
}

export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
}

/**
 * An append-only JSONL audit log (one JSON object per line), written before and after each
 * mutation: a mutation whose start cannot be recorded is not run (CG_API_AUDIT_WRITE_FAILED).
 * Stands in until the decision log (DESIGN.md §8) exists.
 */
export function fileAuditLog(path: string): AuditLog {
  let queue: Promise<void> = Promise.resolve();
  return {
    record(entry) {
      const line = `${JSON.stringify(entry)}\n`;
      const write = queue.then(() => appendFile(path, line, { encoding: 'utf8', mode: 0o600 }));
      queue = write.catch(() => undefined);
      return write.catch((error: unknown) => {
        throw new EngineError('CG_API_AUDIT_WRITE_FAILED', `cannot append to the audit log ${path}`, { cause: error, details: { path } });
      });
    },
  };
}
