import {
  SECURITY_ACTIONS,
  SCENARIO_NAMES,
  generateCity,
  indexCity,
  runScenario,
  type CityIndex,
  type DeviceRecord,
  type ScenarioName,
  type ScenarioRun,
} from '../../sim/index.js';
import { calibrate, fitCalibration } from '../calibration/calibration.js';
import { fitSeriesPriors } from '../features/series-priors.js';
import { LIVE_FEATURE_NAMES, StreamingSimFeatures, type SeriesPrior } from '../features/streaming-sim-features.js';
import { trainGradientBoosting, type BoostingParams } from '../models/gradient-boosting.js';
import type { ScoringModel } from '../models/scoring-model.js';
import { createLiveScorer } from './create-live-scorer.js';
import { parseLiveModel, withLiveSettings, type LiveModel, type LiveModelSettings } from './live-model.js';
import { serializeModel } from '../models/model-file.js';

export interface TrainLiveScorerOptions {
  /** Field devices of the training city. Default 600. */
  readonly devices?: number;
  /** Seed of the training city. Default 11. */
  readonly citySeed?: number;
  /** Scenario seeds whose runs train the trees. Default [101, 102, 103, 104, 105]. */
  readonly seeds?: readonly number[];
  /** Scenario seeds whose runs fit the calibration (never the trees). Default [201]. */
  readonly calibrationSeeds?: readonly number[];
  readonly hours?: number;
  readonly scenarios?: readonly ScenarioName[];
  readonly boosting?: Partial<BoostingParams>;
  /** Default flag threshold on the calibrated probability; by default the lowest one whose false-positive rate on the calibration runs is at most `targetFpr`. */
  readonly probabilityThreshold?: number;
  /** Default 0.002 (0.2 % of normal events flagged). */
  readonly targetFpr?: number;
  /** Keep every k-th normal event for training (all labelled ones are kept). Default 10. */
  readonly negativeStride?: number;
}

export const LIVE_BOOSTING: Partial<BoostingParams> = { rounds: 80, maxDepth: 4, eta: 0.2, subsample: 1, colsample: 1, minChildWeight: 1, seed: 1 };
const MIN_READINGS = 16;
const SECURITY_WINDOW_MS = 3_600_000;

interface Rows {
  readonly data: number[];
  readonly labels: number[];
  readonly securitySums: Float64Array;
  normals: number;
}

/** The scorer's device lookups for a run: zone (peers) and site/element (control rules). */
export function deviceLookups(run: ScenarioRun): { zoneOf: (id: string) => string | undefined; elementOf: (id: string) => DeviceRecord | undefined } {
  const byId = new Map(run.devices.map((d) => [d.id, d]));
  return { zoneOf: (id) => byId.get(id)?.zone, elementOf: (id) => byId.get(id) };
}

/** Streams one run through the features, gating the online statistics by ground truth. */
function collectRows(run: ScenarioRun, priors: ReadonlyMap<string, SeriesPrior>, stride: number, into: Rows): void {
  const features = new StreamingSimFeatures({ priors, ...deviceLookups(run), minReadings: MIN_READINGS, securityWindowMs: SECURITY_WINDOW_MS });
  const labelled = new Set(run.groundTruth.labels.map((l) => l.eventId));
  const row = new Float64Array(LIVE_FEATURE_NAMES.length);
  run.events.forEach((event, i) => {
    const context = features.features(event, row);
    const positive = labelled.has(event.id);
    features.commit(context, positive);
    if (!positive) {
      into.normals++;
      for (let a = 0; a < SECURITY_ACTIONS.length; a++) into.securitySums[a] = (into.securitySums[a] as number) + (row[7 + a] as number);
    }
    if (!positive && i % stride !== 0) return;
    for (const v of row) into.data.push(v);
    into.labels.push(positive ? 1 : 0);
  });
}

function runsOf(city: CityIndex, seeds: readonly number[], scenarios: readonly ScenarioName[], hours: number): ScenarioRun[] {
  return seeds.flatMap((seed) => scenarios.map((name) => runScenario({ city, name, seed, hours })));
}

/**
 * The lowest calibrated probability whose false-positive rate on the
 * calibration events stays at or under `targetFpr`.
 */
function thresholdForFpr(model: ScoringModel, scores: readonly number[], labels: readonly number[], targetFpr: number): number {
  const calibration = model.calibration;
  const negatives = scores.filter((_, i) => labels[i] === 0).map((s) => (calibration === undefined ? s : calibrate(calibration, s)));
  negatives.sort((a, b) => b - a);
  const allowed = Math.floor(targetFpr * negatives.length);
  // Flag p ≥ t: t just above the (allowed+1)-th highest negative keeps at most `allowed` false positives.
  const bound = negatives[allowed] ?? 0;
  return Math.min(1, bound + 1e-9);
}

/** Scores the calibration runs with the uncalibrated model and fits isotonic calibration on them. */
function calibrationFor(
  model: ScoringModel,
  settings: LiveModelSettings,
  runs: readonly ScenarioRun[],
  targetFpr: number,
): { model: ScoringModel; threshold: number } {
  const draft = parseLiveModel(JSON.parse(serializeModel(withLiveSettings(model, settings, {}))));
  const scores: number[] = [];
  const labels: number[] = [];
  for (const run of runs) {
    const scorer = createLiveScorer({ model: draft, ...deviceLookups(run) });
    const labelled = new Set(run.groundTruth.labels.map((l) => l.eventId));
    for (const event of run.events) {
      scores.push(scorer.score(event).score);
      labels.push(labelled.has(event.id) ? 1 : 0);
    }
  }
  const calibrated: ScoringModel = { ...model, calibration: fitCalibration('isotonic', scores, labels) };
  return { model: calibrated, threshold: thresholdForFpr(calibrated, scores, labels, targetFpr) };
}

/**
 * Trains the live simulated-city model (issue 6 item 2): seeded scenario runs
 * of a generated city stream through the same features the live scorer uses
 * (online statistics gated by ground truth), boosted trees learn malicious,
 * consequence and fault events against every `negativeStride`-th normal one,
 * and an isotonic calibration is fitted on runs of other seeds scored the
 * way the live scorer scores them. Deterministic for fixed options.
 */
export function trainLiveScorer(options: TrainLiveScorerOptions = {}): LiveModel {
  const hours = options.hours ?? 24;
  const scenarios = options.scenarios ?? SCENARIO_NAMES;
  const seeds = options.seeds ?? [101, 102, 103, 104, 105];
  const city = indexCity(generateCity({ devices: options.devices ?? 600, seed: options.citySeed ?? 11 }));
  const runs = runsOf(city, seeds, scenarios, hours);
  const priors = fitSeriesPriors(
    runs.flatMap((run) => {
      const labelled = new Set(run.groundTruth.labels.map((l) => l.eventId));
      return run.events.filter((e) => !labelled.has(e.id));
    }),
  );
  const rows: Rows = { data: [], labels: [], securitySums: new Float64Array(SECURITY_ACTIONS.length), normals: 0 };
  for (const run of runs) collectRows(run, priors, options.negativeStride ?? 10, rows);
  const matrix = { rows: rows.labels.length, columns: LIVE_FEATURE_NAMES.length, data: Float64Array.from(rows.data), featureNames: LIVE_FEATURE_NAMES };
  const ensemble = trainGradientBoosting(matrix, rows.labels, { ...LIVE_BOOSTING, ...options.boosting });
  const draft: LiveModelSettings = {
    priors,
    probabilityThreshold: 0.5,
    minReadings: MIN_READINGS,
    securityWindowMs: SECURITY_WINDOW_MS,
    securityExpected: Array.from(rows.securitySums, (s) => s / Math.max(1, rows.normals)),
  };
  const uncalibrated: ScoringModel = { kind: 'gradient-boosted-trees', ensemble, threshold: 0.5, metadata: {} };
  const calibrationRuns = runsOf(city, options.calibrationSeeds ?? [201], scenarios, hours);
  const { model: calibrated, threshold } = calibrationFor(uncalibrated, draft, calibrationRuns, options.targetFpr ?? 0.002);
  const settings = { ...draft, probabilityThreshold: options.probabilityThreshold ?? threshold };
  const facts = {
    trainedOn: { city: { devices: options.devices ?? 600, seed: options.citySeed ?? 11 }, seeds, calibrationSeeds: options.calibrationSeeds ?? [201], hours, scenarios },
    rows: matrix.rows,
    positives: rows.labels.filter((y) => y === 1).length,
  };
  return parseLiveModel(JSON.parse(serializeModel(withLiveSettings(calibrated, settings, facts))));
}
