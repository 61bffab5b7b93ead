import { EngineError } from '../../core/index.js';
import { SECURITY_ACTIONS } from '../../sim/index.js';
import { LIVE_FEATURE_NAMES, type SeriesPrior } from '../features/streaming-sim-features.js';
import { parseModel, serializeModel } from '../models/model-file.js';
import type { ScoringModel } from '../models/scoring-model.js';

/** The `features` tag of a live simulated-city model file (streaming features v1). */
export const LIVE_FEATURES_TAG = 'sim-live-v1';

/**
 * What the live scorer runs: boosted trees over the streaming features, their
 * calibration, and everything the features need that a city does not provide
 * on its first reading — the (device kind, quantity) priors and the normal
 * security counter levels. All of it sits in one content-hashed model file
 * (`serializeModel`), so `version` names model, priors and calibration at once.
 */
export interface LiveModel {
  readonly model: ScoringModel;
  readonly version: string;
  readonly priors: ReadonlyMap<string, SeriesPrior>;
  /** Default flag threshold on the (trust-weighted) calibrated probability. */
  readonly probabilityThreshold: number;
  readonly minReadings: number;
  readonly securityWindowMs: number;
  /** Mean windowed count per security action in normal operation (the `expected` of `sec:*`). */
  readonly securityExpected: readonly number[];
}

/** Settings stored in the model's metadata beside the training facts. */
export interface LiveModelSettings {
  readonly priors: ReadonlyMap<string, SeriesPrior>;
  readonly probabilityThreshold: number;
  readonly minReadings: number;
  readonly securityWindowMs: number;
  readonly securityExpected: readonly number[];
}

/** Folds the live settings into a ScoringModel's metadata (sorted priors, so the hash is stable). */
export function withLiveSettings(model: ScoringModel, settings: LiveModelSettings, facts: Readonly<Record<string, unknown>>): ScoringModel {
  const priors = Object.fromEntries([...settings.priors].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    ...model,
    features: LIVE_FEATURES_TAG,
    metadata: {
      ...facts,
      priors,
      probabilityThreshold: settings.probabilityThreshold,
      minReadings: settings.minReadings,
      securityWindowMs: settings.securityWindowMs,
      securityExpected: [...settings.securityExpected],
    },
  };
}

function invalid(pointer: string, message: string): EngineError {
  return new EngineError('CG_MODEL_INVALID', `live model file: ${message}`, { details: { pointer } });
}

function numberAt(metadata: Readonly<Record<string, unknown>>, field: string): number {
  const value = metadata[field];
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(`/metadata/${field}`, `${field} must be a finite number`);
  return value;
}

function priorsAt(metadata: Readonly<Record<string, unknown>>): Map<string, SeriesPrior> {
  const raw = metadata['priors'];
  if (typeof raw !== 'object' || raw === null) throw invalid('/metadata/priors', 'priors must be an object keyed "kind|quantity"');
  const priors = new Map<string, SeriesPrior>();
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const p = value as Partial<SeriesPrior> | null;
    if (p === null || typeof p !== 'object' || ![p.mean, p.sd, p.rateSd].every((v) => typeof v === 'number' && Number.isFinite(v))) {
      throw invalid(`/metadata/priors/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`, `prior ${key} needs numbers mean, sd and rateSd`);
    }
    priors.set(key, { mean: p.mean as number, sd: p.sd as number, rateSd: p.rateSd as number });
  }
  return priors;
}

/**
 * Reads a live model from parsed JSON (a CivGraph model file with
 * `features: "sim-live-v1"`), checking its hash, feature list and settings.
 * @throws EngineError CG_MODEL_INVALID (with `details.pointer`) or CG_MODEL_VERSION_MISMATCH.
 */
export function parseLiveModel(json: unknown): LiveModel {
  const { model, version } = parseModel(json);
  if (model.features !== LIVE_FEATURES_TAG) throw invalid('/features', `features must be "${LIVE_FEATURES_TAG}" (got ${JSON.stringify(model.features)})`);
  const names = model.ensemble.featureNames;
  if (names.length !== LIVE_FEATURE_NAMES.length || names.some((n, i) => n !== LIVE_FEATURE_NAMES[i])) {
    throw invalid('/featureNames', `featureNames must be ${LIVE_FEATURE_NAMES.join(', ')}`);
  }
  const expected = model.metadata['securityExpected'];
  if (!Array.isArray(expected) || expected.length !== SECURITY_ACTIONS.length || !expected.every((v) => typeof v === 'number')) {
    throw invalid('/metadata/securityExpected', `securityExpected must be ${SECURITY_ACTIONS.length} numbers`);
  }
  return {
    model,
    version,
    priors: priorsAt(model.metadata),
    probabilityThreshold: numberAt(model.metadata, 'probabilityThreshold'),
    minReadings: numberAt(model.metadata, 'minReadings'),
    securityWindowMs: numberAt(model.metadata, 'securityWindowMs'),
    securityExpected: expected as number[],
  };
}

/** The model file text (content-hashed) of a live model. */
export function serializeLiveModel(live: LiveModel): string {
  return serializeModel(live.model);
}
