import { EngineError, contentHash } from '../../core/index.js';
import type { Calibration } from '../calibration/calibration.js';
import type { Tree, TreeEnsemble } from '../trees/tree-ensemble.js';
import { importXGBoostJson } from '../trees/xgboost-import.js';
import type { ModelKind, ScoringModel } from './scoring-model.js';

/**
 * The CivGraph model file: JSON with `format: "civgraph-model"`, and `version`
 * = the content hash (sha256, 16 hex) of the canonical JSON of every other
 * field, so a decision record names exactly the model that scored it and an
 * edited file is refused (CG_MODEL_VERSION_MISMATCH).
 */
export const MODEL_FORMAT = 'civgraph-model';

interface TreeJson {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
  cover: number[];
  defaultLeft: number[];
}

interface ModelBody {
  format: typeof MODEL_FORMAT;
  formatVersion: 1;
  kind: ModelKind;
  featureNames: string[];
  baseMargin: number;
  precision: TreeEnsemble['precision'];
  threshold: number;
  features?: string;
  calibration?: Calibration;
  metadata: Record<string, unknown>;
  trees: TreeJson[];
}

const KINDS: readonly ModelKind[] = ['gradient-boosted-trees', 'isolation-forest', 'xgboost'];

const treeToJson = (t: Tree): TreeJson => ({
  feature: [...t.feature],
  threshold: [...t.threshold],
  left: [...t.left],
  right: [...t.right],
  value: [...t.value],
  cover: [...t.cover],
  defaultLeft: [...t.defaultLeft],
});

function treeFromJson(raw: TreeJson, pointer: string): Tree {
  const keys = ['feature', 'threshold', 'left', 'right', 'value', 'cover', 'defaultLeft'] as const;
  const n = raw.feature?.length ?? -1;
  for (const k of keys) {
    const arr: unknown = raw[k];
    if (!Array.isArray(arr) || arr.length !== n || arr.some((v) => typeof v !== 'number')) {
      throw new EngineError('CG_MODEL_INVALID', `model file: ${pointer}/${k} must be ${n} numbers`, { details: { pointer: `${pointer}/${k}` } });
    }
  }
  return {
    feature: Int32Array.from(raw.feature),
    threshold: Float64Array.from(raw.threshold),
    left: Int32Array.from(raw.left),
    right: Int32Array.from(raw.right),
    value: Float64Array.from(raw.value),
    cover: Float64Array.from(raw.cover),
    defaultLeft: Uint8Array.from(raw.defaultLeft),
  };
}

function bodyOf(model: ScoringModel): ModelBody {
  const { ensemble } = model;
  return {
    format: MODEL_FORMAT,
    formatVersion: 1,
    kind: model.kind,
    featureNames: [...ensemble.featureNames],
    baseMargin: ensemble.baseMargin,
    precision: ensemble.precision,
    threshold: model.threshold,
    ...(model.features === undefined ? {} : { features: model.features }),
    ...(model.calibration === undefined ? {} : { calibration: model.calibration }),
    metadata: { ...model.metadata },
    trees: ensemble.trees.map(treeToJson),
  };
}

/** The content-hash version of a model. */
export function modelVersion(model: ScoringModel): string {
  return contentHash(JSON.stringify(bodyOf(model)));
}

/** Serialises a model with its `version` first. */
export function serializeModel(model: ScoringModel): string {
  const body = bodyOf(model);
  return `${JSON.stringify({ version: contentHash(JSON.stringify(body)), ...body })}\n`;
}

function parseBody(body: Record<string, unknown>): ScoringModel {
  const kind = body['kind'] as ModelKind;
  if (!KINDS.includes(kind)) throw new EngineError('CG_MODEL_INVALID', `model file: unknown kind ${JSON.stringify(kind)}`, { details: { pointer: '/kind' } });
  const names = body['featureNames'];
  if (!Array.isArray(names) || !names.every((n) => typeof n === 'string')) {
    throw new EngineError('CG_MODEL_INVALID', 'model file: featureNames must be strings', { details: { pointer: '/featureNames' } });
  }
  const trees = body['trees'];
  if (!Array.isArray(trees)) throw new EngineError('CG_MODEL_INVALID', 'model file: trees must be an array', { details: { pointer: '/trees' } });
  const ensemble: TreeEnsemble = {
    trees: trees.map((t: TreeJson, i) => treeFromJson(t, `/trees/${i}`)),
    baseMargin: Number(body['baseMargin']),
    featureNames: names as string[],
    precision: body['precision'] === 'float32' ? 'float32' : 'float64',
  };
  return {
    kind,
    ensemble,
    threshold: Number(body['threshold']),
    ...(typeof body['features'] === 'string' ? { features: body['features'] } : {}),
    ...(body['calibration'] ? { calibration: body['calibration'] as Calibration } : {}),
    metadata: (body['metadata'] as Record<string, unknown>) ?? {},
  };
}

/**
 * Reads a CivGraph model file or an XGBoost JSON model (recognised by its
 * `learner` field; it gets threshold 0.5 and no calibration) from parsed JSON.
 */
export function parseModel(json: unknown): { model: ScoringModel; version: string } {
  if (typeof json !== 'object' || json === null) throw new EngineError('CG_MODEL_INVALID', 'model file is not a JSON object', { details: { pointer: '' } });
  const record = json as Record<string, unknown>;
  if ('learner' in record) {
    const { ensemble } = importXGBoostJson(json);
    const model: ScoringModel = { kind: 'xgboost', ensemble, threshold: 0.5, metadata: { source: 'xgboost-json' } };
    return { model, version: modelVersion(model) };
  }
  if (record['format'] !== MODEL_FORMAT) {
    throw new EngineError('CG_MODEL_INVALID', `model file: format must be "${MODEL_FORMAT}" or an XGBoost JSON model`, { details: { pointer: '/format' } });
  }
  const { version, ...body } = record;
  const expected = contentHash(JSON.stringify(body));
  if (version !== expected) {
    throw new EngineError('CG_MODEL_VERSION_MISMATCH', `model file version ${String(version)} does not match its content (${expected})`, {
      details: { version, expected },
    });
  }
  return { model: parseBody(body), version: expected };
}
