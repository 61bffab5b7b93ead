import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { predictEnsemble, predictTree } from '../trees/predict.js';
import { createRandom } from '../../core/index.js';
import type { Tree, TreeEnsemble } from '../trees/tree-ensemble.js';
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

describe('leaf-path TreeSHAP against Algorithm 2 as written', () => {
  const random = createRandom(21);
  const random01 = (): number => Math.round(random.normal() * 4) / 4;
  /** Full trees of depth 6 over 4 features, so features repeat on a path; quantised values hit thresholds exactly. */
  const tree = (): Tree => {
    const n = 127;
    const t = {
      feature: new Int32Array(n), threshold: new Float64Array(n), left: new Int32Array(n), right: new Int32Array(n),
      value: new Float64Array(n), cover: new Float64Array(n), defaultLeft: new Uint8Array(n),
    };
    t.cover[0] = 1000;
    for (let i = 0; i < n; i++) {
      const internal = 2 * i + 2 < n;
      t.feature[i] = internal ? random.int(0, 3) : -1;
      t.threshold[i] = random01();
      t.left[i] = internal ? 2 * i + 1 : -1;
      t.right[i] = internal ? 2 * i + 2 : -1;
      t.value[i] = random.normal();
      t.defaultLeft[i] = random.chance(0.5) ? 1 : 0;
      if (internal) {
        const share = 0.05 + 0.9 * random.next();
        t.cover[2 * i + 1] = (t.cover[i] as number) * share;
        t.cover[2 * i + 2] = (t.cover[i] as number) * (1 - share);
      }
    }
    return t;
  };
  for (const precision of ['float64', 'float32'] as const) {
    it(`gives the same values to 1e-12 on 300 rows with missing values and repeated features (${precision})`, () => {
      const ensemble: TreeEnsemble = { trees: Array.from({ length: 9 }, tree), baseMargin: 0.1, featureNames: ['a', 'b', 'c', 'd'], precision };
      const fast = createTreeShapExplainer(ensemble);
      const reference = createTreeShapExplainer(ensemble, { fast: false });
      let worst = 0;
      for (let r = 0; r < 300; r++) {
        const x = Array.from({ length: 4 }, () => (random.chance(0.15) ? Number.NaN : random01()));
        const a = fast.explain(x).contributions;
        const b = reference.explain(x).contributions;
        a.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - (b[i] as number)))));
      }
      expect(fast.expectedValue).toBe(reference.expectedValue);
      expect(worst).toBeLessThan(1e-12);
    });
  }
});
