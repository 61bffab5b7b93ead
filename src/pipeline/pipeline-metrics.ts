/**
 * Per-stage counters and latency histograms of the live loop, rendered in the
 * Prometheus text exposition format 0.0.4 (`# HELP`, `# TYPE`, cumulative
 * `_bucket{le=…}`, `_sum`, `_count`), so `/metrics` can be scraped as is.
 */

/** The loop's stages in order (DESIGN.md §1). */
export const PIPELINE_STAGES = ['receive', 'map', 'store', 'score', 'correlate', 'propagate', 'policy', 'decide', 'publish'] as const;
export type PipelineStage = (typeof PIPELINE_STAGES)[number];

/** Upper bounds of the latency buckets, in seconds (50 µs … 1 s). */
export const LATENCY_BUCKETS_SECONDS: readonly number[] = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

const BUCKETS = LATENCY_BUCKETS_SECONDS.length;

/** Outcomes counted besides the stages (events that left the loop early, and why). */
export const PIPELINE_OUTCOMES = ['accepted', 'duplicate', 'dead_letter', 'quiet', 'flagged', 'loop_guarded', 'decided', 'store_batches', 'store_failures'] as const;
export type PipelineOutcome = (typeof PIPELINE_OUTCOMES)[number];

interface Histogram {
  readonly counts: number[];
  sum: number;
  count: number;
}

export interface PipelineMetrics {
  /** Adds one latency observation (milliseconds) to the stage's histogram. */
  observe(stage: PipelineStage, ms: number): void;
  /** Adds `n` to an outcome counter. */
  count(outcome: PipelineOutcome, n?: number): void;
  /** Sets a gauge (queue depth, pending store writes). */
  gauge(name: string, value: number): void;
  counter(outcome: PipelineOutcome): number;
  /** Observations of one stage and their sum in milliseconds. */
  stage(stage: PipelineStage): { readonly count: number; readonly sumMs: number };
  /** Prometheus text format of every counter, gauge and histogram. */
  renderMetrics(): string;
}

const number = (v: number): string => (Number.isInteger(v) ? String(v) : v.toPrecision(6).replace(/\.?0+$/, ''));

function renderHistograms(histograms: ReadonlyMap<PipelineStage, Histogram>, lines: string[]): void {
  lines.push('# HELP civgraph_pipeline_stage_seconds Time spent in each stage of the live loop per event.');
  lines.push('# TYPE civgraph_pipeline_stage_seconds histogram');
  for (const [stage, h] of histograms) {
    let cumulative = 0;
    LATENCY_BUCKETS_SECONDS.forEach((le, i) => {
      cumulative += h.counts[i] ?? 0;
      lines.push(`civgraph_pipeline_stage_seconds_bucket{stage="${stage}",le="${number(le)}"} ${cumulative}`);
    });
    lines.push(`civgraph_pipeline_stage_seconds_bucket{stage="${stage}",le="+Inf"} ${h.count}`);
    lines.push(`civgraph_pipeline_stage_seconds_sum{stage="${stage}"} ${number(h.sum)}`);
    lines.push(`civgraph_pipeline_stage_seconds_count{stage="${stage}"} ${h.count}`);
  }
}

/** Creates an empty metrics registry for one loop. */
export function createPipelineMetrics(): PipelineMetrics {
  const histograms = new Map<PipelineStage, Histogram>(PIPELINE_STAGES.map((s) => [s, { counts: LATENCY_BUCKETS_SECONDS.map(() => 0), sum: 0, count: 0 }]));
  const counters = new Map<PipelineOutcome, number>(PIPELINE_OUTCOMES.map((o) => [o, 0]));
  const gauges = new Map<string, number>();
  return {
    observe(stage, ms) {
      const h = histograms.get(stage);
      if (h === undefined) return;
      const seconds = ms / 1000;
      // Called several times per event: a plain scan, no closure (most observations fall in the first buckets).
      for (let i = 0; i < BUCKETS; i++) {
        if (seconds <= (LATENCY_BUCKETS_SECONDS[i] as number)) {
          h.counts[i] = (h.counts[i] as number) + 1;
          break;
        }
      }
      h.sum += seconds;
      h.count++;
    },
    count(outcome, n = 1) {
      counters.set(outcome, (counters.get(outcome) ?? 0) + n);
    },
    gauge(name, value) {
      gauges.set(name, value);
    },
    counter: (outcome) => counters.get(outcome) ?? 0,
    stage(stage) {
      const h = histograms.get(stage);
      return { count: h?.count ?? 0, sumMs: (h?.sum ?? 0) * 1000 };
    },
    renderMetrics() {
      const lines: string[] = ['# HELP civgraph_pipeline_events_total Events of the live loop by outcome.', '# TYPE civgraph_pipeline_events_total counter'];
      for (const [outcome, value] of counters) lines.push(`civgraph_pipeline_events_total{outcome="${outcome}"} ${value}`);
      for (const [name, value] of gauges) {
        lines.push(`# TYPE civgraph_pipeline_${name} gauge`, `civgraph_pipeline_${name} ${number(value)}`);
      }
      renderHistograms(histograms, lines);
      return `${lines.join('\n')}\n`;
    },
  };
}
