import type { Tx } from './batch-plan.js';

/** A statement the recording transaction was sent. */
export interface Sent {
  readonly query: string;
  readonly params: Record<string, unknown>;
}

/** A transaction that records statements and answers each with `answer(query, params)` as its one record. */
export function recordingTx(answer: (query: string, params: Record<string, unknown>) => Record<string, unknown> | undefined): { tx: Tx; sent: Sent[] } {
  const sent: Sent[] = [];
  const run = (query: string, params: Record<string, unknown> = {}) => {
    sent.push({ query, params });
    const row = answer(query, params);
    const records = row === undefined ? [] : [{ get: (key: string) => row[key] }];
    return Promise.resolve({ records });
  };
  return { tx: { run } as unknown as Tx, sent };
}
