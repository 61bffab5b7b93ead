import { DiagnosticBag, EngineError, diagnostic } from '../../core/index.js';
import { readBatadalFrame } from '../evaluation/batadal-data.js';
import { batadalDeviations, type TagDeviation } from '../features/batadal-explanation.js';
import { BATADAL_FEATURE_SET, buildBatadalFeatures } from '../features/batadal-features.js';
import { batadalNormalFromJson } from '../features/batadal-normal-json.js';
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
  /** BATADAL models: the tags deviating most from normal operation, in words. */
  readonly deviations?: readonly TagDeviation[];
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
      if (v === undefined) bag.add(diagnostic('CG_DATASET_INVALID', `value "${rec[c]}" is not a number`, { file, line: r + 2, record: r + 1, field: names[k] as string }));
      data[r * names.length + k] = v ?? Number.NaN;
    }),
  );
  throwIfInvalid(bag, `invalid rows in ${file}`);
  const idAt = ['hid', 'id', 'DATETIME'].map((h) => table.header.indexOf(h)).find((i) => i >= 0);
  const ids = table.records.map((rec) => (idAt === undefined ? undefined : (rec[idAt] ?? '').trim()));
  return { matrix: { rows: table.records.length, columns: names.length, data, featureNames: names }, ids };
}

/**
 * Scores every row of a CSV file with a model and explains each with its top
 * SHAP contributions. Empty cells of generic models read as missing values;
 * cells that are not numbers are reported with their row and column.
 */
export function scoreCsvFile(model: ScoringModel, file: string, top = 5): ScoredRow[] {
  const explainer = createTreeShapExplainer(model.ensemble);
  const names = model.ensemble.featureNames;
  const explainAll = (matrix: FeatureMatrix, idOf: (r: number) => string | undefined, extra: (r: number) => Partial<ScoredRow>): ScoredRow[] =>
    Array.from({ length: matrix.rows }, (_, r) => {
      const x = rowOf(matrix, r);
      const s = scoreRow(model, x);
      const e = explainRow(explainer, names, x, top);
      const id = idOf(r);
      return { record: r + 1, ...(id === undefined ? {} : { id }), ...s, expectedValue: e.expectedValue, contributions: e.contributions, ...extra(r) };
    });
  if (model.features === BATADAL_FEATURE_SET) {
    const frame = readBatadalFrame(file, false);
    const features = buildBatadalFeatures(frame, batadalNormalFromJson(model.metadata['normalModel']));
    return explainAll(features.matrix, (r) => frame.times[r], (r) => ({ deviations: batadalDeviations(frame, features, r) }));
  }
  const { matrix, ids } = readGeneric(model, file);
  return explainAll(matrix, (r) => ids[r], () => ({}));
}
