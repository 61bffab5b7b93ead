import type { FlatEnsemble } from '../trees/flat-ensemble.js';
import { gaussLegendre, type Quadrature } from './gauss-legendre.js';
import { PATH_MAX_UNIQUE, walkPathCovers } from './path-covers.js';

/**
 * The per-model tables of Linear TreeSHAP (leaf-path-shap.ts has the method):
 * every internal node of every eligible tree as one "slot", numbered tree by
 * tree in breadth-first order (the flat layout's order, so a parent precedes
 * its children), with its split and one record of 8n + 2 numbers:
 *
 *   side s ∈ {0: x goes left, 1: x goes right} at s·4n:
 *     node with an internal child:  mL(n) mR(n) cL(n) cR(n)
 *     node whose children are both leaves ("bottom"):  A(n) B(n)
 *   at 8n, 8n + 1: the factors of the left and right child when the split
 *     feature is already cold above (the cover ratio, × v at a leaf; bottom:
 *     their sum at 8n), for which Δc = 0.
 *
 * m is the factor G gains on the edge into a child (×F_new/F_old), c the edge's
 * ω_q·Δc_q. A leaf's factors carry its value, so G at a leaf is already v·G;
 * a bottom node folds its leaves in: S = G ⊙ A and its feature gains Σ G·B
 * (A = mL + mR, B = mL·cL + mR·cR), so leaves are never visited per row.
 * Records are read sequentially, one per internal node, in tree order.
 */
export interface SlotLayout {
  /** Gauss–Legendre points n. */
  readonly points: number;
  /** 1 when tree t is tabulated; 0 when a path has more than LINEAR_SHAP_MAX_UNIQUE unique features. */
  readonly eligible: Uint8Array;
  /** Tree t's slots are [slotStart[t], slotStart[t + 1]). */
  readonly slotStart: Int32Array;
  /** Per slot: the node and its left child (right = left + 1), both relative to the tree's root. */
  readonly node: Int32Array;
  readonly left: Int32Array;
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly defaultLeft: Uint8Array;
  /** Bit of the split feature in the path's hot mask (features in order of first appearance on the path). */
  readonly position: Uint8Array;
  /** 1 when both children are leaves. */
  readonly bottom: Uint8Array;
  readonly table: Float64Array;
  /** Most nodes in one eligible tree (scratch sizes). */
  readonly maxNodes: number;
}

/** Masks are 31-bit integers. */
export const LINEAR_SHAP_MAX_UNIQUE = PATH_MAX_UNIQUE;

/** Numbers per slot record for n points. */
export const recordSize = (n: number): number => 8 * n + 2;

/** Per node: hot-mask bit of its split feature; per non-root node: cover ratio of its edge, merged cover product of the parent's feature before and after it. */
interface Covers {
  readonly position: Uint8Array;
  readonly zEdge: Float64Array;
  readonly zBefore: Float64Array;
  readonly zMerged: Float64Array;
}

/** Fills the covers of tree t (before = 1 at a feature's first split on the path); returns its most unique features on a path. */
function collectCovers(flat: FlatEnsemble, t: number, out: Covers): number {
  let maxUnique = 0;
  walkPathCovers(
    flat, t, out.position,
    (_, features) => {
      maxUnique = Math.max(maxUnique, features.length);
    },
    (child, ratio, before, merged) => {
      out.zEdge[child] = ratio;
      out.zBefore[child] = before;
      out.zMerged[child] = merged;
    },
  );
  return maxUnique;
}

/** One edge's factors and ω·Δc, hot and cold, for a feature still hot above it (× v into a leaf). */
interface EdgeTerms {
  readonly mHot: Float64Array;
  readonly mCold: Float64Array;
  readonly cHot: Float64Array;
  readonly cCold: Float64Array;
}

function edgeTerms(flat: FlatEnsemble, covers: Covers, child: number, rule: Quadrature): EdgeTerms {
  const n = rule.nodes.length;
  const terms = { mHot: new Float64Array(n), mCold: new Float64Array(n), cHot: new Float64Array(n), cCold: new Float64Array(n) };
  const v = (flat.left[child] as number) < 0 ? (flat.value[child] as number) : 1;
  const zm = covers.zMerged[child] as number;
  const zp = covers.zBefore[child] as number;
  for (let q = 0; q < n; q++) {
    const t = rule.nodes[q] as number;
    const w = rule.weights[q] as number;
    // F(z) = t + (1 − t)z while the feature is hot, (1 − t)z once cold; F before the edge is 1 at the feature's first split.
    const fm = zm + t * (1 - zm);
    const fp = zp === 1 ? 1 : zp + t * (1 - zp);
    const prev = zp === 1 ? 0 : (w * (1 - zp)) / fp;
    terms.mHot[q] = zp === 1 ? fm * v : (fm / fp) * v;
    terms.mCold[q] = zp === 1 ? (1 - t) * zm * v : (((1 - t) * zm) / fp) * v;
    terms.cHot[q] = (w * (1 - zm)) / fm - prev;
    terms.cCold[q] = -w / (1 - t) - prev;
  }
  return terms;
}

/** Writes slot k's record (see SlotLayout) for internal node i with left child l. */
function writeRecord(flat: FlatEnsemble, covers: Covers, rule: Quadrature, table: Float64Array, k: number, i: number): boolean {
  const n = rule.nodes.length;
  const l = flat.left[i] as number;
  const bottom = (flat.left[l] as number) < 0 && (flat.left[l + 1] as number) < 0;
  const a = edgeTerms(flat, covers, l, rule);
  const b = edgeTerms(flat, covers, l + 1, rule);
  const at = k * recordSize(n);
  const coldL = (covers.zEdge[l] as number) * ((flat.left[l] as number) < 0 ? (flat.value[l] as number) : 1);
  const coldR = (covers.zEdge[l + 1] as number) * ((flat.left[l + 1] as number) < 0 ? (flat.value[l + 1] as number) : 1);
  const sides = [
    { mL: a.mHot, mR: b.mCold, cL: a.cHot, cR: b.cCold },
    { mL: a.mCold, mR: b.mHot, cL: a.cCold, cR: b.cHot },
  ];
  sides.forEach(({ mL, mR, cL, cR }, s) => {
    const o = at + s * 4 * n;
    for (let q = 0; q < n; q++) {
      const ml = mL[q] as number;
      const mr = mR[q] as number;
      if (bottom) {
        table[o + q] = ml + mr;
        table[o + n + q] = ml * (cL[q] as number) + mr * (cR[q] as number);
        continue;
      }
      table[o + q] = ml;
      table[o + n + q] = mr;
      table[o + 2 * n + q] = cL[q] as number;
      table[o + 3 * n + q] = cR[q] as number;
    }
  });
  table[at + 8 * n] = bottom ? coldL + coldR : coldL;
  table[at + 8 * n + 1] = coldR;
  return bottom;
}

/** Builds the slot layout of every tree whose paths have ≤ LINEAR_SHAP_MAX_UNIQUE unique features. */
export function buildSlotLayout(flat: FlatEnsemble): SlotLayout {
  const count = flat.feature.length;
  const covers: Covers = { position: new Uint8Array(count), zEdge: new Float64Array(count), zBefore: new Float64Array(count), zMerged: new Float64Array(count) };
  const unique = Array.from({ length: flat.treeCount }, (_, t) => collectCovers(flat, t, covers));
  const eligible = Uint8Array.from(unique, (u) => (u <= LINEAR_SHAP_MAX_UNIQUE ? 1 : 0));
  const rule = gaussLegendre(Math.ceil(unique.reduce((m, u, t) => (eligible[t] === 1 ? Math.max(m, u) : m), 1) / 2));
  const n = rule.nodes.length;
  const slotStart = new Int32Array(flat.treeCount + 1);
  for (let t = 0; t < flat.treeCount; t++) {
    let internal = 0;
    if (eligible[t] === 1) for (let i = flat.start[t] as number; i < (flat.start[t + 1] as number); i++) if ((flat.left[i] as number) >= 0) internal++;
    slotStart[t + 1] = (slotStart[t] as number) + internal;
  }
  const slots = slotStart[flat.treeCount] as number;
  const layout = {
    points: n, eligible, slotStart, node: new Int32Array(slots), left: new Int32Array(slots), feature: new Int32Array(slots),
    threshold: new Float64Array(slots), defaultLeft: new Uint8Array(slots), position: new Uint8Array(slots), bottom: new Uint8Array(slots),
    table: new Float64Array(slots * recordSize(n)), maxNodes: 1,
  };
  for (let t = 0; t < flat.treeCount; t++) {
    if (eligible[t] !== 1) continue;
    const first = flat.start[t] as number;
    layout.maxNodes = Math.max(layout.maxNodes, (flat.start[t + 1] as number) - first);
    let k = slotStart[t] as number;
    for (let i = first; i < (flat.start[t + 1] as number); i++) {
      if ((flat.left[i] as number) < 0) continue;
      layout.node[k] = i - first;
      layout.left[k] = (flat.left[i] as number) - first;
      layout.feature[k] = flat.feature[i] as number;
      layout.threshold[k] = flat.threshold[i] as number;
      layout.defaultLeft[k] = flat.defaultLeft[i] as number;
      layout.position[k] = covers.position[i] as number;
      layout.bottom[k] = writeRecord(flat, covers, rule, layout.table, k, i) ? 1 : 0;
      k++;
    }
  }
  return layout;
}
