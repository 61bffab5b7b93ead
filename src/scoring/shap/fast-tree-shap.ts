/**
 * Path-dependent TreeSHAP by leaf-wise closed forms (the reformulation behind
 * Fast TreeSHAP, Yang 2021, arXiv:2109.09847). For a leaf with value v whose
 * path splits on the unique features U (|U| = d), let z_j be the product of
 * the cover ratios of the path's splits on feature j and H ⊆ U the features
 * whose splits x all follows. Algorithm 2 of Lundberg et al. 2020 computes
 *   φ_i += v (o_i − z_i) Σ_{S ⊆ H∖i} W_d(|S|) Π_{j ∈ U∖S∖i} z_j,
 *   W_d(k) = k!(d−k−1)!/d!.
 * With P = Π_{j ∈ U∖H} z_j and Q(A) = Σ_k W_d(k) e_{|A|−k}(z_A), where e_m
 * are the elementary symmetric polynomials of the z values of A:
 *   hot i:  φ_i += v (1 − z_i) · P · Q(H∖i)
 *   cold i: φ_i −= v · P · Q(H).
 * e(z_H) is built once per leaf and e(z_{H∖i}) by deflating it with
 * (1 + z_i t), summed into Q in the same pass, so a leaf costs O(|H|·d) flops
 * and no tables are needed. leaf-closed-form.ts evaluates this per leaf over
 * paths precomputed once per model. Bits index U in the order features first
 * appear on the path.
 */

/** W_d(k) for every d ≤ max: weights[d][k]. */
export function shapleyWeightTable(max: number): Float64Array[] {
  return Array.from({ length: max + 1 }, (_, d) => {
    const w = new Float64Array(Math.max(d, 1));
    for (let k = 0; k < d; k++) {
      let v = 1 / d;
      for (let t = 1; t <= k; t++) v *= t / (d - t);
      w[k] = v;
    }
    return w;
  });
}
