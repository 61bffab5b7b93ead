/** Trailing mean over the last `window` values (fewer at the start). */
export function rollingMean(values: Float64Array, window: number): Float64Array {
  const out = new Float64Array(values.length);
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i] as number;
    if (i >= window) sum -= values[i - window] as number;
    out[i] = sum / Math.min(i + 1, window);
  }
  return out;
}

/** The series shifted one step back in time (x[t−1]); the first value repeats. */
export function lagOne(values: Float64Array): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[Math.max(0, i - 1)] as number;
  return out;
}
