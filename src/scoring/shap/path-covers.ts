import type { FlatEnsemble } from '../trees/flat-ensemble.js';

/** Masks are 31-bit integers: the most unique features on one path the table methods take. */
export const PATH_MAX_UNIQUE = 30;

/**
 * Depth-first walk of tree t that tracks, along the path to each node, its
 * unique split features in the order they first appear and the product z of
 * the cover ratios of each one's splits. Fills `position` (the feature's index
 * on the path, capped at 255) for every internal node; calls `onEdge` for each
 * edge before descending (its cover ratio, the parent feature's z before and
 * after it) and `onLeaf` at each leaf. The arrays passed to `onLeaf` are reused:
 * copy them to keep them.
 */
export function walkPathCovers(
  flat: FlatEnsemble,
  t: number,
  position: Uint8Array,
  onLeaf: (node: number, features: readonly number[], z: readonly number[]) => void,
  onEdge?: (child: number, ratio: number, before: number, merged: number) => void,
): void {
  const visit = (node: number, features: number[], z: number[]): void => {
    const l = flat.left[node] as number;
    if (l < 0) {
      onLeaf(node, features, z);
      return;
    }
    const f = flat.feature[node] as number;
    const cover = flat.cover[node] as number;
    let b = features.indexOf(f);
    const fresh = b < 0;
    if (fresh) b = features.push(f) - 1;
    position[node] = Math.min(b, 255);
    const saved = fresh ? 1 : (z[b] as number);
    for (const child of [l, l + 1]) {
      const ratio = cover > 0 ? (flat.cover[child] as number) / cover : 0;
      z[b] = saved * ratio;
      onEdge?.(child, ratio, saved, z[b] as number);
      visit(child, features, z);
    }
    if (fresh) {
      features.pop();
      z.pop();
    } else z[b] = saved;
  };
  visit(flat.start[t] as number, [], []);
}
