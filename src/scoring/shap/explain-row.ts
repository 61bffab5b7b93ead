import type { TreeShapExplainer } from './tree-shap.js';

/** One feature's part in a score: its value and its SHAP value (in the model's raw output units). */
export interface Contribution {
  readonly feature: string;
  readonly value: number;
  readonly shap: number;
}

export interface RowExplanation {
  /** E[f(X)], the raw output before any feature is known. */
  readonly expectedValue: number;
  /** The `top` contributions by |SHAP|, largest first. */
  readonly contributions: readonly Contribution[];
}

/** The top contributions of a row by absolute SHAP value (ties keep feature order). */
export function explainRow(explainer: TreeShapExplainer, featureNames: readonly string[], x: ArrayLike<number>, top = 5): RowExplanation {
  const { contributions, expectedValue } = explainer.explain(x);
  const all = featureNames.map((feature, i) => ({ feature, value: x[i] as number, shap: contributions[i] as number }));
  const ranked = all.filter((c) => c.shap !== 0).sort((a, b) => Math.abs(b.shap) - Math.abs(a.shap));
  return { expectedValue, contributions: ranked.slice(0, top) };
}
