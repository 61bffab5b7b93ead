/** CUSUM values are capped so one long excursion cannot dominate a tree split or a sum. */
export const CUSUM_CAP = 50;
/** Residuals are clipped to ±10σ before they accumulate, so one wild hour cannot dominate. */
const CUSUM_CLIP = 10;

/**
 * Two-sided CUSUM (Page 1954) of a residual series in standard deviations:
 * g⁺ₜ = max(0, g⁺ₜ₋₁ + zₜ − k), g⁻ₜ = max(0, g⁻ₜ₋₁ − zₜ − k), reported as
 * max(g⁺, g⁻) and capped at `CUSUM_CAP`. It accumulates small persistent
 * residuals (a replayed or offset reading, a slowed pump) and decays by the
 * slack k per normal hour.
 */
export function cusum(z: ArrayLike<number>, slack: number): Float64Array {
  let up = 0;
  let down = 0;
  return Float64Array.from({ length: z.length }, (_, r) => {
    const x = Math.max(-CUSUM_CLIP, Math.min(CUSUM_CLIP, z[r] as number));
    up = Math.min(CUSUM_CAP, Math.max(0, up + x - slack));
    down = Math.min(CUSUM_CAP, Math.max(0, down - x - slack));
    return Math.max(up, down);
  });
}
