import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { predictEnsemble, predictTree } from '../trees/predict.js';
import type { TreeEnsemble } from '../trees/tree-ensemble.js';
import { importXGBoostJson } from '../trees/xgboost-import.js';
import { createTreeShapExplainer } from './tree-shap.js';

interface GoldenRow {
  x: (number | null)[];
  contributions: number[];
  bias: number;
  margin: number;
  probability: number;
}

const MODELS = new URL('../../../fixtures/models/', import.meta.url);
/** XGBoost accumulates margins in float32 (base score first, then tree by tree). */
const float32Margin = (ensemble: TreeEnsemble, x: number[]): number =>
  ensemble.trees.reduce((sum, t) => Math.fround(sum + Math.fround(predictTree(t, x, 'float32'))), Math.fround(ensemble.baseMargin));

const readJson = (name: string): unknown => JSON.parse(readFileSync(new URL(name, MODELS), 'utf8'));

describe('TreeSHAP against xgboost pred_contribs (golden vectors)', () => {
  const golden = readJson('batadal-xgb-small.golden.json') as { featureNames: string[]; rows: GoldenRow[] };
  const { ensemble } = importXGBoostJson(readJson('batadal-xgb-small.xgb.json'));
  const explainer = createTreeShapExplainer(ensemble);

  it('imports 100 trees over the 43 BATADAL tags in the golden order', () => {
    expect(ensemble.trees).toHaveLength(100);
    expect(ensemble.featureNames).toEqual(golden.featureNames);
  });

  it('matches every SHAP value and the bias to 1e-6 on all 50 rows', () => {
    let worst = 0;
    for (const row of golden.rows) {
      const x = row.x.map((v) => (v === null ? Number.NaN : v));
      const { contributions, expectedValue } = explainer.explain(x);
      row.contributions.forEach((c, i) => (worst = Math.max(worst, Math.abs(c - (contributions[i] as number)))));
      worst = Math.max(worst, Math.abs(expectedValue - row.bias));
    }
    expect(golden.rows).toHaveLength(50);
    expect(worst).toBeLessThan(1e-6);
  });

  it('reproduces every margin exactly in float32 and to 1e-5 relative in float64', () => {
    for (const row of golden.rows) {
      const x = row.x.map((v) => (v === null ? Number.NaN : v));
      expect(float32Margin(ensemble, x)).toBe(row.margin);
      expect(Math.abs(predictEnsemble(ensemble, x) - row.margin)).toBeLessThan(1e-5 * Math.max(1, Math.abs(row.margin)));
    }
  });

  it('has local accuracy: expected value + Σφ equals the float64 margin to 1e-9', () => {
    for (const row of golden.rows) {
      const x = row.x.map((v) => (v === null ? Number.NaN : v));
      const { contributions, expectedValue } = explainer.explain(x);
      const total = contributions.reduce((s, c) => s + c, expectedValue);
      expect(Math.abs(total - predictEnsemble(ensemble, x))).toBeLessThan(1e-9);
    }
  });
});
