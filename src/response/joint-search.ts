/**
 * Joint improvement of the automatic action set. The first-order objective
 * (Σ of single-action values) misses redundant threats: when several flagged
 * devices feed the same service, containing any one of them avoids little,
 * containing all of them avoids much (noisy-OR). This step scores whole sets
 * by one joint propagation each and moves between them:
 *
 *   seeds: the first-order optimum; the strongest containment per target
 *   moves: per target, switch to another action or to none; keep a move when
 *          the joint objective E(before) − E(after) rises and every protected
 *          service kind stays within its cap (added P(loss) versus doing
 *          nothing, under the incident)
 *
 * bounded by `maxEvaluations` joint propagations.
 */
import type { ImpactModel } from './impact-model.js';
import type { Candidate } from './response-action.js';

export interface JointOptions {
  readonly model: ImpactModel;
  readonly costModel: ImpactModel;
  /** Auto candidates grouped by target; at most one per target is chosen. */
  readonly byTarget: ReadonlyMap<string, readonly Candidate[]>;
  readonly start: ReadonlyMap<string, Candidate>;
  readonly caps: ReadonlyMap<string, number>;
  readonly maxEvaluations?: number;
}

/** Whether every protected service kind stays within its cap (added P(loss) versus `model.base`) under `set`. */
export function feasible(options: Pick<JointOptions, 'model' | 'caps'>, set: readonly Candidate[]): boolean {
  if (options.caps.size === 0 || set.length === 0) return true;
  const after = options.model.evaluate(set);
  const { projection } = options.model;
  for (const [id, loss] of options.model.base.serviceLoss) {
    const added = (after.serviceLoss.get(id) ?? loss) - loss;
    if (added <= 0) continue;
    const v = projection.nodeIndex(id);
    for (const [kind, cap] of options.caps) if (projection.isA(v, kind) && added > cap + 1e-12) return false;
  }
  return true;
}

/** The best auto set found (one candidate per target) and its joint value. */
export function improveJointly(options: JointOptions): { readonly chosen: readonly Candidate[]; readonly value: number; readonly evaluations: number } {
  let evaluations = 0;
  const budget = options.maxEvaluations ?? 150;
  const score = (set: ReadonlyMap<string, Candidate>): number => {
    const list = [...set.values()];
    evaluations++;
    if (!feasible(options, list)) return -Infinity;
    return options.model.base.impact - options.model.evaluate(list).impact;
  };
  const strongest = new Map<string, Candidate>();
  for (const [target, list] of options.byTarget) {
    const best = [...list].sort((a, b) => a.action.effect.harmFactor - b.action.effect.harmFactor)[0];
    if (best !== undefined) strongest.set(target, best);
  }
  let current = new Map(options.start);
  let value = score(current);
  const alt = score(strongest);
  if (alt > value) {
    current = strongest;
    value = alt;
  }
  let improved = true;
  while (improved && evaluations < budget) {
    improved = false;
    for (const [target, list] of options.byTarget) {
      for (const option of [undefined, ...list]) {
        if (evaluations >= budget) break;
        if (option === current.get(target)) continue;
        const next = new Map(current);
        if (option === undefined) next.delete(target);
        else next.set(target, option);
        const v = score(next);
        if (v > value + 1e-9) {
          current = next;
          value = v;
          improved = true;
        }
      }
    }
  }
  return { chosen: [...current.values()], value, evaluations };
}
