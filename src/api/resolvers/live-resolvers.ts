import { EngineError } from '../../core/index.js';
import type { NodeRecord } from '../../graph/port.js';
import type { AlertSeverity, FeedbackReceipt, FeedbackVerdict, LiveAlert, LiveIncident, Page } from '../../pipeline/live-feed.js';
import type { LoggedDecision } from '../services/decision-log-view.js';
import { pageSize } from '../services/page-cursor.js';
import { requireDecisions, requireLive } from '../services/require-service.js';
import { runAudited } from '../services/run-audited.js';
import type { FieldOf, PageInfoView, Resolver } from './resolver-types.js';

interface LivePageArgs {
  readonly since?: string | null;
  readonly first: number;
  readonly after?: string | null;
}

export interface LiveConnection<T> {
  readonly nodes: readonly T[];
  readonly pageInfo: PageInfoView;
  readonly totalCount: number;
  readonly truncated: boolean;
}

/** A LiveFeed page as a connection: `truncated` when more matched than the page, or history was dropped. */
function livePage<T>(page: Page<T>, after: string | null | undefined): LiveConnection<T> {
  return {
    nodes: page.items,
    pageInfo: { hasNextPage: page.hasNextPage, hasPreviousPage: Boolean(after), startCursor: null, endCursor: page.endCursor ?? null },
    totalCount: page.totalCount,
    truncated: page.truncated || page.hasNextPage || Boolean(after),
  };
}

function pageRequest(args: LivePageArgs): { first: number; after?: string; since?: string } {
  if (args.since != null && Number.isNaN(Date.parse(args.since))) {
    throw new EngineError('CG_API_BAD_REQUEST', `since must be an ISO-8601 time, got ${args.since}`, { details: { field: 'since' } });
  }
  return { first: pageSize(args.first, 200), ...(args.after == null ? {} : { after: args.after }), ...(args.since == null ? {} : { since: args.since }) };
}

const alerts: Resolver<unknown, LivePageArgs & { readonly minSeverity: AlertSeverity }, LiveConnection<LiveAlert>> = (_source, args, context) =>
  livePage(requireLive(context.services, 'alerts').alerts({ ...pageRequest(args), minSeverity: args.minSeverity }), args.after);

const incidents: Resolver<unknown, LivePageArgs, LiveConnection<LiveIncident>> = (_source, args, context) =>
  livePage(requireLive(context.services, 'incidents').incidents(pageRequest(args)), args.after);

const alert: Resolver<unknown, { readonly id: string }, LiveAlert | null> = (_source, args, context) => requireLive(context.services, 'alert').alert(args.id) ?? null;
const incident: Resolver<unknown, { readonly id: string }, LiveIncident | null> = (_source, args, context) => requireLive(context.services, 'incident').incident(args.id) ?? null;

interface FeedbackArgs {
  readonly feedback: { readonly alert: string; readonly verdict: FeedbackVerdict; readonly comment?: string | null };
}

/** giveFeedback: the alert must be known to the loop; audited with the verdict, not the comment. */
const giveFeedback: Resolver<unknown, FeedbackArgs, object> = (_source, { feedback }, context) =>
  runAudited(context, 'giveFeedback', { alert: feedback.alert, verdict: feedback.verdict, commentLength: feedback.comment?.length ?? 0 }, async () => {
    const live = requireLive(context.services, 'giveFeedback');
    if (live.alert(feedback.alert) === undefined) throw new EngineError('CG_API_NOT_FOUND', `no alert ${feedback.alert} in the live history`, { details: { id: feedback.alert } });
    const receipt: FeedbackReceipt = await live.giveFeedback({
      alertId: feedback.alert,
      verdict: feedback.verdict,
      analyst: context.principal.subject,
      ...(feedback.comment == null ? {} : { comment: feedback.comment }),
    });
    return { alert: receipt.alertId, recordedAt: receipt.recordedAt, threshold: receipt.threshold ?? null };
  });

/** An asset through the request's DataLoader; null when the store no longer has it. */
export const deviceOf: FieldOf<{ readonly deviceId: string }, NodeRecord | null> = (item, _args, context) => context.loaders.node.load(item.deviceId);

const incidentType = {
  alerts: ((i, _args, context) => {
    const live = requireLive(context.services, 'Incident.alerts');
    return i.alertIds.map((id) => live.alert(id)).filter((a): a is LiveAlert => a !== undefined);
  }) as FieldOf<LiveIncident, readonly LiveAlert[]>,
  decisions: ((i, _args, context) => {
    if (i.decisionIds.length === 0) return [];
    const log = requireDecisions(context.services, 'Incident.decisions');
    return i.decisionIds.map((id) => log.byId(id)).filter((d): d is LoggedDecision => d !== undefined);
  }) as FieldOf<LiveIncident, readonly LoggedDecision[]>,
};

/** Alerts, incidents and feedback over the live loop (src/pipeline LiveFeed, DESIGN.md §1). */
export const liveResolvers = {
  Query: { alert, alerts, incident, incidents },
  Mutation: { giveFeedback },
  Alert: { at: ((a) => a.time) as FieldOf<LiveAlert, string>, device: deviceOf },
  Incident: incidentType,
};
