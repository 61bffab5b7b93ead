/**
 * The "unique path" of TreeSHAP (Lundberg et al. 2020, Algorithm 2): for each
 * feature split on along the current root-to-node path, the fraction of
 * background samples that follow it (zero fraction), whether x follows it (one
 * fraction), and the permutation weight. Every recursion level gets its own
 * copy at offset `start`, so the buffers hold (D+2)(D+3)/2 elements.
 */
export interface PathBuffer {
  readonly feature: Int32Array;
  readonly zero: Float64Array;
  readonly one: Float64Array;
  readonly weight: Float64Array;
}

export function createPathBuffer(maxDepth: number): PathBuffer {
  const d = maxDepth + 2;
  const size = (d * (d + 1)) / 2 + d;
  return {
    feature: new Int32Array(size),
    zero: new Float64Array(size),
    one: new Float64Array(size),
    weight: new Float64Array(size),
  };
}

/** Copies `count` elements of the path at `from` to the path at `to`. */
export function copyPath(p: PathBuffer, from: number, to: number, count: number): void {
  // A plain loop: paths are short (≤ depth + 1), where copyWithin's call overhead dominates.
  const { feature, zero, one, weight } = p;
  for (let i = 0; i < count; i++) {
    feature[to + i] = feature[from + i] as number;
    zero[to + i] = zero[from + i] as number;
    one[to + i] = one[from + i] as number;
    weight[to + i] = weight[from + i] as number;
  }
}

/** EXTEND: adds a feature with the given fractions and updates the permutation weights. */
export function extendPath(p: PathBuffer, s: number, depth: number, zero: number, one: number, feature: number): void {
  p.feature[s + depth] = feature;
  p.zero[s + depth] = zero;
  p.one[s + depth] = one;
  p.weight[s + depth] = depth === 0 ? 1 : 0;
  for (let i = depth - 1; i >= 0; i--) {
    const w = p.weight[s + i] as number;
    p.weight[s + i + 1] = (p.weight[s + i + 1] as number) + (one * w * (i + 1)) / (depth + 1);
    p.weight[s + i] = (zero * w * (depth - i)) / (depth + 1);
  }
}

/** UNWIND: removes the element at `index`, undoing its EXTEND. */
export function unwindPath(p: PathBuffer, s: number, depth: number, index: number): void {
  const one = p.one[s + index] as number;
  const zero = p.zero[s + index] as number;
  let next = p.weight[s + depth] as number;
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const tmp = p.weight[s + i] as number;
      p.weight[s + i] = (next * (depth + 1)) / ((i + 1) * one);
      next = tmp - ((p.weight[s + i] as number) * zero * (depth - i)) / (depth + 1);
    } else {
      p.weight[s + i] = ((p.weight[s + i] as number) * (depth + 1)) / (zero * (depth - i));
    }
  }
  for (let i = index; i < depth; i++) {
    p.feature[s + i] = p.feature[s + i + 1] as number;
    p.zero[s + i] = p.zero[s + i + 1] as number;
    p.one[s + i] = p.one[s + i + 1] as number;
  }
}

/** The total permutation weight the path would have with element `index` unwound. */
export function unwoundPathSum(p: PathBuffer, s: number, depth: number, index: number): number {
  const one = p.one[s + index] as number;
  const zero = p.zero[s + index] as number;
  let next = p.weight[s + depth] as number;
  let total = 0;
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const tmp = (next * (depth + 1)) / ((i + 1) * one);
      total += tmp;
      next = (p.weight[s + i] as number) - (tmp * zero * (depth - i)) / (depth + 1);
    } else {
      total += (p.weight[s + i] as number) / zero / ((depth - i) / (depth + 1));
    }
  }
  return total;
}
