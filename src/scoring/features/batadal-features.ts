import { BATADAL_TAGS, readingSteps, type BatadalFrame } from '../evaluation/batadal-data.js';
import type { FeatureMatrix } from '../trees/feature-matrix.js';
import { hydraulicColumns, HYDRAULIC_FEATURE_NAMES } from './batadal-hydraulic-features.js';
import { CTOWN_CONTROL_RULES, expectedActuatorState } from './ctown-control-rules.js';
import { fitHydraulicNormalModel, hydraulicResiduals, raiseEvidence, type HydraulicNormalModel, type HydraulicResiduals } from './ctown-hydraulics.js';
import { replayedStretches, type ReplayedStretches } from './replay-detection.js';
import { fitRidge, predictRidge, type RidgeModel } from './ridge-regression.js';
import { lagOne, rollingMean } from './rolling-window.js';

/**
 * BATADAL features (issue 6 item 1), built on a model of normal operation learned
 * from training set 1 (no attacks). For each tag, a ridge model predicts the
 * reading from the 42 other tags at the same hour and its own value one hour
 * earlier; the residual in standard deviations of the normal residual is the
 * tag's deviation from physical expectation (a tank level that disagrees with
 * its pumps and pressures). Control-rule checks flag actuators whose status
 * contradicts the C-Town rule for their tank level.
 *
 * The model sees tag-agnostic aggregates, so it generalises to attacks on tags
 * it never saw attacked (`batadal-v1`): the three largest |residuals| (capped
 * at 20), their mean, the count above 3σ, the largest 24-hour mean residuals,
 * the number of broken rules now and over 24 hours, and 6/12/24-hour trailing
 * means of each. Per-tag residuals and expectations are kept for explanations.
 *
 * `batadal-v2` appends the model-based (hydraulic) columns of
 * `batadal-hydraulic-features.ts`: tank mass-balance residuals, pump flow
 * given status and levels, their CUSUM accumulators, flow/status mismatches
 * and rare actuators running (Housh & Ohar's approach, Taormina et al. 2018).
 * The first 36 columns are those of `batadal-v1`, unchanged. `batadal-v3`
 * appends two columns: each running pump's flow against its head curve at
 * the measured station head (`pump-head-curves.ts`). `batadal-v4` appends two
 * more: how many tags repeat an earlier stretch of readings exactly, now and
 * its 6-hour mean (`replay-detection.ts`).
 */
export const BATADAL_FEATURE_SET = 'batadal-v4';

export interface TagModel {
  readonly tag: string;
  readonly ridge: RidgeModel;
  readonly residualSd: number;
}

export interface BatadalNormalModel {
  readonly tags: readonly TagModel[];
  /** Mass balances, pump flow models and rare actuators of normal operation. */
  readonly hydraulics: HydraulicNormalModel;
}

export interface BatadalFeatures {
  readonly matrix: FeatureMatrix;
  /** Expected value of each tag per hour under normal operation. */
  readonly expected: ReadonlyMap<string, Float64Array>;
  /** Residual of each tag per hour, in normal standard deviations. */
  readonly residuals: ReadonlyMap<string, Float64Array>;
  readonly residualSd: ReadonlyMap<string, number>;
  /** Broken control rules per hour, by actuator. */
  readonly brokenRules: ReadonlyMap<string, Float64Array>;
  /** Hydraulic residuals per hour (mass balance, pump flows), for the v2 columns and words. */
  readonly hydraulics: HydraulicResiduals;
  /** Each tag's reporting resolution (`readingSteps`): words ignore a residual within half of it. */
  readonly readingSteps: ReadonlyMap<string, number>;
  /** Stretches of readings that repeat an earlier stretch exactly (replays). */
  readonly replay: ReplayedStretches;
  /**
   * Evidence per hour for the alarm policy's evidence stage: the physical
   * evidence (`HydraulicResiduals.evidence`), or `REPLAY_EVIDENCE` when a tag
   * replays an earlier stretch, whichever is larger; > 1 alarms.
   */
  readonly evidence: Float64Array;
  /** What gave each hour its evidence: a tank, a pump, `replay:<tag>`, or '' (none). */
  readonly evidenceFrom: readonly string[];
}

function withFeedSteps(steps: Map<string, number>, feed: ReadonlyMap<string, number> | undefined): Map<string, number> {
  if (!feed) return steps;
  return new Map([...steps].map(([tag, step]) => [tag, step > 0 || tag.startsWith('S_') ? step : (feed.get(tag) ?? 0)]));
}

/**
 * A replayed stretch is evidence on its own, whatever the readings say; it
 * counts as 2, above the bar of 1 at which the evidence stage alarms.
 */
export const REPLAY_EVIDENCE = 2;

function withReplayEvidence(hydraulics: HydraulicResiduals, replay: ReplayedStretches): { evidence: Float64Array; evidenceFrom: string[] } {
  const evidence = Float64Array.from(hydraulics.evidence);
  const evidenceFrom = [...hydraulics.evidenceFrom];
  for (const [tag, from] of replay.from) {
    from.forEach((start, r) => {
      if (start >= 0) raiseEvidence(evidence, evidenceFrom, r, REPLAY_EVIDENCE, `replay:${tag}`);
    });
  }
  return { evidence, evidenceFrom };
}

const RIDGE_LAMBDA = 1e-3;
const Z_CAP = 20;
const WINDOWS = [6, 12, 24] as const;

function predictorsFor(frame: BatadalFrame, tag: string): Float64Array[] {
  const others = BATADAL_TAGS.filter((t) => t !== tag).map((t) => frame.columns.get(t) as Float64Array);
  return [...others, lagOne(frame.columns.get(tag) as Float64Array)];
}

/** Fits the per-tag normal-operation models on an attack-free frame. */
export function fitBatadalNormalModel(frame: BatadalFrame): BatadalNormalModel {
  const tags = BATADAL_TAGS.map((tag): TagModel => {
    const x = predictorsFor(frame, tag);
    const y = frame.columns.get(tag) as Float64Array;
    const ridge = fitRidge(x, y, RIDGE_LAMBDA);
    let ss = 0;
    for (let r = 0; r < frame.rows; r++) ss += ((y[r] as number) - predictRidge(ridge, x, r)) ** 2;
    return { tag, ridge, residualSd: Math.max(Math.sqrt(ss / frame.rows), 1e-3) };
  });
  return { tags, hydraulics: fitHydraulicNormalModel(frame) };
}

function brokenRules(frame: BatadalFrame): Map<string, Float64Array> {
  return new Map(
    CTOWN_CONTROL_RULES.map((rule) => {
      const level = frame.columns.get(`L_${rule.tank}`) as Float64Array;
      const status = frame.columns.get(`S_${rule.actuator}`) as Float64Array;
      const broken = Float64Array.from(level, (l, r) => {
        const want = expectedActuatorState(rule, l);
        return Number.isNaN(want) || want === (status[r] as number) ? 0 : 1;
      });
      return [rule.actuator, broken];
    }),
  );
}

function aggregateColumns(residuals: readonly Float64Array[], rules: readonly Float64Array[], rows: number): [string, Float64Array][] {
  const res24 = residuals.map((z) => rollingMean(z, 24));
  const rules24 = rules.map((b) => rollingMean(b, 24));
  const names = ['z:top1', 'z:top2', 'z:top3', 'z:mean', 'z:count3', 'z24:top1', 'z24:top3', 'rules:now', 'rules:24h'];
  const cols = names.map(() => new Float64Array(rows));
  const abs = new Float64Array(residuals.length);
  const abs24 = new Float64Array(residuals.length);
  for (let r = 0; r < rows; r++) {
    residuals.forEach((z, k) => (abs[k] = Math.min(Math.abs(z[r] as number), Z_CAP)));
    res24.forEach((z, k) => (abs24[k] = Math.min(Math.abs(z[r] as number), Z_CAP)));
    abs.sort().reverse();
    abs24.sort().reverse();
    const values = [
      abs[0], abs[1], abs[2],
      abs.reduce((s, v) => s + v, 0) / abs.length,
      abs.filter((v) => v > 3).length,
      abs24[0], abs24[2],
      rules.reduce((s, b) => s + (b[r] as number), 0),
      rules24.reduce((s, b) => s + (b[r] as number), 0),
    ];
    values.forEach((v, c) => ((cols[c] as Float64Array)[r] = v as number));
  }
  const base: [string, Float64Array][] = names.map((n, i) => [n, cols[i] as Float64Array]);
  return [...base, ...base.flatMap(([n, c]) => WINDOWS.map((w): [string, Float64Array] => [`${n}@${w}h`, rollingMean(c, w)]))];
}

/**
 * Builds the model's feature matrix of a frame, with per-tag residuals and
 * expectations. `feedSteps` (the resolution of the feed the model was trained
 * on, kept in the model file) stands in for a tag whose resolution the frame
 * cannot show (a short file, see `readingSteps`).
 */
export function buildBatadalFeatures(frame: BatadalFrame, normal: BatadalNormalModel, feedSteps?: ReadonlyMap<string, number>): BatadalFeatures {
  const expected = new Map<string, Float64Array>();
  const residuals = new Map<string, Float64Array>();
  const residualSd = new Map<string, number>();
  for (const model of normal.tags) {
    const y = frame.columns.get(model.tag) as Float64Array;
    const x = predictorsFor(frame, model.tag);
    const predicted = Float64Array.from(y, (_, r) => predictRidge(model.ridge, x, r));
    expected.set(model.tag, predicted);
    residuals.set(model.tag, Float64Array.from(y, (v, r) => (v - (predicted[r] as number)) / model.residualSd));
    residualSd.set(model.tag, model.residualSd);
  }
  const rules = brokenRules(frame);
  const hydraulics = hydraulicResiduals(frame, normal.hydraulics);
  const hydraulic = hydraulicColumns(hydraulics, frame.rows);
  const replay = replayedStretches(frame);
  const columns = [
    ...aggregateColumns([...residuals.values()], [...rules.values()], frame.rows),
    ...HYDRAULIC_FEATURE_NAMES.map((n, i): [string, Float64Array] => [n, hydraulic[i] as Float64Array]),
    ['replay:tags', replay.tags] as [string, Float64Array],
    ['replay:tags@6h', rollingMean(replay.tags, 6)] as [string, Float64Array],
  ];
  const width = columns.length;
  const data = new Float64Array(frame.rows * width);
  columns.forEach(([, col], c) => col.forEach((v, r) => (data[r * width + c] = v)));
  const matrix: FeatureMatrix = { rows: frame.rows, columns: width, data, featureNames: columns.map(([n]) => n) };
  return { matrix, expected, residuals, residualSd, brokenRules: rules, hydraulics, readingSteps: withFeedSteps(readingSteps(frame), feedSteps), replay, ...withReplayEvidence(hydraulics, replay) };
}
