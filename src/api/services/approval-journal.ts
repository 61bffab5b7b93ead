import type { ApprovalReceipt } from '../../pipeline/live-feed.js';

/**
 * The approvals and rejections given through this server, per decision (newest last), so
 * `Decision.approvals` shows them beside the logged record, which the log never rewrites
 * (DESIGN.md §8: append-only). Bounded: the oldest decisions' receipts go first.
 */
export interface ApprovalJournal {
  record(receipt: ApprovalReceipt): void;
  of(decisionId: string): readonly ApprovalReceipt[];
}

export function createApprovalJournal(maxDecisions = 10_000): ApprovalJournal {
  const byDecision = new Map<string, ApprovalReceipt[]>();
  return {
    record(receipt) {
      const list = byDecision.get(receipt.decisionId) ?? [];
      byDecision.delete(receipt.decisionId);
      byDecision.set(receipt.decisionId, [...list, receipt]);
      if (byDecision.size > maxDecisions) byDecision.delete(byDecision.keys().next().value as string);
    },
    of: (decisionId) => byDecision.get(decisionId) ?? [],
  };
}
