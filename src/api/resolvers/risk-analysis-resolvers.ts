import { EngineError } from '../../core/index.js';
import type { NodeRecord } from '../../graph/port.js';
import type { AffectedNode, AffectedService, BlastRadius, ChokePoint, Channel, PathPage } from '../../risk/index.js';
import { pageSize } from '../services/page-cursor.js';
import type { FieldOf, Resolver } from './resolver-types.js';

type ChannelName = 'COMPROMISE' | 'AVAILABILITY' | 'VISIBILITY';
const toChannel = (name: ChannelName): Channel => name.toLowerCase() as Channel;
const fromChannel = (channel: Channel): ChannelName => channel.toUpperCase() as ChannelName;

function idList(field: string, ids: readonly string[], max: number): readonly string[] {
  if (ids.length === 0 || ids.length > max) {
    throw new EngineError('CG_API_BAD_REQUEST', `${field} must list from 1 to ${max} ids`, { details: { field } });
  }
  return ids;
}

interface PathArgs {
  readonly from: readonly string[];
  readonly to?: readonly string[] | null;
  readonly k: number;
  readonly first: number;
  readonly after?: string | null;
  readonly minProbability: number;
  readonly sourceChannel: ChannelName;
}

const propagationPaths: Resolver<unknown, PathArgs, object> = (_source, args, context) => {
  const k = pageSize(args.k, 100);
  const page: PathPage = context.services.risk.paths({
    from: idList('from', args.from, 100),
    ...(args.to ? { to: idList('to', args.to, 1000) } : {}),
    k,
    first: pageSize(args.first, 100),
    ...(args.after ? { after: args.after } : {}),
    minProbability: args.minProbability,
    sourceChannel: toChannel(args.sourceChannel),
  });
  return {
    paths: page.paths.map((path) => ({ ...path, hops: path.edges.map((hop) => ({ ...hop, channel: fromChannel(hop.channel) })) })),
    pageInfo: { hasNextPage: page.hasNextPage, hasPreviousPage: Boolean(args.after), startCursor: null, endCursor: page.endCursor },
    totalCount: page.totalCount,
    truncated: page.truncated,
  };
};

interface BlastArgs {
  readonly nodes: readonly string[];
  readonly channel: ChannelName;
  readonly minProbability: number;
  readonly first: number;
}

const blastRadius: Resolver<unknown, BlastArgs, object> = (_source, args, context) => {
  const first = pageSize(args.first, 500);
  const result: BlastRadius = context.services.risk.blastRadius(idList('nodes', args.nodes, 100), { channel: toChannel(args.channel), minProbability: args.minProbability });
  return {
    sources: result.sources,
    services: result.services.slice(0, first),
    facilities: result.facilities.slice(0, first),
    assetsByDomain: Object.entries(result.assetsByDomain).map(([domain, count]) => ({ domain, count })),
    totalCount: result.assetsAffected,
    truncated: result.services.length > first || result.facilities.length > first,
    peopleAffected: result.peopleAffected,
    expectedImpact: result.expectedImpact,
  };
};

const chokePoints: Resolver<unknown, { readonly top: number }, object> = (_source, args, context) => {
  const top = args.top;
  if (!Number.isInteger(top) || top < 1 || top > 50) throw new EngineError('CG_API_BAD_REQUEST', 'top must be a whole number from 1 to 50', { details: { field: 'top' } });
  const result = context.services.risk.chokePoints({ top });
  return {
    baseline: result.baseline,
    nodes: result.nodes,
    edges: result.edges,
    totalCount: result.candidatesEvaluated,
    truncated: result.candidatesEvaluated > top,
  };
};

const nodeOf: FieldOf<{ readonly id: string }, NodeRecord> = async (item, _args, context) => {
  const node = await context.loaders.node.load(item.id);
  if (node === null) throw new EngineError('CG_API_NOT_FOUND', `node ${item.id} was deleted meanwhile`, { details: { id: item.id } });
  return node;
};

const affectedAsset = {
  node: nodeOf,
  criticality: ((a) => ('criticality' in a ? a.criticality : null)) as FieldOf<AffectedNode | AffectedService, number | null>,
  peopleServed: ((a) => ('peopleServed' in a ? a.peopleServed : null)) as FieldOf<AffectedNode | AffectedService, number | null>,
  expectedPeople: ((a) => ('expectedPeople' in a ? a.expectedPeople : null)) as FieldOf<AffectedNode | AffectedService, number | null>,
};

/** Paths, blast radius and choke points from the risk engine (src/risk). */
export const riskAnalysisResolvers = {
  Query: { propagationPaths, blastRadius, chokePoints },
  AffectedAsset: affectedAsset,
  ChokePoint: { node: nodeOf as FieldOf<ChokePoint, NodeRecord> },
};
