/**
 * Temporal operators (DESIGN.md §7) over the `history` fact: the recent
 * events of the device, oldest first, each `{ time, kind, count? }` with
 * `time` in epoch milliseconds. The window ends at the newest entry (the
 * event being evaluated), so a verdict depends on the facts alone.
 */
export interface HistoryEntry {
  readonly time: number;
  readonly kind: string;
  readonly count?: number;
}

export interface CountSpec {
  readonly kind?: string | readonly string[];
  readonly windowMinutes: number;
  readonly atLeast: number;
}

export interface SequenceSpec {
  readonly steps: readonly string[];
  readonly windowMinutes: number;
}

const MINUTE = 60_000;

function entries(history: unknown): HistoryEntry[] | undefined {
  if (!Array.isArray(history) || history.length === 0) return undefined;
  for (const h of history) {
    if (h === null || typeof h !== 'object' || typeof (h as HistoryEntry).time !== 'number' || typeof (h as HistoryEntry).kind !== 'string') return undefined;
  }
  return history as HistoryEntry[];
}

function matches(kind: string, wanted: string | readonly string[] | undefined): boolean {
  if (wanted === undefined) return true;
  return typeof wanted === 'string' ? kind === wanted : wanted.includes(kind);
}

/** countWithin: Σ count (default 1) of entries of `kind` in the last `windowMinutes` ≥ `atLeast`. */
export function countWithin(history: unknown, spec: unknown): boolean {
  const list = entries(history);
  if (list === undefined || spec === null || typeof spec !== 'object') return false;
  const { kind, windowMinutes, atLeast } = spec as CountSpec;
  if (typeof windowMinutes !== 'number' || typeof atLeast !== 'number') return false;
  const end = (list[list.length - 1] as HistoryEntry).time;
  const from = end - windowMinutes * MINUTE;
  let total = 0;
  for (const h of list) if (h.time >= from && h.time <= end && matches(h.kind, kind)) total += h.count ?? 1;
  return total >= atLeast;
}

/** sequence: the `steps` kinds occur in this order (gaps allowed) within the last `windowMinutes`. */
export function sequence(history: unknown, spec: unknown): boolean {
  const list = entries(history);
  if (list === undefined || spec === null || typeof spec !== 'object') return false;
  const { steps, windowMinutes } = spec as SequenceSpec;
  if (!Array.isArray(steps) || typeof windowMinutes !== 'number') return false;
  const end = (list[list.length - 1] as HistoryEntry).time;
  const from = end - windowMinutes * MINUTE;
  let next = 0;
  for (const h of list) {
    if (next < steps.length && h.time >= from && h.kind === steps[next]) next++;
  }
  return next === steps.length;
}
