import { EngineError } from '../../core/index.js';
import type { DecisionRecord } from '../../decision/index.js';
import type { AlertSeverity, LiveAlert, ServiceRiskCrossing } from '../../pipeline/live-feed.js';
import type { ApiContext } from '../api-context.js';
import type { LoggedDecision } from '../services/decision-log-view.js';
import { requireLive } from '../services/require-service.js';
import { liveIterator } from '../subscriptions/live-iterator.js';
import type { FieldOf } from './resolver-types.js';

/** Items one subscriber may lag behind before its subscription is ended (CG_API_SUBSCRIPTION_OVERFLOW). */
export const SUBSCRIPTION_BUFFER = 1_000;

const SEVERITY_RANK: Readonly<Record<AlertSeverity, number>> = { LOW: 0, MEDIUM: 1, HIGH: 2, CRITICAL: 3 };

type Subscribe<Args, Item> = (source: unknown, args: Args, context: ApiContext) => AsyncIterableIterator<Item> | Promise<AsyncIterableIterator<Item>>;

/** A subscription root field: `subscribe` yields the items, `resolve` passes each one through. */
function field<Args, Item>(subscribe: Subscribe<Args, Item>): { subscribe: Subscribe<Args, Item>; resolve: (item: Item) => Item } {
  return { subscribe, resolve: (item) => item };
}

const alerts = field<{ readonly minSeverity: AlertSeverity }, LiveAlert>((_source, args, context) => {
  const live = requireLive(context.services, 'Subscription.alerts');
  const floor = SEVERITY_RANK[args.minSeverity];
  return liveIterator<LiveAlert>((push) => live.subscribe('alert', (a) => (SEVERITY_RANK[a.severity] >= floor ? push(a) : undefined)), SUBSCRIPTION_BUFFER);
});

/** Decisions from the live topic, with their place in the log when it is already there. */
const decisions = field<Record<string, never>, LoggedDecision>((_source, _args, context) => {
  const live = requireLive(context.services, 'Subscription.decisions');
  const toLogged = (record: DecisionRecord): LoggedDecision => context.services.decisions?.byId(record.id) ?? { record, seq: null, hash: null };
  return liveIterator<LoggedDecision>((push) => live.subscribe('decision', (record) => push(toLogged(record))), SUBSCRIPTION_BUFFER);
});

/** Threshold in (0, 1) and a service the graph has; then a watch of its own on the loop. */
const serviceRiskCrossed = field<{ readonly service: string; readonly threshold: number }, ServiceRiskCrossing>(async (_source, args, context) => {
  const live = requireLive(context.services, 'Subscription.serviceRiskCrossed');
  if (!(args.threshold > 0 && args.threshold < 1)) {
    throw new EngineError('CG_API_BAD_REQUEST', `threshold must be between 0 and 1 (exclusive), got ${args.threshold}`, { details: { field: 'threshold' } });
  }
  const node = await context.loaders.node.load(args.service);
  if (node === null || !node.labels.includes('Service')) {
    throw new EngineError('CG_API_NOT_FOUND', `no service ${args.service} in the graph`, { details: { id: args.service } });
  }
  return liveIterator<ServiceRiskCrossing>((push) => live.watchServiceRisk(args.service, args.threshold, push), SUBSCRIPTION_BUFFER);
});

/** graphql-ws subscriptions over the live loop (DESIGN.md §9). */
export const subscriptionResolvers = {
  Subscription: { alerts, decisions, serviceRiskCrossed },
  ServiceRiskCrossing: {
    at: ((c) => c.time) as FieldOf<ServiceRiskCrossing, string>,
    service: ((c, _args, context) => context.loaders.node.load(c.serviceId)) as FieldOf<ServiceRiskCrossing, object | null>,
  },
};
