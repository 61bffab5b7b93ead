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
}

const score = (g: number, h: number, lambda: number): number => (g * g) / (h + lambda);

function scanFeature(ctx: GrowContext, rows: Int32Array, f: number, totalG: number, totalH: number, best: BestSplit): void {
  const { binned, grad, hess, histG, histH, params } = ctx;
  const nCuts = (binned.cuts[f] as Float64Array).length;
  if (nCuts === 0) return;
  histG.fill(0, 0, nCuts + 1);
  histH.fill(0, 0, nCuts + 1);
  let missG = 0;
  let missH = 0;
  const base = f * binned.rows;
  for (const r of rows) {
    const b = binned.bins[base + r] as number;
    if (b === MISSING_BIN) {
      missG += grad[r] as number;
      missH += hess[r] as number;
    } else {
      histG[b] = (histG[b] as number) + (grad[r] as number);
      histH[b] = (histH[b] as number) + (hess[r] as number);
    }
  }
  const parent = score(totalG, totalH, params.lambda);
  let gl = 0;
  let hl = 0;
  for (let b = 0; b < nCuts; b++) {
    gl += histG[b] as number;
    hl += histH[b] as number;
    for (const missingLeft of [true, false]) {
      const GL = missingLeft ? gl + missG : gl;
      const HL = missingLeft ? hl + missH : hl;
      const GR = totalG - GL;
      const HR = totalH - HL;
      if (HL < params.minChildWeight || HR < params.minChildWeight) continue;
      const gain = 0.5 * (score(GL, HL, params.lambda) + score(GR, HR, params.lambda) - parent) - params.gamma;
      if (gain > best.gain) Object.assign(best, { gain, feature: f, bin: b, missingLeft });
    }
  }
}

function partition(ctx: GrowContext, rows: Int32Array, split: BestSplit): [Int32Array, Int32Array] {
  const base = split.feature * ctx.binned.rows;
  const left: number[] = [];
  const right: number[] = [];
  for (const r of rows) {
    const b = ctx.binned.bins[base + r] as number;
    const goLeft = b === MISSING_BIN ? split.missingLeft : b <= split.bin;
    (goLeft ? left : right).push(r);
  }
  return [Int32Array.from(left), Int32Array.from(right)];
}

function growNode(ctx: GrowContext, node: number, rows: Int32Array, depth: number, G: number, H: number): void {
  if (depth >= ctx.params.maxDepth || H < 2 * ctx.params.minChildWeight) return;
  const best: BestSplit = { gain: 1e-12, feature: -1, bin: -1, missingLeft: true };
  for (const f of ctx.features) scanFeature(ctx, rows, f, G, H, best);
  if (best.feature < 0) return;
  const [leftRows, rightRows] = partition(ctx, rows, best);
  const sums = (rs: Int32Array): [number, number] => {
    let g = 0;
    let h = 0;
    for (const r of rs) {
      g += ctx.grad[r] as number;
      h += ctx.hess[r] as number;
    }
    return [g, h];
  };
  const [gl, hl] = sums(leftRows);
  const [gr, hr] = sums(rightRows);
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
  const ctx: GrowContext = { binned, grad, hess, features, params, builder, histG: new Float64Array(256), histH: new Float64Array(256) };
  growNode(ctx, root, rows, 0, G, H);
  return freezeTree(builder);
}
