/**
 * A small deterministic LiveScorer for the pipeline's tests and benchmarks
 * (the real streaming scorer lives in src/scoring): fixed probabilities per
 * security action, quiet observations, per-class thresholds.
 */
import type { LiveScore, LiveScorer } from '../scoring/index.js';
import type { SimEvent } from '../sim/index.js';

const ACTION_PROBABILITY: Readonly<Record<string, number>> = {
  failedLogin: 0.3, successfulLogin: 0.55, newPeer: 0.7, firmwareChange: 0.9, configChange: 0.8, commandWrite: 0.85, fileEncryption: 0.97, serviceStop: 0.85,
};

export function createRuleScorer(defaultThreshold = 0.5): LiveScorer {
  const thresholds = new Map<string, number>();
  const threshold = (kind: string): number => thresholds.get(kind) ?? defaultThreshold;
  const probabilityOf = (e: SimEvent): number => (e.type === 'observation' ? 0.02 : Math.min(0.99, (ACTION_PROBABILITY[e.action] ?? 0.1) + (e.count > 10 ? 0.1 : 0)));
  return {
    version: 'rule-scorer-1',
    score(e): LiveScore {
      const probability = probabilityOf(e);
      const t = threshold(e.kind);
      const feature = e.type === 'observation' ? e.quantity : e.action;
      return { eventId: e.id, score: probability, probability, flagged: probability >= t, threshold: t, contributions: [{ feature, value: probability, actual: e.type === 'observation' ? e.value : e.count }], explanation: `${feature} on ${e.deviceId}`, trust: 1 };
    },
    setThreshold(kind, value) {
      thresholds.set(kind, value);
      return value;
    },
    threshold,
  };
}
