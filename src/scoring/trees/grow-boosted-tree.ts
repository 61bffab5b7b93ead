import { addNode, createTreeBuilder, freezeTree, setSplit, type Tree, type TreeBuilder } from './tree-ensemble.js';
import { MISSING_BIN, type BinnedMatrix } from './histogram-bins.js';

/**
 * Second-order tree growth of gradient boosting (Chen & Guestrin 2016, XGBoost
 * eqs. 5–7): a leaf's weight is w* = −G/(H+λ) and a split's gain is
 *   ½ [G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)] − γ,
 * scanned over histogram bins, trying missing values on both sides (the
 * sparsity-aware default direction, Algorithm 3).
 */
export interface GrowParams {
  readonly maxDepth: number;
  readonly lambda: number;
  readonly gamma: number;
  readonly minChildWeight: number;
  readonly eta: number;
  /**
   * A node scans only its occupied bins when rows · factor < cut points
   * (default 4); 0 never scans sparsely (always the whole histogram), Infinity
   * always does.
   * Both choose the same splits (tested); this only trades time.
   */
  readonly sparseNodeFactor?: number;
}

interface BestSplit {
  gain: number;
  feature: number;
  bin: number;
  missingLeft: boolean;
}

interface GrowContext {
  readonly binned: BinnedMatrix;
  readonly grad: Float64Array;
  readonly hess: Float64Array;
  readonly features: Int32Array;
  readonly params: GrowParams;
  readonly builder: TreeBuilder;
  readonly histG: Float64Array;
  readonly histH: Float64Array;
  readonly histN: Uint32Array;
  /** Scratch for the sparse scan: bin · rows + position, one per row of a node. */
  readonly sortKeys: Float64Array;
  /** Scratch for partition: 1 where the node's row goes left. */
  readonly goesLeft: Uint8Array;
}

const score = (g: number, h: number, lambda: number): number => (g * g) / (h + lambda);

const SPARSE_NODE_FACTOR = 4;

/** Tries the split after bin `b` (left = bins ≤ b) with missing values left, then right. */
function consider(ctx: GrowContext, f: number, b: number, gl: number, hl: number, miss: Totals, totals: Totals, best: BestSplit): void {
  tryOne(ctx, f, b, gl + miss.G, hl + miss.H, true, totals, best);
  tryOne(ctx, f, b, gl, hl, false, totals, best);
}

function tryOne(ctx: GrowContext, f: number, b: number, GL: number, HL: number, missingLeft: boolean, totals: Totals, best: BestSplit): void {
  const { lambda, minChildWeight, gamma } = ctx.params;
  const GR = totals.G - GL;
  const HR = totals.H - HL;
  if (HL < minChildWeight || HR < minChildWeight) return;
  const gain = 0.5 * (score(GL, HL, lambda) + score(GR, HR, lambda) - totals.parent) - gamma;
  if (gain > best.gain) {
    best.gain = gain;
    best.feature = f;
    best.bin = b;
    best.missingLeft = missingLeft;
  }
}

interface Totals {
  G: number;
  H: number;
  parent: number;
}

/**
 * Scans one feature's split points. A node with far fewer rows than the
 * feature has bins (deep nodes of a model with exact splits, `maxBins` up to
 * MAX_BINS) sorts its rows by bin and visits only the occupied bins instead
 * of filling and walking the whole histogram. Both walks add the same numbers
 * in the same order (rows in node order within a bin, bins ascending) and try
 * the same first split position of each run of equal sums, so they choose
 * the same split.
 */
function scanFeature(ctx: GrowContext, rows: Int32Array, f: number, totalG: number, totalH: number, best: BestSplit): void {
  const { binned, grad, hess, histG, histH, params } = ctx;
  const nCuts = (binned.cuts[f] as Float64Array).length;
  if (nCuts === 0) return;
  const totals: Totals = { G: totalG, H: totalH, parent: score(totalG, totalH, params.lambda) };
  const miss: Totals = { G: 0, H: 0, parent: 0 };
  const base = f * binned.rows;
  if (rows.length * (params.sparseNodeFactor ?? SPARSE_NODE_FACTOR) < nCuts) {
    const n = rows.length;
    const keys = ctx.sortKeys.subarray(0, n);
    let k = 0;
    for (let i = 0; i < n; i++) {
      const r = rows[i] as number;
      const b = binned.bins[base + r] as number;
      if (b === MISSING_BIN) {
        miss.G += grad[r] as number;
        miss.H += hess[r] as number;
      } else keys[k++] = b * n + i;
    }
    const sorted = keys.subarray(0, k).sort();
    if (k > 0 && Math.floor((sorted[0] as number) / n) > 0) consider(ctx, f, 0, 0, 0, miss, totals, best);
    let gl = 0;
    let hl = 0;
    for (let j = 0; j < k; ) {
      const b = Math.floor((sorted[j] as number) / n);
      if (b >= nCuts) break;
      let bg = 0;
      let bh = 0;
      for (; j < k && Math.floor((sorted[j] as number) / n) === b; j++) {
        const r = rows[(sorted[j] as number) - b * n] as number;
        bg += grad[r] as number;
        bh += hess[r] as number;
      }
      gl += bg;
      hl += bh;
      consider(ctx, f, b, gl, hl, miss, totals, best);
    }
    return;
  }
  const { histN } = ctx;
  histG.fill(0, 0, nCuts + 1);
  histH.fill(0, 0, nCuts + 1);
  histN.fill(0, 0, nCuts + 1);
  const { bins } = binned;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as number;
    const b = bins[base + r] as number;
    if (b === MISSING_BIN) {
      miss.G += grad[r] as number;
      miss.H += hess[r] as number;
    } else {
      histG[b] = (histG[b] as number) + (grad[r] as number);
      histH[b] = (histH[b] as number) + (hess[r] as number);
      histN[b] = (histN[b] as number) + 1;
    }
  }
  // An empty bin repeats the sums of the split before it, which won already
  // on a tie: only bin 0 and occupied bins are candidates.
  let gl = 0;
  let hl = 0;
  for (let b = 0; b < nCuts; b++) {
    if (b > 0 && histN[b] === 0) continue;
    gl += histG[b] as number;
    hl += histH[b] as number;
    consider(ctx, f, b, gl, hl, miss, totals, best);
  }
}

interface Side {
  readonly rows: Int32Array;
  readonly g: number;
  readonly h: number;
}

/**
 * Splits the node's rows, keeping their order, and sums each side's gradient
 * and hessian in that order (the leaf weights' exact sums).
 */
function partition(ctx: GrowContext, rows: Int32Array, split: BestSplit): [Side, Side] {
  const { bins } = ctx.binned;
  const { grad, hess, goesLeft } = ctx;
  const base = split.feature * ctx.binned.rows;
  let nLeft = 0;
  for (let i = 0; i < rows.length; i++) {
    const b = bins[base + (rows[i] as number)] as number;
    const left = b === MISSING_BIN ? split.missingLeft : b <= split.bin;
    goesLeft[i] = left ? 1 : 0;
    nLeft += left ? 1 : 0;
  }
  const left = new Int32Array(nLeft);
  const right = new Int32Array(rows.length - nLeft);
  let gl = 0, hl = 0, gr = 0, hr = 0;
  for (let i = 0, l = 0, rr = 0; i < rows.length; i++) {
    const r = rows[i] as number;
    if (goesLeft[i] === 1) {
      left[l++] = r;
      gl += grad[r] as number;
      hl += hess[r] as number;
    } else {
      right[rr++] = r;
      gr += grad[r] as number;
      hr += hess[r] as number;
    }
  }
  return [
    { rows: left, g: gl, h: hl },
    { rows: right, g: gr, h: hr },
  ];
}

function growNode(ctx: GrowContext, node: number, rows: Int32Array, depth: number, G: number, H: number): void {
  if (depth >= ctx.params.maxDepth || H < 2 * ctx.params.minChildWeight) return;
  const best: BestSplit = { gain: 1e-12, feature: -1, bin: -1, missingLeft: true };
  for (const f of ctx.features) scanFeature(ctx, rows, f, G, H, best);
  if (best.feature < 0) return;
  const [{ rows: leftRows, g: gl, h: hl }, { rows: rightRows, g: gr, h: hr }] = partition(ctx, rows, best);
  const { lambda, eta } = ctx.params;
  const left = addNode(ctx.builder, (-gl / (hl + lambda)) * eta, hl);
  const right = addNode(ctx.builder, (-gr / (hr + lambda)) * eta, hr);
  const threshold = (ctx.binned.cuts[best.feature] as Float64Array)[best.bin] as number;
  setSplit(ctx.builder, node, { feature: best.feature, threshold, left, right, defaultLeft: best.missingLeft });
  growNode(ctx, left, leftRows, depth + 1, gl, hl);
  growNode(ctx, right, rightRows, depth + 1, gr, hr);
}

/** Grows one regression tree on gradients and hessians of the given rows. */
export function growBoostedTree(
  binned: BinnedMatrix,
  grad: Float64Array,
  hess: Float64Array,
  rows: Int32Array,
  features: Int32Array,
  params: GrowParams,
): Tree {
  const builder = createTreeBuilder();
  let G = 0;
  let H = 0;
  for (const r of rows) {
    G += grad[r] as number;
    H += hess[r] as number;
  }
  const root = addNode(builder, (-G / (H + params.lambda)) * params.eta, H);
  const bins = binned.cuts.reduce((m, c) => Math.max(m, c.length + 1), 1);
  const ctx: GrowContext = {
    binned, grad, hess, features, params, builder,
    histG: new Float64Array(bins), histH: new Float64Array(bins), histN: new Uint32Array(bins), sortKeys: new Float64Array(rows.length), goesLeft: new Uint8Array(rows.length),
  };
  growNode(ctx, root, rows, 0, G, H);
  return freezeTree(builder);
}
