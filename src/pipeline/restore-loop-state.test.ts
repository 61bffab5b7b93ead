import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isEngineError } from '../core/index.js';
import { appendToLog, type DecisionRecord, type FeedbackRecord } from '../decision/index.js';
import type { ApprovalRecord } from './create-live-feed.js';
import { restoreLoopState } from './restore-loop-state.js';

const decision = (id: string, held: string[]): DecisionRecord => ({
  id, time: '2026-01-05T10:00:00.000Z', incident: { id: 'i', domains: [] }, events: [], scores: [], paths: [], rules: [], constraints: [],
  chosen: [], rejected: [],
  pendingApproval: held.map((key) => {
    const [action = '', target = ''] = key.split('@');
    return { key, action, target, reason: 'approval required', rule: 'r' } as unknown as DecisionRecord['pendingApproval'][number];
  }),
  expected: { before: { impact: 2, criticalAvailability: 0.9 }, after: { impact: 1, criticalAvailability: 0.95 } },
  counterfactual: 'No action was chosen.', exact: true, versions: { policyBundle: 'b', model: 'm', graph: 'g' },
});

const feedback = (deviceKind: string, threshold?: { before: number; after: number }): FeedbackRecord => ({
  type: 'feedback', alertId: `a-${deviceKind}`, eventId: 'e', deviceKind, verdict: threshold === undefined ? 'BENIGN' : 'FALSE_POSITIVE', analyst: 'ana',
  recordedAt: '2026-01-05T11:00:00.000Z', ...(threshold === undefined ? {} : { threshold }),
});

const approval: ApprovalRecord = { type: 'approval', decisionId: 'decision-2', actionKey: 'isolate-device@gw-1', action: 'isolate-device', target: 'gw-1', status: 'REJECTED', actor: 'soc-1', comment: 'too broad', at: '2026-01-05T12:00:00.000Z' };

function files() {
  const dir = mkdtempSync(join(tmpdir(), 'cg-restore-'));
  return { journal: join(dir, 'decisions.feedback.jsonl'), decisionLog: join(dir, 'decisions.jsonl') };
}

describe('restoreLoopState', () => {
  it('takes back threshold moves (last per class wins), approvals given, and finds decisions of earlier runs in the log', () => {
    const f = files();
    appendToLog(f.decisionLog, [decision('decision-1', []), decision('decision-2', ['isolate-device@gw-1']), decision('decision-3', ['isolate-segment@seg-1'])]);
    appendToLog<FeedbackRecord | ApprovalRecord>(f.journal, [
      feedback('Camera', { before: 0.5, after: 0.52 }), feedback('Gateway'), approval, feedback('Camera', { before: 0.52, after: 0.54 }), feedback('PLC', { before: 0.5, after: 0.48 }),
    ]);
    const state = restoreLoopState(f);
    expect([...state.thresholds]).toEqual([['Camera', 0.54], ['PLC', 0.48]]);
    expect(state.approvals).toEqual([approval]);
    expect(state.findDecision('decision-3')?.pendingApproval.map((a) => a.key)).toEqual(['isolate-segment@seg-1']);
    expect(state.findDecision('decision-9')).toBeUndefined();
  });

  it('is empty on a first start (no files) and refuses a journal that is not JSON lines, naming the file and line', () => {
    const f = files();
    const state = restoreLoopState(f);
    expect({ thresholds: state.thresholds.size, approvals: state.approvals.length, found: state.findDecision('decision-1') }).toEqual({ thresholds: 0, approvals: 0, found: undefined });
    writeFileSync(f.journal, '{"seq":0}\nnot json\n');
    let caught: unknown;
    try {
      restoreLoopState(f);
    } catch (error) {
      caught = error;
    }
    expect(isEngineError(caught) ? [caught.code, caught.details] : caught).toEqual(['CG_AUDIT_LOG_UNREADABLE', { file: f.journal, line: 2 }]);
  });
});
