import { EngineError } from '../../core/index.js';
import type { Tree, TreeEnsemble } from './tree-ensemble.js';

/**
 * Import of XGBoost ≥ 1.0 JSON models (`Booster.save_model("m.json")`), the
 * schema in xgboost's `doc/model.schema`: `learner.gradient_booster.model.trees`
 * hold per-tree arrays (`left_children`, `right_children`, `split_indices`,
 * `split_conditions`, `default_left`, `sum_hessian`); a leaf's value is its
 * `split_conditions` entry. `learner_model_param.base_score` is in probability
 * space for logistic objectives, so the base margin is logit(base_score)
 * (xgboost `ProbToMargin`); from 2.0 on it may be written as "[5E-1]".
 */
export interface XGBoostImport {
  readonly ensemble: TreeEnsemble;
  readonly objective: string;
  /** The link from margin to output: `logistic` for binary:logistic, else identity. */
  readonly link: 'logistic' | 'identity';
}

type Json = unknown;

const LINK_BY_OBJECTIVE: Readonly<Record<string, { link: 'logistic' | 'identity'; logitBase: boolean }>> = {
  'binary:logistic': { link: 'logistic', logitBase: true },
  'reg:logistic': { link: 'logistic', logitBase: true },
  'binary:logitraw': { link: 'identity', logitBase: true },
  'reg:squarederror': { link: 'identity', logitBase: false },
  'reg:linear': { link: 'identity', logitBase: false },
  'reg:absoluteerror': { link: 'identity', logitBase: false },
  'reg:pseudohubererror': { link: 'identity', logitBase: false },
};

function invalid(pointer: string, message: string): EngineError {
  return new EngineError('CG_MODEL_INVALID', `XGBoost JSON model: ${message} at ${pointer}`, { details: { pointer } });
}

function field(value: Json, key: string, pointer: string): Json {
  if (typeof value !== 'object' || value === null || !(key in value)) throw invalid(`${pointer}/${key}`, 'missing field');
  return (value as Record<string, Json>)[key];
}

function numbers(value: Json, pointer: string): number[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'number')) throw invalid(pointer, 'expected an array of numbers');
  return value as number[];
}

/** Parses "0.5", "5E-1" or "[5E-1]" (xgboost ≥ 2 writes a vector). */
export function parseBaseScore(raw: Json, pointer: string): number {
  const text = typeof raw === 'string' ? raw.replace(/^\[|\]$/g, '') : String(raw);
  const parts = text.split(',');
  const value = Number(parts[0]);
  if (parts.length !== 1 || !Number.isFinite(value)) {
    if (parts.length > 1) throw new EngineError('CG_MODEL_UNSUPPORTED', 'XGBoost model has a multi-target base_score', { details: { pointer } });
    throw invalid(pointer, `base_score ${JSON.stringify(raw)} is not a number`);
  }
  return value;
}

function importTree(raw: Json, pointer: string): Tree {
  const left = numbers(field(raw, 'left_children', pointer), `${pointer}/left_children`);
  const right = numbers(field(raw, 'right_children', pointer), `${pointer}/right_children`);
  const split = numbers(field(raw, 'split_indices', pointer), `${pointer}/split_indices`);
  const cond = numbers(field(raw, 'split_conditions', pointer), `${pointer}/split_conditions`);
  const dleft = numbers(field(raw, 'default_left', pointer), `${pointer}/default_left`);
  const hess = numbers(field(raw, 'sum_hessian', pointer), `${pointer}/sum_hessian`);
  const n = left.length;
  if ([right, split, cond, dleft, hess].some((a) => a.length !== n)) throw invalid(pointer, 'node arrays differ in length');
  const splitType = (raw as Record<string, Json>)['split_type'];
  if (Array.isArray(splitType) && splitType.some((t) => t !== 0)) {
    throw new EngineError('CG_MODEL_UNSUPPORTED', 'XGBoost model uses categorical splits', { details: { pointer } });
  }
  const isLeaf = (i: number): boolean => (left[i] as number) < 0;
  return {
    feature: Int32Array.from(left.map((l, i) => (l < 0 ? -1 : (split[i] as number)))),
    threshold: Float64Array.from(cond.map((c, i) => (isLeaf(i) ? 0 : Math.fround(c)))),
    left: Int32Array.from(left.map((l) => (l < 0 ? -1 : l))),
    right: Int32Array.from(right.map((r, i) => (isLeaf(i) ? -1 : r))),
    value: Float64Array.from(cond.map((c, i) => (isLeaf(i) ? c : 0))),
    cover: Float64Array.from(hess),
    defaultLeft: Uint8Array.from(dleft.map((d) => (d ? 1 : 0))),
  };
}

function featureNamesOf(learner: Json, count: number): string[] {
  const names = (learner as Record<string, Json>)['feature_names'];
  if (Array.isArray(names) && names.length === count && names.every((n) => typeof n === 'string')) return names as string[];
  return Array.from({ length: count }, (_, i) => `f${i}`);
}

/** Converts a parsed XGBoost JSON model into the shared tree ensemble. */
export function importXGBoostJson(model: Json): XGBoostImport {
  const learner = field(model, 'learner', '');
  const booster = field(learner, 'gradient_booster', '/learner');
  const name = field(booster, 'name', '/learner/gradient_booster');
  if (name !== 'gbtree') throw new EngineError('CG_MODEL_UNSUPPORTED', `XGBoost booster "${String(name)}" is not supported (only gbtree)`);
  const params = field(learner, 'learner_model_param', '/learner');
  const numClass = Number(field(params, 'num_class', '/learner/learner_model_param'));
  if (numClass > 1) throw new EngineError('CG_MODEL_UNSUPPORTED', `XGBoost multi-class models (num_class ${numClass}) are not supported`);
  const objective = String(field(field(learner, 'objective', '/learner'), 'name', '/learner/objective'));
  const spec = LINK_BY_OBJECTIVE[objective];
  if (!spec) throw new EngineError('CG_MODEL_UNSUPPORTED', `XGBoost objective "${objective}" is not supported`, { details: { objective } });
  const baseScore = parseBaseScore(field(params, 'base_score', '/learner/learner_model_param'), '/learner/learner_model_param/base_score');
  const baseMargin = spec.logitBase ? Math.log(baseScore / (1 - baseScore)) : baseScore;
  const treesRaw = field(field(booster, 'model', '/learner/gradient_booster'), 'trees', '/learner/gradient_booster/model');
  if (!Array.isArray(treesRaw)) throw invalid('/learner/gradient_booster/model/trees', 'expected an array');
  const trees = treesRaw.map((t, i) => importTree(t, `/learner/gradient_booster/model/trees/${i}`));
  const numFeature = Number(field(params, 'num_feature', '/learner/learner_model_param'));
  const ensemble: TreeEnsemble = { trees, baseMargin, featureNames: featureNamesOf(learner, numFeature), precision: 'float32' };
  return { ensemble, objective, link: spec.link };
}
