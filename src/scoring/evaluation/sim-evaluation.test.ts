import { describe, expect, it } from 'vitest';
import { SCENARIO_NAMES } from '../../sim/index.js';
import { evaluateSim } from './sim-evaluation.js';

describe('evaluation on the simulated city', () => {
  const e = evaluateSim({ devices: 600, hours: 6, seed: 3 });

  it('scores every scenario with both detectors and pools the counts', () => {
    expect(e.scenarios.map((s) => s.scenario)).toEqual([...SCENARIO_NAMES]);
    for (const s of e.scenarios) {
      for (const d of [s.supervised, s.isolation]) {
        const m = d.metrics;
        expect(m.tp + m.fp + m.tn + m.fn).toBe(s.events);
        expect(m.tp + m.fn).toBe(s.positives);
        expect(d.detected).toBe(m.tp > 0);
        expect(d.stages.some((x) => x.detected)).toBe(d.detected);
      }
    }
    const total = e.scenarios.reduce((n, s) => n + s.events, 0);
    const o = e.overall.supervised;
    expect(o.tp + o.fp + o.tn + o.fn).toBe(total);
  });

  it('detects the coordinated attack in more than one domain with the leave-one-out model', () => {
    const coordinated = e.scenarios.find((s) => s.scenario === 'coordinated');
    const domains = new Set(coordinated?.supervised.stages.filter((x) => x.detected).flatMap((x) => x.domains));
    expect(domains.size).toBeGreaterThan(1);
  });
});
