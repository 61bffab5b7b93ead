import { EngineError } from '../../core/index.js';
import type { NodeRecord } from '../../graph/port.js';
import { parseHorizon, type CascadeResult, type ServiceOutcome } from '../../risk/index.js';
import { pageSize } from '../services/page-cursor.js';
import type { FieldOf, Resolver } from './resolver-types.js';

interface ScenarioArgs {
  readonly scenario: {
    readonly fail?: readonly string[] | null;
    readonly attack?: readonly string[] | null;
    readonly failRandom?: number | null;
    readonly horizon: string;
    readonly seed: number;
  };
  readonly first: number;
}

const MAX_IDS = 1_000;

function ids(field: string, list: readonly string[] | null | undefined): readonly string[] {
  const value = list ?? [];
  if (value.length > MAX_IDS) throw new EngineError('CG_API_BAD_REQUEST', `${field} lists more than ${MAX_IDS} ids`, { details: { field } });
  return value;
}

/**
 * `simulate(scenario)`: one what-if cascade over time on the projection (src/risk simulateCascade,
 * DESIGN.md §5). Invalid scenarios keep src/risk's codes (CG_RISK_INVALID_SCENARIO, _HORIZON).
 */
const simulate: Resolver<unknown, ScenarioArgs, object> = (_source, { scenario, first }, context) => {
  const limit = pageSize(first, 500);
  const result: CascadeResult = context.services.risk.simulate({
    fail: ids('scenario.fail', scenario.fail),
    attack: ids('scenario.attack', scenario.attack),
    ...(scenario.failRandom == null ? {} : { failRandom: scenario.failRandom }),
    horizonHours: parseHorizon(scenario.horizon),
    seed: scenario.seed,
  });
  return {
    horizonHours: result.horizonHours,
    seed: result.seed,
    initiallyFailed: result.initiallyFailed,
    initiallyAttacked: result.initiallyAttacked,
    timeline: result.timeline,
    services: result.services.slice(0, limit),
    servicesLost: result.services.filter((s) => s.lostAtHours !== null).length,
    functionalIntegrity: result.functionalIntegrity,
    peopleIntegrity: result.peopleIntegrity,
    totalCount: result.services.length,
    truncated: result.services.length > limit,
  };
};

const serviceNode: FieldOf<ServiceOutcome, NodeRecord> = async (item, _args, context) => {
  const node = await context.loaders.node.load(item.id);
  if (node === null) throw new EngineError('CG_API_NOT_FOUND', `node ${item.id} was deleted meanwhile`, { details: { id: item.id } });
  return node;
};

/** Cascade simulation (the what-if of DESIGN.md §5). */
export const simulateResolvers = {
  Query: { simulate },
  ServiceOutcome: { node: serviceNode },
};
