/**
 * Two-state words device telemetry uses (TON_IoT: door open/closed, light
 * on/off, temperature condition high/low, phone signal true/false), read as 1/0.
 */
export const STATE_WORDS: Readonly<Record<string, number>> = {
  true: 1, false: 0, on: 1, off: 0, open: 1, closed: 0, high: 1, low: 0,
};

/**
 * A CSV cell as a feature value: a number, a state word (trimmed, any case),
 * NaN for an empty cell (a missing value), or undefined when it is neither.
 */
export function parseCell(raw: string): number | undefined {
  const cell = raw.trim().toLowerCase();
  if (cell === '') return Number.NaN;
  const n = Number(cell);
  if (Number.isFinite(n)) return n;
  return STATE_WORDS[cell];
}
