import { EngineError } from '../../core/index.js';
import type { BatadalNormalModel } from './batadal-features.js';

/** The normal-operation tag models as plain JSON, embedded in a BATADAL model file's metadata. */
export interface BatadalNormalJson {
  readonly tags: readonly { tag: string; means: number[]; weights: number[]; intercept: number; residualSd: number }[];
}

export function batadalNormalToJson(normal: BatadalNormalModel): BatadalNormalJson {
  return {
    tags: normal.tags.map((t) => ({
      tag: t.tag,
      means: [...t.ridge.means],
      weights: [...t.ridge.weights],
      intercept: t.ridge.intercept,
      residualSd: t.residualSd,
    })),
  };
}

export function batadalNormalFromJson(json: unknown): BatadalNormalModel {
  const tags = (json as BatadalNormalJson | undefined)?.tags;
  if (!Array.isArray(tags)) {
    throw new EngineError('CG_MODEL_INVALID', 'BATADAL model file lacks metadata.normalModel.tags', { details: { pointer: '/metadata/normalModel/tags' } });
  }
  return {
    tags: tags.map((t) => ({
      tag: t.tag,
      ridge: { means: Float64Array.from(t.means), weights: Float64Array.from(t.weights), intercept: t.intercept },
      residualSd: t.residualSd,
    })),
  };
}
