import { DiagnosticBag, EngineError, diagnostic } from '../../core/index.js';
import { alarmReasons, type AlarmPolicy, type AlarmReason } from '../evaluation/alarm-policy.js';
import { readBatadalFrame, withHistory, type BatadalHistory } from '../evaluation/batadal-data.js';
import { batadalDeviations, evidenceWords, type TagDeviation } from '../features/batadal-explanation.js';
import { BATADAL_FEATURE_SET, buildBatadalFeatures } from '../features/batadal-features.js';
import { batadalNormalFromJson, feedStepsFromJson } from '../features/batadal-normal-json.js';
import { normalRangesFromJson, rangeDeviations, type FeatureRangeDeviation } from '../features/normal-ranges.js';
import { scoreRow, type ScoringModel } from '../models/scoring-model.js';
import { explainRow, type Contribution } from '../shap/explain-row.js';
import { createTreeShapExplainer } from '../shap/tree-shap.js';
import { rowOf, type FeatureMatrix } from '../trees/feature-matrix.js';
import { parseCell } from './parse-cell.js';
import { readCsvTable, throwIfInvalid } from './read-csv-table.js';

/** A scored CSV row with its explanation (issue 6 items 2, 3 and 7). */
export interface ScoredRow {
  /** 1-based data row of the input file. */
  readonly record: number;
  readonly id?: string;
  readonly raw: number;
  readonly score: number;
  readonly probability: number;
  readonly flag: boolean;
  readonly expectedValue: number;
  readonly contributions: readonly Contribution[];
  /**
   * BATADAL models: the tags deviating most from normal operation, in words.
   * Models with normal ranges (TON_IoT), flagged rows only: the features that
   * raise the score most, against their range in normal rows.
   */
  readonly deviations?: readonly (TagDeviation | FeatureRangeDeviation)[];
  /**
   * Models with an alarm policy (BATADAL): why the hour alarms, in words. The
   * policy is applied over the file's rows in order, as `evaluate` applies it
   * to the test set, so `flag` is the policy's alarm, not score ≥ threshold.
   */
  readonly alarm?: AlarmReason & { readonly text: string };
}

/**
 * The alarm policy a model file carries in `metadata.policy` (BATADAL models
 * written by `train` / `evaluate`), checked field by field; undefined when
 * the model has none.
 */
export function modelAlarmPolicy(model: ScoringModel): AlarmPolicy | undefined {
  const p = model.metadata['policy'];
  if (p === undefined) return undefined;
  const bad = (field: string, why: string): never => {
    throw new EngineError('CG_MODEL_INVALID', `model alarm policy: ${field} ${why}`, { details: { pointer: `/metadata/policy/${field}` } });
  };
  if (typeof p !== 'object' || p === null || Array.isArray(p)) return bad('', 'must be an object');
  const o = p as Record<string, unknown>;
  const threshold = o['threshold'];
  const hold = o['hold'];
  if (typeof threshold !== 'number' || !(threshold > 0 && threshold <= 1)) bad('threshold', `must be a number in (0, 1], got ${JSON.stringify(threshold)}`);
  if (typeof hold !== 'number' || !Number.isInteger(hold) || hold < 1) bad('hold', `must be a whole number of hours ≥ 1, got ${JSON.stringify(hold)}`);
  const release = o['release'];
  if (release !== undefined && (typeof release !== 'number' || !(release > 0 && release <= (threshold as number)))) {
    bad('release', `must be a number in (0, threshold], got ${JSON.stringify(release)}`);
  }
  const evidence = o['evidence'];
  if (evidence !== undefined && typeof evidence !== 'boolean') bad('evidence', `must be true or false, got ${JSON.stringify(evidence)}`);
  return {
    threshold: threshold as number,
    hold: hold as number,
    ...(release === undefined ? {} : { release: release as number }),
    ...(evidence === undefined ? {} : { evidence: evidence as boolean }),
  };
}

function alarmText(a: AlarmReason, policy: AlarmPolicy, score: number, evidence: () => string, earlier: string | undefined): string {
  switch (a.reason) {
    case 'score':
      return `score ${score.toFixed(3)} ≥ threshold ${policy.threshold}`;
    case 'hysteresis':
      return `alarm kept up: score ${score.toFixed(3)} ≥ release level ${policy.release ?? policy.threshold}`;
    case 'held':
      return `alarm held: ${a.since} h after the last hour the score kept it up${earlier ? ` (${earlier})` : ''}, hold ${policy.hold} h`;
    case 'evidence':
      return evidence();
  }
}

function readGeneric(model: ScoringModel, file: string): { matrix: FeatureMatrix; ids: (string | undefined)[] } {
  const table = readCsvTable(file);
  const names = model.ensemble.featureNames;
  const missing = names.filter((n) => !table.header.includes(n));
  if (missing.length > 0) {
    throw new EngineError('CG_FEATURES_MISSING', `${file} lacks model features: ${missing.join(', ')}`, { details: { file, missing } });
  }
  const at = names.map((n) => table.header.indexOf(n));
  const bag = new DiagnosticBag();
  const data = new Float64Array(table.records.length * names.length);
  table.records.forEach((rec, r) =>
    at.forEach((c, k) => {
      const v = parseCell(rec[c] ?? '');
      if (v === undefined) bag.add(diagnostic('CG_DATASET_INVALID', `value "${rec[c]}" is not a number`, { file, line: table.lines[r] as number, record: r + 1, field: names[k] as string }));
      data[r * names.length + k] = v ?? Number.NaN;
    }),
  );
  throwIfInvalid(bag, `invalid rows in ${file}`);
  const idAt = ['hid', 'id', 'DATETIME'].map((h) => table.header.indexOf(h)).find((i) => i >= 0);
  const ids = table.records.map((rec) => (idAt === undefined ? undefined : (rec[idAt] ?? '').trim()));
  return { matrix: { rows: table.records.length, columns: names.length, data, featureNames: names }, ids };
}

/** A scored file: how many rows it had, and the rows reported (all, or the alerts only). */
export interface ScoredFile {
  readonly total: number;
  readonly alerts: number;
  readonly rows: readonly ScoredRow[];
  /** The history read before the file (`ScoreCsvOptions.history`). */
  readonly history?: BatadalHistory;
  /** The alarm policy that decided the flags (a BATADAL model's `metadata.policy`); absent: score ≥ threshold. */
  readonly policy?: AlarmPolicy;
}

export interface ScoreCsvOptions {
  /** Contributions to keep per row (default 5). */
  readonly top?: number;
  /** Report flagged rows only; the others are scored but not explained (SHAP is the cost). */
  readonly alertsOnly?: boolean;
  /**
   * A file of the hours just before `file` (BATADAL models): its hours feed
   * the rolling windows, the tanks' CUSUMs, the replay check and the alarm
   * policy's hold, but are not reported, so a file of the latest hours scores
   * as those hours score at the end of the longer file.
   */
  readonly history?: string;
}

type Verdict = { readonly flag: boolean; readonly alarm?: ScoredRow['alarm'] };

/**
 * Scores every row of a CSV file with a model and explains each reported row
 * with its top SHAP contributions. Empty cells of generic models read as
 * missing values; cells that are not numbers are reported with their row and
 * column. A BATADAL model's alarm policy decides the flags (`alarm` says why).
 */
export function scoreCsv(model: ScoringModel, file: string, options: ScoreCsvOptions = {}): ScoredFile {
  const { top = 5, alertsOnly = false } = options;
  const explainer = createTreeShapExplainer(model.ensemble);
  const names = model.ensemble.featureNames;
  const report = (
    matrix: FeatureMatrix,
    from: number,
    idOf: (r: number) => string | undefined,
    verdictsOf: (scores: Float64Array, flags: readonly boolean[]) => readonly Verdict[],
    extra: (r: number, flag: boolean, all: readonly Contribution[]) => Partial<ScoredRow>,
  ): ScoredFile => {
    const scored = Array.from({ length: matrix.rows }, (_, r) => scoreRow(model, rowOf(matrix, r)));
    const verdicts = verdictsOf(Float64Array.from(scored, (s) => s.score), scored.map((s) => s.flag));
    const rows: ScoredRow[] = [];
    scored.forEach((s, r) => {
      const v = verdicts[r] as Verdict;
      if (r < from || (alertsOnly && !v.flag)) return;
      const e = explainRow(explainer, names, rowOf(matrix, r), names.length);
      const id = idOf(r);
      rows.push({
        record: r - from + 1, ...(id === undefined ? {} : { id }), ...s, flag: v.flag, ...(v.alarm ? { alarm: v.alarm } : {}),
        expectedValue: e.expectedValue, contributions: e.contributions.slice(0, top), ...extra(r, v.flag, e.contributions),
      });
    });
    return { total: matrix.rows - from, alerts: verdicts.filter((v, r) => r >= from && v.flag).length, rows };
  };
  if (model.features !== BATADAL_FEATURE_SET && model.features?.startsWith('batadal-')) {
    const version = (name: string): number => Number(/^batadal-v(\d+)$/.exec(name)?.[1] ?? Number.NaN);
    const newer = version(model.features) > version(BATADAL_FEATURE_SET);
    const message = newer
      ? `model was trained on ${model.features} features, newer than the ${BATADAL_FEATURE_SET} this engine builds: upgrade civgraph to score it`
      : `model was trained on ${model.features} features; this engine builds ${BATADAL_FEATURE_SET}: retrain it (civgraph train --dataset batadal)`;
    throw new EngineError('CG_MODEL_INVALID', message, { details: { pointer: '/features', features: model.features, expected: BATADAL_FEATURE_SET } });
  }
  if (model.features === BATADAL_FEATURE_SET) {
    const policy = modelAlarmPolicy(model);
    const read = readBatadalFrame(file, false);
    const { frame, history } = options.history === undefined ? { frame: read, history: undefined } : withHistory(readBatadalFrame(options.history, false), read);
    const from = history?.rows ?? 0;
    const features = buildBatadalFeatures(frame, batadalNormalFromJson(model.metadata['normalModel']), feedStepsFromJson(model.metadata['readingSteps']));
    const { evidence } = features;
    const verdicts = (scores: Float64Array, flags: readonly boolean[]): Verdict[] => {
      if (!policy) return flags.map((flag) => ({ flag }));
      return alarmReasons(scores, policy, evidence).map((a, r) => {
        // History hours carry the policy's state into the file but are not reported: no words for them.
        if (a === undefined || r < from) return { flag: a !== undefined };
        const earlier = a.reason === 'held' ? frame.times[r - a.since] : undefined;
        return { flag: true, alarm: { ...a, text: alarmText(a, policy, scores[r] as number, () => evidenceWords(frame, features, r), earlier) } };
      });
    };
    const scored = report(features.matrix, from, (r) => frame.times[r], verdicts, (r) => ({ deviations: batadalDeviations(frame, features, r) }));
    return { ...scored, ...(history ? { history } : {}), ...(policy ? { policy } : {}) };
  }
  if (options.history !== undefined) {
    throw new EngineError('CG_ARGUMENT_INVALID', `a history file is for BATADAL models, whose features span hours; this ${model.kind} model scores each row of ${file} alone`, {
      details: { history: options.history, features: model.features ?? null },
    });
  }
  const ranges = normalRangesFromJson(model.metadata['normalRanges']);
  const { matrix, ids } = readGeneric(model, file);
  // Flagged rows get words from all their contributions, not only the `top` shown.
  return report(matrix, 0, (r) => ids[r], (_scores, flags) => flags.map((flag) => ({ flag })), (_r, flag, all) => (ranges && flag ? { deviations: rangeDeviations(all, ranges) } : {}));
}
