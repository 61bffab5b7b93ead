import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DecisionRecord } from '../decision/index.js';
import type { ApprovalInput, ApprovalReceipt } from '../pipeline/live-feed.js';
import { approvalJournalPath } from './services/approval-journal.js';
import { MemoryLiveFeed } from './testing/memory-live-feed.js';
import { postGraphql, startTestServer, TEST_KEYS } from './testing/start-test-server.js';

/** A loop whose receipts carry distinct times, so the test can tell which approval came back. */
class TimedLiveFeed extends MemoryLiveFeed {
  #minute = 0;
  override resolveApproval(input: ApprovalInput): Promise<ApprovalReceipt> {
    this.approvals.push(input);
    this.#minute += 1;
    return Promise.resolve({ decisionId: input.decisionId, actionKey: input.actionKey, status: input.approve ? 'APPLIED' : 'REJECTED', at: `2026-04-01T09:0${this.#minute}:00.000Z` });
  }
}

const APPROVALS = (id: string): string => `{ decision(id: "${id}") { id approvals { decisionId actionKey status at } } }`;

describe('approvals survive a restart (issue 8)', () => {
  it('approve and reject through GraphQL, stop, reopen on the same files: the same approvals, actor and time', async () => {
    const workDir = mkdtempSync(join(tmpdir(), 'civgraph-approvals-restart-'));
    const first = await startTestServer({ decisions: true, live: new TimedLiveFeed(), workDir });
    const held = readFileSync(first.decisionLogPath, 'utf8').trim().split('\n').map((line) => (JSON.parse(line) as { record: DecisionRecord }).record).find((r) => r.pendingApproval.length > 0)!;
    const key = held.pendingApproval[0]!.key;
    const soc = { 'x-api-key': TEST_KEYS.soc };
    const approved = await postGraphql(first.url, { query: `mutation { approveAction(decision: "${held.id}", action: "${key}", comment: "ok") { decisionId actionKey status at } }` }, soc);
    expect(approved.body).toEqual({ data: { approveAction: { decisionId: held.id, actionKey: key, status: 'APPLIED', at: '2026-04-01T09:01:00.000Z' } } });
    await postGraphql(first.url, { query: `mutation { rejectAction(decision: "${held.id}", action: "${key}", comment: "second thoughts") { status } }` }, soc);
    const before = await postGraphql(first.url, { query: APPROVALS(held.id) }, soc);
    await first.server.stop();
    await first.store.close();

    const second = await startTestServer({ decisions: true, live: new TimedLiveFeed(), workDir });
    try {
      const after = await postGraphql(second.url, { query: APPROVALS(held.id) }, soc);
      const expected = [
        { decisionId: held.id, actionKey: key, status: 'APPLIED', at: '2026-04-01T09:01:00.000Z' },
        { decisionId: held.id, actionKey: key, status: 'REJECTED', at: '2026-04-01T09:02:00.000Z' },
      ];
      expect(after.body).toEqual({ data: { decision: { id: held.id, approvals: expected } } });
      expect(after.body).toEqual(before.body);
      const journal = readFileSync(approvalJournalPath(second.decisionLogPath), 'utf8').trim().split('\n').map((line) => (JSON.parse(line) as { record: unknown }).record);
      expect(journal).toEqual([
        { ...expected[0], actor: 'api-key#2', comment: 'ok' },
        { ...expected[1], actor: 'api-key#2', comment: 'second thoughts' },
      ]);
    } finally {
      await second.stop();
    }
  });

  it('a tampered journal stops the next server with CG_API_APPROVALS_CHAIN_BROKEN naming file and line', async () => {
    const workDir = mkdtempSync(join(tmpdir(), 'civgraph-approvals-tamper-'));
    const first = await startTestServer({ decisions: true, live: new TimedLiveFeed(), workDir });
    const held = readFileSync(first.decisionLogPath, 'utf8').trim().split('\n').map((line) => (JSON.parse(line) as { record: DecisionRecord }).record).find((r) => r.pendingApproval.length > 0)!;
    await postGraphql(first.url, { query: `mutation { approveAction(decision: "${held.id}", action: "${held.pendingApproval[0]!.key}") { status } }` }, { 'x-api-key': TEST_KEYS.soc });
    await first.stop();
    const file = approvalJournalPath(first.decisionLogPath);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"status":"APPLIED"', '"status":"REJECTED"'));
    await expect(startTestServer({ decisions: true, live: new TimedLiveFeed(), workDir })).rejects.toMatchObject({
      code: 'CG_API_APPROVALS_CHAIN_BROKEN',
      details: { file, line: 1, field: 'hash' },
    });
  });
});
