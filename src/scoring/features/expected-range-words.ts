/**
 * How an explanation states a reading against its expected range: enough
 * decimals that the range shows its width (2 for a width of 0.1 or more, up to
 * 4) and that a reading outside it differs from its bound (up to 4), and "within the expected …" when the reading lies inside — a reading
 * ranked among an hour's largest deviations can still be inside its range
 * (an hour held in alarm, or one where every tag deviates little).
 */
export function rangeWords(actual: number, low: number, high: number, unit: string): { readonly value: (v: number) => string; readonly range: string } {
  const width = high - low;
  let digits = !(width > 0) || width >= 0.1 ? 2 : Math.min(4, Math.ceil(-Math.log10(width)) + 1);
  const inside = actual >= low && actual <= high;
  // A reading just outside its range shows the decimal that tells it from the bound (up to 4).
  const bound = actual < low ? low : high;
  while (!inside && digits < 4 && actual.toFixed(digits) === bound.toFixed(digits)) digits++;
  const value = (v: number): string => v.toFixed(digits);
  return { value, range: `${inside ? 'within the expected' : 'expected'} ${value(low)}–${value(high)}${unit}` };
}
