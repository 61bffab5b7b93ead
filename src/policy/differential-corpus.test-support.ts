/**
 * Test support: a seeded random corpus of rules and facts over the policy
 * fact model, for the differential test against stock json-rules-engine.
 */
import { createRandom, type Random } from '../core/index.js';
import type { Projection } from '../graph/projection/index.js';
import type { LeafCondition, PolicyFacts, PolicyRule, RuleCondition } from './types.js';

const KINDS = ['failedLogin', 'successfulLogin', 'newPeer', 'configChange', 'observation'];
const DOMAINS = ['Transportation', 'Energy', 'Water', 'PublicSafety', 'Health'];
const TECHNIQUES = ['T0883', 'T0812', 'T0869', 'T1498.001', 'T0836', 'T0855'];
const LABELS = ['Camera', 'Sensor', 'Gateway', 'Hospital', 'Controller', 'Service', 'Feeder'];

const pick = <T>(r: Random, list: readonly T[]): T => list[r.int(0, (list.length) - 1)] as T;

function leaf(r: Random, devices: readonly string[], zones: readonly string[]): LeafCondition {
  const numericOps = ['lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive', 'equal', 'notEqual'];
  const makers: (() => LeafCondition)[] = [
    () => ({ fact: 'event', path: '$.kind', operator: pick(r, ['equal', 'notEqual']), value: pick(r, KINDS) }),
    () => ({ fact: 'event', path: '$.kind', operator: pick(r, ['in', 'notIn']), value: [pick(r, KINDS), pick(r, KINDS)] }),
    () => ({ fact: 'event', path: '$.domain', operator: 'equal', value: pick(r, DOMAINS) }),
    () => ({ fact: 'event', path: pick(r, ['$.count', '$.missing', '$.nested.count']), operator: pick(r, numericOps), value: r.int(0, (10) - 1) }),
    () => ({ fact: 'scores', path: '$.probability', operator: pick(r, numericOps), value: { fact: 'scores', path: '$.threshold' } }),
    () => ({ fact: 'scores', path: '$.probability', operator: pick(r, numericOps), value: Math.round(r.next() * 10) / 10 }),
    () => ({ fact: 'techniques', operator: pick(r, ['contains', 'doesNotContain']), value: pick(r, TECHNIQUES) }),
    () => ({ fact: 'techniques', operator: 'hasTechnique', value: pick(r, ['T1498', 'T0883', ['T0836', 'T0855']]) }),
    () => ({ fact: 'device', operator: 'inDomain', value: [pick(r, DOMAINS)] }),
    () => ({ fact: 'device', operator: 'isKind', value: pick(r, LABELS) }),
    () => ({ fact: 'device', operator: 'inZone', value: pick(r, zones) }),
    () => ({ fact: 'device', operator: 'pathExists', value: { to: pick(r, ['Service', 'Hospital', devices[0] as string]), hops: 1 + r.int(0, (4) - 1) } }),
    () => ({ fact: 'device', operator: 'servesCriticalService', value: { minCriticality: 3 + r.int(0, (3) - 1), hops: 2 + r.int(0, (5) - 1) } }),
    () => ({ fact: 'history', operator: 'countWithin', value: { kind: pick(r, KINDS), windowMinutes: 5 + r.int(0, (30) - 1), atLeast: 1 + r.int(0, (8) - 1) } }),
    () => ({ fact: 'history', operator: 'sequence', value: { steps: [pick(r, KINDS), pick(r, KINDS)], windowMinutes: 10 + r.int(0, (30) - 1) } }),
    () => ({ fact: pick(r, ['unknownFact', 'device']), path: '$.x', operator: 'equal', value: pick(r, ['a', 'x']) }),
  ];
  return (pick(r, makers) as () => LeafCondition)();
}

function condition(r: Random, depth: number, devices: readonly string[], zones: readonly string[]): RuleCondition {
  if (depth >= 3 || r.next() < 0.45) return leaf(r, devices, zones);
  const n = r.int(0, (4) - 1);
  const children = Array.from({ length: n }, () => condition(r, depth + 1, devices, zones));
  const shape = r.int(0, (3) - 1);
  if (shape === 0) return { all: children };
  if (shape === 1) return { any: children };
  return { not: condition(r, depth + 1, devices, zones) };
}

/**
 * `count` rules with random conditions and priorities; ids rule-0..rule-(count-1).
 * `scoped`: every rule starts with `event.kind equal <kind>` as real policies
 * do (the starter pack scopes every proposing rule by event kind).
 */
export function randomRules(seed: number, count: number, projection: Projection, scoped = false): PolicyRule[] {
  const r = createRandom(seed);
  const devices = sampleDevices(projection, 40);
  const zones = projection.zones.slice(0, 6);
  return Array.from({ length: count }, (_, i) => ({
    id: `rule-${i}`,
    version: '1.0.0',
    name: `random rule ${i}`,
    description: 'generated',
    domain: 'Energy',
    severity: 'low',
    maturity: 'experimental',
    explanation: 'generated',
    priority: 1 + r.int(0, (3) - 1),
    conditions: scoped
      ? { all: [{ fact: 'event', path: '$.kind', operator: 'equal', value: pick(r, KINDS) }, condition(r, 1, devices, zones)] }
      : r.next() < 0.8
        ? { all: [leaf(r, devices, zones), condition(r, 1, devices, zones)] }
        : { any: [condition(r, 1, devices, zones)] },
    event: { type: 'respond', params: { actions: [{ action: `a-${i}`, target: 'device' }] } },
  }));
}

export function sampleDevices(projection: Projection, count: number): string[] {
  const ids: string[] = [];
  const step = Math.max(1, Math.floor(projection.nodeCount / count));
  for (let v = 0; v < projection.nodeCount && ids.length < count; v += step) ids.push(projection.nodeId(v));
  return ids;
}

/** Random facts of the policy fact model, some with missing or string-typed fields. */
export function randomFacts(r: Random, devices: readonly string[]): PolicyFacts {
  const end = 1_000_000_000;
  const history = Array.from({ length: r.int(0, (8) - 1) }, (_, i) => ({ time: end - (8 - i) * 60_000 * r.int(0, (10) - 1), kind: pick(r, KINDS), count: 1 + r.int(0, (4) - 1) }));
  history.sort((a, b) => a.time - b.time);
  const count = pick(r, [r.int(0, (10) - 1), String(r.int(0, (10) - 1)), undefined, 'abc']);
  return {
    event: { kind: pick(r, KINDS), domain: pick(r, DOMAINS), count, nested: r.next() < 0.5 ? { count: r.int(0, (10) - 1) } : 'flat' },
    scores: { probability: Math.round(r.next() * 10) / 10, threshold: Math.round(r.next() * 10) / 10 },
    techniques: TECHNIQUES.filter(() => r.next() < 0.3),
    device: pick(r, devices),
    history,
  };
}
