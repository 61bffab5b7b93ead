import { describe, expect, it } from 'vitest';
import { createRandom, type Random } from '../../core/index.js';
import { flatOf, predictEnsemble } from '../trees/predict.js';
import { createTreeBuilder, addNode, freezeTree, setSplit, type SplitPrecision, type Tree, type TreeEnsemble } from '../trees/tree-ensemble.js';
import { gaussLegendre } from './gauss-legendre.js';
import { buildLeafPaths } from './leaf-path-shap.js';
import { createTreeShapExplainer, type TreeShapOptions } from './tree-shap.js';

/**
 * Linear TreeSHAP (the default fast method) against the leaf-wise closed form it
 * replaced and against Algorithm 2 as written, on random ensembles: full and
 * ragged trees (leaves at every depth, so nodes with one leaf child), repeated
 * features on a path, inputs on thresholds and missing, float32 and float64 splits.
 */
interface Shape {
  readonly depth: number;
  readonly features: number;
  /** Probability that a node above the maximum depth splits (1 = full tree). */
  readonly split: number;
}

/** A random tree whose inputs quantised to 1/4 hit thresholds exactly. */
function randomTree(random: Random, shape: Shape): Tree {
  const b = createTreeBuilder();
  const grow = (node: number, depth: number, cover: number): void => {
    if (depth >= shape.depth || (depth > 0 && !random.chance(shape.split))) return;
    const share = 0.05 + 0.9 * random.next();
    const left = addNode(b, random.normal(), cover * share);
    const right = addNode(b, random.normal(), cover * (1 - share));
    setSplit(b, node, { feature: random.int(0, shape.features - 1), threshold: Math.round(random.normal() * 4) / 4, left, right, defaultLeft: random.chance(0.5) });
    grow(left, depth + 1, cover * share);
    grow(right, depth + 1, cover * (1 - share));
  };
  grow(addNode(b, 0, 1000), 0, 1000);
  return freezeTree(b);
}

function ensembleOf(random: Random, trees: number, shape: Shape, precision: SplitPrecision): TreeEnsemble {
  return {
    trees: Array.from({ length: trees }, () => randomTree(random, shape)),
    baseMargin: 0.25,
    featureNames: Array.from({ length: shape.features }, (_, i) => `f${i}`),
    precision,
  };
}

const rowsFor = (random: Random, count: number, features: number): number[][] =>
  Array.from({ length: count }, () => Array.from({ length: features }, () => (random.chance(0.1) ? Number.NaN : Math.round(random.normal() * 4) / 4)));

/** Largest absolute difference between two methods' contributions over the rows, and between their expected values. */
function worstDifference(ensemble: TreeEnsemble, rows: readonly number[][], a: TreeShapOptions, b: TreeShapOptions): number {
  const left = createTreeShapExplainer(ensemble, a);
  const right = createTreeShapExplainer(ensemble, b);
  let worst = Math.abs(left.expectedValue - right.expectedValue);
  for (const x of rows) {
    const p = left.explain(x).contributions;
    const q = right.explain(x).contributions;
    expect(p.length).toBe(q.length);
    p.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - (q[i] as number)))));
  }
  return worst;
}

describe('Gauss–Legendre quadrature on [0, 1]', () => {
  it('integrates t^k exactly (1e-14) for every k ≤ 2n − 1, n = 1 … 15', () => {
    let worst = 0;
    for (let n = 1; n <= 15; n++) {
      const { nodes, weights } = gaussLegendre(n);
      for (let k = 0; k <= 2 * n - 1; k++) {
        const integral = nodes.reduce((s, t, q) => s + (weights[q] as number) * t ** k, 0);
        worst = Math.max(worst, Math.abs(integral - 1 / (k + 1)));
      }
      expect([...nodes].every((t, q) => t > 0 && t < 1 && (q === 0 || t > (nodes[q - 1] as number)))).toBe(true);
    }
    expect(worst).toBeLessThan(1e-14);
  });
});

describe('Linear TreeSHAP equals the leaf-wise closed form and Algorithm 2', () => {
  const cases: readonly { name: string; shape: Shape; trees: number; points: number }[] = [
    { name: '200 full trees of depth 6 over 43 features (the benchmark shape, n = 3)', shape: { depth: 6, features: 43, split: 1 }, trees: 200, points: 3 },
    { name: 'ragged trees of depth ≤ 6 over 5 features (repeats, one-leaf nodes, n = 3)', shape: { depth: 6, features: 5, split: 0.7 }, trees: 40, points: 3 },
    { name: 'ragged trees of depth ≤ 9 over 12 features (n = 5, the general passes)', shape: { depth: 9, features: 12, split: 0.75 }, trees: 30, points: 5 },
    { name: 'full trees of depth 2 over 3 features (n = 1)', shape: { depth: 2, features: 3, split: 1 }, trees: 30, points: 1 },
  ];
  for (const { name, shape, trees, points } of cases) {
    for (const precision of ['float64', 'float32'] as const) {
      it(`${name}, ${precision}: to 1e-12 on 200 rows with missing values`, () => {
        const random = createRandom(shape.depth * 100 + shape.features);
        const ensemble = ensembleOf(random, trees, shape, precision);
        const rows = rowsFor(random, 200, shape.features);
        const tables = buildLeafPaths(flatOf(ensemble));
        expect([tables.points, tables.eligible.every((e) => e === 1)]).toEqual([points, true]);
        expect(worstDifference(ensemble, rows, {}, { method: 'leaf-closed-form' })).toBeLessThan(1e-12);
        expect(worstDifference(ensemble, rows.slice(0, 40), {}, { fast: false })).toBeLessThan(1e-12);
      });
    }
  }

  it('has local accuracy on the benchmark shape: expected value + Σφ = the model output to 1e-9', () => {
    const random = createRandom(7);
    const ensemble = ensembleOf(random, 200, { depth: 6, features: 43, split: 1 }, 'float64');
    const explainer = createTreeShapExplainer(ensemble);
    let worst = 0;
    for (const x of rowsFor(random, 300, 43)) {
      const { contributions, expectedValue } = explainer.explain(x);
      worst = Math.max(worst, Math.abs(contributions.reduce((s, c) => s + c, expectedValue) - predictEnsemble(ensemble, x)));
    }
    expect(worst).toBeLessThan(1e-9);
  });

  it('falls back to Algorithm 2 for a tree with more than 30 unique features on a path, next to tabulated trees', () => {
    const b = createTreeBuilder();
    let node = addNode(b, 0, 1024);
    for (let f = 0; f < 32; f++) {
      const cover = 1024 / 2 ** f;
      const leaf = addNode(b, f / 10 - 1, cover / 2);
      const next = addNode(b, 0, cover / 2);
      setSplit(b, node, { feature: f, threshold: 0, left: leaf, right: next, defaultLeft: true });
      node = next;
    }
    b.value[node] = 2;
    const random = createRandom(3);
    const small = ensembleOf(random, 5, { depth: 4, features: 32, split: 1 }, 'float64');
    const ensemble: TreeEnsemble = { ...small, trees: [freezeTree(b), ...small.trees] };
    const rows = Array.from({ length: 50 }, (_, r) => Array.from({ length: 32 }, (_, f) => (f < r % 33 ? 1 : random.chance(0.5) ? -1 : Number.NaN)));
    expect([...buildLeafPaths(flatOf(ensemble)).eligible]).toEqual([0, 1, 1, 1, 1, 1]);
    expect(worstDifference(ensemble, rows, {}, { fast: false })).toBeLessThan(1e-12);
  });
});
