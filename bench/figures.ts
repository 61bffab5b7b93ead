/**
 * One format for every benchmark figure, printed as a line and collected as
 * JSON, so BENCHMARKS.md can quote figures with the command that made them.
 */
export interface Figure {
  readonly bench: string;
  readonly case: string;
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
}

export interface BenchContext {
  /** Scale of the run: `quick` for a smoke run, `full` for the recorded figures. */
  readonly scale: 'quick' | 'full';
  readonly record: (figure: Figure) => void;
}

export interface Benchmark {
  readonly name: string;
  readonly description: string;
  run(context: BenchContext): Promise<void>;
}

export function formatFigure(figure: Figure): string {
  const value = Number.isInteger(figure.value)
    ? figure.value.toLocaleString('en-US')
    : figure.value.toLocaleString('en-US', { maximumFractionDigits: 3 });
  return `BENCH ${figure.bench} | ${figure.case} | ${figure.metric} = ${value} ${figure.unit}`;
}

/** Peak resident set size of this process so far, in MiB. */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** Percentile (0–100) of a sample, by nearest rank on a sorted copy. */
export function percentile(sample: readonly number[], p: number): number {
  if (sample.length === 0) return Number.NaN;
  const sorted = [...sample].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}
