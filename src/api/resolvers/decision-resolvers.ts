import { EngineError } from '../../core/index.js';
import { renderDecision } from '../../decision/index.js';
import type { ApiContext } from '../api-context.js';
import type { ApprovalRecord } from '../services/approval-journal.js';
import { decisionStatus, matchesDecision, type DecisionFilter, type LoggedDecision } from '../services/decision-log-view.js';
import { decodeSeqCursor, encodeSeqCursor, pageSize } from '../services/page-cursor.js';
import { requireDecisions, requireLive } from '../services/require-service.js';
import { runAudited } from '../services/run-audited.js';
import { connection, type ConnectionView, type FieldOf, type Resolver } from './resolver-types.js';

interface DecisionsArgs {
  readonly filter?: DecisionFilter | null;
  readonly first: number;
  readonly after?: string | null;
}

/**
 * Newest first, keyset-paged by `seq` (the cursor is the last seq shown, the next page `seq <
 * cursor`), so decisions the loop appends between pages never repeat or shift items. `truncated`:
 * more matched than the page holds, or the view dropped decisions older than its bound.
 */
const decisions: Resolver<unknown, DecisionsArgs, ConnectionView<LoggedDecision>> = (_source, args, context) => {
  const first = pageSize(args.first, 200);
  const before = decodeSeqCursor(args.after);
  const view = requireDecisions(context.services, 'decisions');
  const matching = view.all().filter(matchesDecision(args.filter, (id) => context.services.approvals.of(id)));
  const start = before === null ? 0 : matching.findIndex((d) => (d.seq ?? -1) < before);
  const from = start === -1 ? matching.length : start;
  const items = matching.slice(from, from + first).map((node) => ({ node, cursor: encodeSeqCursor(node.seq ?? 0) }));
  const hasNextPage = from + items.length < matching.length;
  return connection(items, { totalCount: matching.length, hasNextPage, hasPreviousPage: from > 0, truncated: hasNextPage || from > 0 || view.truncated() });
};

const decision: Resolver<unknown, { readonly id: string }, LoggedDecision | null> = (_source, args, context) => requireDecisions(context.services, 'decision').byId(args.id) ?? null;

const decisionLogIntegrity: FieldOf<unknown, object> = (_source, _args, context) => {
  const report = requireDecisions(context.services, 'decisionLogIntegrity').verify();
  return { ok: report.ok, entries: report.entries, head: report.head, problems: report.problemLines };
};

interface ApprovalArgs {
  readonly decision: string;
  readonly action: string;
  readonly comment?: string | null;
}

/** approveAction / rejectAction: the held action must exist in the logged decision; the loop applies it. */
function resolveApproval(approve: boolean): Resolver<unknown, ApprovalArgs, ApprovalRecord> {
  const operation = approve ? 'approveAction' : 'rejectAction';
  return (_source, args, context: ApiContext) =>
    runAudited(context, operation, { decision: args.decision, action: args.action, commentLength: args.comment?.length ?? 0 }, async () => {
      const live = requireLive(context.services, operation);
      const logged = requireDecisions(context.services, operation).byId(args.decision);
      if (logged === undefined) throw new EngineError('CG_API_NOT_FOUND', `no decision ${args.decision} in the decision log`, { details: { id: args.decision } });
      if (!logged.record.pendingApproval.some((a) => a.key === args.action)) {
        throw new EngineError('CG_API_BAD_REQUEST', `decision ${args.decision} holds no action ${args.action} for approval`, {
          details: { field: 'action', held: logged.record.pendingApproval.map((a) => a.key) },
        });
      }
      const receipt = await live.resolveApproval({
        decisionId: args.decision,
        actionKey: args.action,
        approve,
        actor: context.principal.subject,
        ...(args.comment == null ? {} : { comment: args.comment }),
      });
      const approval: ApprovalRecord = {
        decisionId: receipt.decisionId,
        actionKey: receipt.actionKey,
        status: receipt.status,
        at: receipt.at,
        actor: context.principal.subject,
        ...(args.comment == null ? {} : { comment: args.comment }),
      };
      await context.services.approvals.record(approval);
      return approval;
    });
}

const summaryOf = (text: string): string => text.split('\n', 1)[0] ?? '';

/** `Decision` fields over a logged record. */
const decisionType = {
  id: ((d) => d.record.id) as FieldOf<LoggedDecision, string>,
  at: ((d) => d.record.time) as FieldOf<LoggedDecision, string>,
  status: ((d, _args, context) => decisionStatus(d.record, context.services.approvals.of(d.record.id))) as FieldOf<LoggedDecision, string>,
  incident: ((d) => d.record.incident.id) as FieldOf<LoggedDecision, string>,
  domains: ((d) => d.record.incident.domains) as FieldOf<LoggedDecision, readonly string[]>,
  chosen: ((d) => d.record.chosen) as FieldOf<LoggedDecision, readonly object[]>,
  pendingApproval: ((d) => d.record.pendingApproval) as FieldOf<LoggedDecision, readonly object[]>,
  rejected: ((d) => d.record.rejected) as FieldOf<LoggedDecision, readonly object[]>,
  policyBundle: ((d) => d.record.versions.policyBundle) as FieldOf<LoggedDecision, string>,
  modelVersion: ((d) => d.record.versions.model) as FieldOf<LoggedDecision, string>,
  graphVersion: ((d) => d.record.versions.graph) as FieldOf<LoggedDecision, string>,
  approvals: ((d, _args, context) => context.services.approvals.of(d.record.id)) as FieldOf<LoggedDecision, readonly ApprovalRecord[]>,
  explanation: ((d) => {
    const text = renderDecision(d.record);
    return { summary: summaryOf(text), text, paths: d.record.paths, counterfactual: d.record.counterfactual, record: d.record };
  }) as FieldOf<LoggedDecision, object>,
};

/** Decisions and explanations from the decision log (DESIGN.md §8); approvals through the live loop. */
export const decisionResolvers = {
  Query: { decision, decisions, decisionLogIntegrity },
  Mutation: { approveAction: resolveApproval(true), rejectAction: resolveApproval(false) },
  Decision: decisionType,
};
