import { describe, expect, it } from 'vitest';
import { createPipelineMetrics } from './pipeline-metrics.js';

describe('pipeline metrics in the Prometheus text format', () => {
  it('renders counters, gauges and cumulative histogram buckets', () => {
    const m = createPipelineMetrics();
    m.count('accepted', 3);
    m.count('dead_letter');
    m.gauge('store_pending', 12);
    m.observe('score', 0.04);
    m.observe('score', 2);
    m.observe('score', 2000);
    const lines = m.renderMetrics().split('\n');
    expect(lines).toContain('civgraph_pipeline_events_total{outcome="accepted"} 3');
    expect(lines).toContain('civgraph_pipeline_events_total{outcome="dead_letter"} 1');
    expect(lines).toContain('civgraph_pipeline_events_total{outcome="quiet"} 0');
    expect(lines).toContain('civgraph_pipeline_store_pending 12');
    expect(lines.filter((l) => l.startsWith('civgraph_pipeline_stage_seconds_bucket{stage="score"'))).toEqual([
      'civgraph_pipeline_stage_seconds_bucket{stage="score",le="0.00005"} 1',
      'civgraph_pipeline_stage_seconds_bucket{stage="score",le="0.0001"} 1',
      'civgraph_pipeline_stage_seconds_bucket{stage="score",le="0.00025"} 1',
      'civgraph_pipeline_stage_seconds_bucket{stage="score",le="0.0005"} 1',
      'civgraph_pipeline_stage_seconds_bucket{stage="score",le="0.001"} 1',
      'civgraph_pipeline_stage_seconds_bucket{stage="score",le="0.0025"} 2',
      'civgraph_pipeline_stage_seconds_bucket{stage="score",le="0.005"} 2',
      'civgraph_pipeline_stage_seconds_bucket{stage="score",le="0.01"} 2',
      'civgraph_pipeline_stage_seconds_bucket{stage="score",le="0.025"} 2',
      'civgraph_pipeline_stage_seconds_bucket{stage="score",le="0.05"} 2',
      'civgraph_pipeline_stage_seconds_bucket{stage="score",le="0.1"} 2',
      'civgraph_pipeline_stage_seconds_bucket{stage="score",le="0.25"} 2',
      'civgraph_pipeline_stage_seconds_bucket{stage="score",le="1"} 2',
      'civgraph_pipeline_stage_seconds_bucket{stage="score",le="+Inf"} 3',
    ]);
    expect(lines).toContain('civgraph_pipeline_stage_seconds_count{stage="score"} 3');
    expect(lines).toContain('civgraph_pipeline_stage_seconds_sum{stage="score"} 2.00204');
    expect(lines).toContain('# TYPE civgraph_pipeline_stage_seconds histogram');
    expect(m.stage('score')).toEqual({ count: 3, sumMs: expect.closeTo(2002.04, 6) as number });
  });
});
