import { generateCity, indexCity, runScenario, telemetry, SCENARIO_NAMES, type CityIndex, type ScenarioRun, type SimEvent } from '../../sim/index.js';
import { fitSimBaseline, simEventFeatures, SIM_FEATURE_NAMES } from '../features/sim-event-features.js';
import { trainGradientBoosting } from '../models/gradient-boosting.js';
import { isolationScore, trainIsolationForest } from '../models/isolation-forest.js';
import { rowOf, selectRows, type FeatureMatrix } from '../trees/feature-matrix.js';
import { predictEnsemble } from '../trees/predict.js';
import type { TreeEnsemble } from '../trees/tree-ensemble.js';
import { binaryMetrics, type BinaryMetrics } from './binary-metrics.js';

/**
 * Detection on the simulated city (issue 6 item 6, "sim"). For every scenario
 * of the simulator the run's events get per-event features against a normal
 * run of the same devices (another seed, no effects). Two detectors:
 * - supervised, leave-one-scenario-out: boosted trees fitted on the labelled
 *   events of the *other* scenarios (all their positives, every 10th normal
 *   event), flag at probability ≥ 0.5, so a scenario is never scored by a model
 *   that saw it;
 * - unsupervised baseline: an isolation forest fitted on the normal run,
 *   alarm threshold at the 1 − `targetFpr` quantile of a second normal run.
 * Malicious, consequence and fault events are positives. A stage counts as
 * detected when one of its events is flagged: that per-stage view is the
 * per-stage view of each scenario. The seed-study table with the live scorer
 * and incident correlation against the per-domain baseline is
 * `simDetectionTable` (src/scoring/correlation/sim-detection-table.ts).
 */
export interface SimOptions {
  readonly devices: number;
  readonly seed: number;
  readonly hours: number;
  readonly targetFpr: number;
}

export const DEFAULT_SIM_OPTIONS: SimOptions = { devices: 2500, seed: 1, hours: 24, targetFpr: 0.005 };

export interface SimDetection {
  readonly metrics: BinaryMetrics;
  readonly detected: boolean;
  /** Minutes from the scenario's start to its first flagged labelled event. */
  readonly minutesToDetection?: number;
  readonly stages: readonly { readonly name: string; readonly domains: readonly string[]; readonly detected: boolean }[];
}

export interface SimScenarioResult {
  readonly scenario: string;
  readonly kind: 'attack' | 'fault';
  readonly events: number;
  readonly positives: number;
  readonly supervised: SimDetection;
  readonly isolation: SimDetection;
}

export interface SimEvaluation {
  readonly options: SimOptions;
  readonly scenarios: readonly SimScenarioResult[];
  /** Pooled over every scenario's events. */
  readonly overall: { readonly supervised: BinaryMetrics; readonly isolation: BinaryMetrics };
}

interface PreparedRun {
  readonly run: ScenarioRun;
  readonly features: FeatureMatrix;
  readonly labels: Int8Array;
  readonly isolationFlags: Int8Array;
}

const MAX_FOREST_ROWS = 20000;
const NEGATIVE_STRIDE = 10;
const SIM_BOOSTING = { rounds: 80, maxDepth: 4, eta: 0.2, subsample: 1, colsample: 1, minChildWeight: 1, seed: 1 } as const;

function scoreAll(forest: TreeEnsemble, m: FeatureMatrix): Float64Array {
  const psi = forest.trees[0]?.cover[0] ?? 256;
  return Float64Array.from({ length: m.rows }, (_, r) => isolationScore(predictEnsemble(forest, rowOf(m, r)), psi));
}

function everyKth(rows: number, max: number): Int32Array {
  const step = Math.max(1, Math.ceil(rows / max));
  return Int32Array.from({ length: Math.ceil(rows / step) }, (_, i) => i * step);
}

function prepare(run: ScenarioRun, options: SimOptions): PreparedRun {
  const normal = (seed: number): SimEvent[] => [...telemetry({ devices: run.devices, hours: options.hours, seed })];
  const fitEvents = normal(options.seed + 7919);
  const baseline = fitSimBaseline(fitEvents);
  const fitMatrix = simEventFeatures(fitEvents, run.devices, baseline);
  const forest = trainIsolationForest(selectRows(fitMatrix, everyKth(fitMatrix.rows, MAX_FOREST_ROWS)), { trees: 100, sampleSize: 256, seed: options.seed });
  const calibration = scoreAll(forest, simEventFeatures(normal(options.seed + 104729), run.devices, baseline)).sort();
  const threshold = calibration[Math.min(calibration.length - 1, Math.floor((1 - options.targetFpr) * calibration.length))] as number;
  const features = simEventFeatures(run.events, run.devices, baseline);
  const labelled = new Set(run.groundTruth.labels.map((l) => l.eventId));
  return {
    run,
    features,
    labels: Int8Array.from(run.events, (e) => (labelled.has(e.id) ? 1 : 0)),
    isolationFlags: Int8Array.from(scoreAll(forest, features), (v) => (v > threshold ? 1 : 0)),
  };
}

function detection(p: PreparedRun, flags: Int8Array): SimDetection {
  const stageOf = new Map(p.run.groundTruth.labels.map((l) => [l.eventId, l.stage]));
  const flaggedStages = new Set<string>();
  let first: number | undefined;
  p.run.events.forEach((e, i) => {
    const stage = stageOf.get(e.id);
    if (stage === undefined || flags[i] !== 1) return;
    flaggedStages.add(stage);
    const t = Date.parse(e.time);
    if (first === undefined || t < first) first = t;
  });
  const gt = p.run.groundTruth;
  return {
    metrics: binaryMetrics(p.labels, flags),
    detected: first !== undefined,
    ...(first === undefined ? {} : { minutesToDetection: (first - Date.parse(gt.start)) / 60000 }),
    stages: gt.stages.map((s) => ({ name: s.name, domains: [...s.domains], detected: flaggedStages.has(s.name) })),
  };
}

/** Trains on every prepared run but `held` (all positives, every 10th negative) and flags `held`. */
function leaveOneOut(runs: readonly PreparedRun[], held: number): Int8Array {
  const parts: { m: FeatureMatrix; rows: Int32Array }[] = [];
  const y: number[] = [];
  runs.forEach((p, k) => {
    if (k === held) return;
    const rows = Int32Array.from(Array.from(p.labels.keys()).filter((r) => p.labels[r] === 1 || r % NEGATIVE_STRIDE === 0));
    parts.push({ m: p.features, rows });
    for (const r of rows) y.push(p.labels[r] as number);
  });
  const width = SIM_FEATURE_NAMES.length;
  const data = new Float64Array(y.length * width);
  let at = 0;
  for (const { m, rows } of parts) for (const r of rows) data.set(rowOf(m, r), width * at++);
  const model = trainGradientBoosting({ rows: y.length, columns: width, data, featureNames: SIM_FEATURE_NAMES }, y, SIM_BOOSTING);
  const target = runs[held] as PreparedRun;
  return Int8Array.from({ length: target.features.rows }, (_, r) => (predictEnsemble(model, rowOf(target.features, r)) >= 0 ? 1 : 0));
}

function pooled(metrics: readonly BinaryMetrics[]): BinaryMetrics {
  const sum = (k: 'tp' | 'fp' | 'tn' | 'fn'): number => metrics.reduce((s, m) => s + m[k], 0);
  const [tp, fp, tn, fn] = [sum('tp'), sum('fp'), sum('tn'), sum('fn')];
  const labels = [...new Array<number>(tp + fn).fill(1), ...new Array<number>(fp + tn).fill(0)];
  const predictions = [...new Array<number>(tp).fill(1), ...new Array<number>(fn).fill(0), ...new Array<number>(fp).fill(1), ...new Array<number>(tn).fill(0)];
  return binaryMetrics(labels, predictions);
}

/** Runs every simulator scenario on one generated city and scores it with both detectors. */
export function evaluateSim(overrides: Partial<SimOptions> = {}, city?: CityIndex): SimEvaluation {
  const options = { ...DEFAULT_SIM_OPTIONS, ...overrides };
  const index = city ?? indexCity(generateCity({ devices: options.devices, seed: options.seed }));
  const runs = SCENARIO_NAMES.map((name) => prepare(runScenario({ city: index, name, seed: options.seed, hours: options.hours }), options));
  const scenarios = runs.map((p, k): SimScenarioResult => ({
    scenario: p.run.name,
    kind: p.run.groundTruth.kind,
    events: p.run.events.length,
    positives: p.run.groundTruth.labels.length,
    supervised: detection(p, leaveOneOut(runs, k)),
    isolation: detection(p, p.isolationFlags),
  }));
  return {
    options,
    scenarios,
    overall: { supervised: pooled(scenarios.map((s) => s.supervised.metrics)), isolation: pooled(scenarios.map((s) => s.isolation.metrics)) },
  };
}
