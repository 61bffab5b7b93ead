import { EngineError } from '../../core/index.js';
import { readingSteps, type BatadalFrame } from '../evaluation/batadal-data.js';
import { BATADAL_FEATURE_SET, type BatadalNormalModel } from './batadal-features.js';
import type { HydraulicNormalModel } from './ctown-hydraulics.js';
import type { RidgeModel } from './ridge-regression.js';

interface RidgeJson {
  means: number[];
  weights: number[];
  intercept: number;
}

/** The normal-operation models as plain JSON, embedded in a BATADAL model file's metadata. */
export interface BatadalNormalJson {
  readonly tags: readonly ({ tag: string; residualSd: number } & RidgeJson)[];
  readonly hydraulics: {
    readonly tanks: readonly { tank: string; demandByHour: number[]; residualSd: number; cusumMax: number }[];
    readonly pumps: readonly ({ pump: string; residualSd: number } & RidgeJson)[];
    readonly rare: readonly string[];
    readonly curves: readonly ({ pump: string; station: string; beside: string; learnedOn?: string; head0: number; scale: number; headLow: number; headHigh: number } & RidgeJson)[];
  };
}

const ridgeToJson = (r: RidgeModel): RidgeJson => ({ means: [...r.means], weights: [...r.weights], intercept: r.intercept });
const ridgeFromJson = (r: RidgeJson): RidgeModel => ({ means: Float64Array.from(r.means), weights: Float64Array.from(r.weights), intercept: r.intercept });

export function batadalNormalToJson(normal: BatadalNormalModel): BatadalNormalJson {
  const h = normal.hydraulics;
  return {
    tags: normal.tags.map((t) => ({ tag: t.tag, ...ridgeToJson(t.ridge), residualSd: t.residualSd })),
    hydraulics: {
      tanks: h.tanks.map((t) => ({ tank: t.tank, demandByHour: [...t.demandByHour], residualSd: t.residualSd, cusumMax: t.cusumMax })),
      pumps: h.pumps.map((p) => ({ pump: p.pump, ...ridgeToJson(p.ridge), residualSd: p.residualSd })),
      rare: [...h.rare],
      curves: h.curves.map((c) => ({
        pump: c.pump, station: c.station, beside: c.beside, ...(c.learnedOn ? { learnedOn: c.learnedOn } : {}),
        head0: c.head0, ...ridgeToJson(c.ridge), scale: c.scale, headLow: c.headLow, headHigh: c.headHigh,
      })),
    },
  };
}

function hydraulicsFromJson(json: BatadalNormalJson['hydraulics'] | undefined): HydraulicNormalModel {
  if (!json || !Array.isArray(json.tanks) || !Array.isArray(json.pumps) || !Array.isArray(json.rare)) {
    throw new EngineError('CG_MODEL_INVALID', `BATADAL model file lacks metadata.normalModel.hydraulics (a batadal-v1 file? retrain with ${BATADAL_FEATURE_SET})`, {
      details: { pointer: '/metadata/normalModel/hydraulics' },
    });
  }
  if (!Array.isArray(json.curves)) {
    throw new EngineError('CG_MODEL_INVALID', `BATADAL model file lacks metadata.normalModel.hydraulics.curves (a batadal-v2 file? retrain with ${BATADAL_FEATURE_SET})`, {
      details: { pointer: '/metadata/normalModel/hydraulics/curves' },
    });
  }
  json.curves.forEach((c, i) => {
    for (const field of ['head0', 'scale', 'headLow', 'headHigh'] as const) {
      if (!Number.isFinite(c[field])) {
        throw new EngineError('CG_MODEL_INVALID', `BATADAL model file: head curve ${i} (${c.pump}) lacks a finite ${field}; retrain it (civgraph train --dataset batadal)`, {
          details: { pointer: `/metadata/normalModel/hydraulics/curves/${i}/${field}` },
        });
      }
    }
  });
  return {
    tanks: json.tanks.map((t) => ({ tank: t.tank, demandByHour: [...t.demandByHour], residualSd: t.residualSd, cusumMax: t.cusumMax })),
    pumps: json.pumps.map((p) => ({ pump: p.pump, ridge: ridgeFromJson(p), residualSd: p.residualSd })),
    rare: [...json.rare],
    curves: json.curves.map((c) => ({
      pump: c.pump, station: c.station, beside: c.beside, ...(c.learnedOn ? { learnedOn: c.learnedOn } : {}),
      head0: c.head0, ridge: ridgeFromJson(c), scale: c.scale, headLow: c.headLow, headHigh: c.headHigh,
    })),
  };
}

export function batadalNormalFromJson(json: unknown): BatadalNormalModel {
  const normal = json as BatadalNormalJson | undefined;
  if (!Array.isArray(normal?.tags)) {
    throw new EngineError('CG_MODEL_INVALID', 'BATADAL model file lacks metadata.normalModel.tags', { details: { pointer: '/metadata/normalModel/tags' } });
  }
  return {
    tags: normal.tags.map((t) => ({ tag: t.tag, ridge: ridgeFromJson(t), residualSd: t.residualSd })),
    hydraulics: hydraulicsFromJson(normal.hydraulics),
  };
}

/**
 * The resolution of the training feed (training set 2, as the detector will
 * read its inputs), per level, flow and pressure, for `metadata.readingSteps`.
 */
export function feedStepsToJson(frame: BatadalFrame): Record<string, number> {
  return Object.fromEntries([...readingSteps(frame)].filter(([, step]) => step > 0));
}

/** `metadata.readingSteps` of a model file (absent in files before session 7: no fallback). */
export function feedStepsFromJson(json: unknown): Map<string, number> | undefined {
  if (json === undefined) return undefined;
  const bad = (detail: string): never => {
    throw new EngineError('CG_MODEL_INVALID', `BATADAL model file: metadata.readingSteps ${detail}`, { details: { pointer: '/metadata/readingSteps' } });
  };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return bad('must be an object of tag → step');
  return new Map(
    Object.entries(json).map(([tag, step]) => {
      if (typeof step !== 'number' || !(step > 0) || step > 1) bad(`${tag} must be a step in (0, 1], got ${JSON.stringify(step)}`);
      return [tag, step as number];
    }),
  );
}
