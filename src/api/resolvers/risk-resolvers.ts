import { EngineError } from '../../core/index.js';
import type { NodeRecord } from '../../graph/port.js';
import type { RiskDirection, RiskGraphView, RiskNodeView } from '../services/risk-graph.js';
import type { FieldOf, Resolver } from './resolver-types.js';

interface RiskGraphArgs {
  readonly focus: string;
  readonly depth: number;
  readonly minRisk: number;
  readonly direction: RiskDirection;
  readonly maxNodes: number;
}

const riskGraph: Resolver<unknown, RiskGraphArgs, RiskGraphView> = (_source, args, context) => context.services.riskGraphs.get(args);

const riskNodeNode: FieldOf<RiskNodeView, NodeRecord> = async (item, _args, context) => {
  const node = await context.loaders.node.load(item.id);
  if (node === null) throw new EngineError('CG_API_NOT_FOUND', `node ${item.id} was deleted meanwhile`, { details: { id: item.id } });
  return node;
};

/** `riskGraph` on the projection (memoised per projection version); `RiskNode.node` through the request's DataLoader. */
export const riskResolvers = {
  Query: { riskGraph },
  RiskNode: { node: riskNodeNode },
};
