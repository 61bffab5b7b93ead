import { describe, expect, it } from 'vitest';
import { createRandom, type Random } from '../../core/index.js';
import { flattenEnsemble, predictFlat } from './flat-ensemble.js';
import { predictTree } from './predict.js';
import { addNode, createTreeBuilder, freezeTree, setSplit, type SplitPrecision, type Tree, type TreeEnsemble, type TreeBuilder } from './tree-ensemble.js';

/** A random tree of uneven depth, its nodes appended in depth-first order (not the flat layout's). */
function randomTree(random: Random, features: number, maxDepth: number): Tree {
  const b: TreeBuilder = createTreeBuilder();
  const grow = (node: number, depth: number): void => {
    if (depth >= maxDepth || random.chance(0.25)) return;
    const left = addNode(b, random.normal(), 1);
    grow(left, depth + 1);
    const right = addNode(b, random.normal(), 1);
    grow(right, depth + 1);
    setSplit(b, node, { feature: random.int(0, features - 1), threshold: Math.fround(random.normal()), left, right, defaultLeft: random.chance(0.5) });
  };
  grow(addNode(b, random.normal(), 1), 0);
  return freezeTree(b);
}

describe('flat ensemble prediction', () => {
  const random = createRandom(3);
  for (const precision of ['float64', 'float32'] as SplitPrecision[]) {
    for (const trees of [0, 1, 6, 37]) {
      it(`equals the per-tree sum in tree order (${precision}, ${trees} trees, rows with and without NaN)`, () => {
        const ensemble: TreeEnsemble = {
          trees: Array.from({ length: trees }, () => randomTree(random, 5, 7)),
          baseMargin: 0.25,
          featureNames: ['a', 'b', 'c', 'd', 'e'],
          precision,
        };
        const flat = flattenEnsemble(ensemble);
        expect(flat.treeCount).toBe(trees);
        for (let r = 0; r < 300; r++) {
          const x = Array.from({ length: 5 }, () => (r % 2 === 1 && random.chance(0.3) ? Number.NaN : random.normal() * 1.0000001));
          const expected = ensemble.trees.reduce((s, t) => s + predictTree(t, x, precision), ensemble.baseMargin);
          expect(predictFlat(flat, x)).toBe(expected);
        }
      });
    }
  }

  it('lays each tree out breadth-first with adjacent children and parents first', () => {
    const ensemble: TreeEnsemble = { trees: [randomTree(createRandom(8), 3, 5)], baseMargin: 0, featureNames: ['a', 'b', 'c'], precision: 'float64' };
    const flat = flattenEnsemble(ensemble);
    for (let i = 0; i < flat.feature.length; i++) {
      const l = flat.left[i] as number;
      expect(l < 0 ? flat.feature[i] : l > i).toBe(l < 0 ? -1 : true);
    }
  });
});
