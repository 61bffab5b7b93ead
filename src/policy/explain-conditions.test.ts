import { describe, expect, it } from 'vitest';
import { createRandom } from '../core/index.js';
import { generateCity } from '../sim/index.js';
import { projectionFromBatches } from '../risk/index.js';
import { compileCondition } from './compile-condition.js';
import { randomFacts, randomRules, sampleDevices } from './differential-corpus.test-support.js';
import { explainConditions, type ConditionResult } from './explain-conditions.js';
import { createOperators, type OperatorFn } from './operators.js';
import { isLeaf, type PolicyFacts, type RuleCondition } from './types.js';

const projection = projectionFromBatches(generateCity({ devices: 600, seed: 3 }).batches());
const operators = createOperators({ projection });

/** The explanation as first written: every node's verdict by compiling and evaluating its whole subtree. */
function referenceExplain(condition: RuleCondition, facts: PolicyFacts, ops: Readonly<Record<string, OperatorFn>>): ConditionResult {
  const result = compileCondition(condition, ops)(facts);
  if (isLeaf(condition)) return explainConditions(condition, facts, ops);
  if ('all' in condition) return { result, all: condition.all.map((c) => referenceExplain(c, facts, ops)) };
  if ('any' in condition) return { result, any: condition.any.map((c) => referenceExplain(c, facts, ops)) };
  return { result, not: referenceExplain(condition.not, facts, ops) };
}

describe('explainConditions (bottom-up verdicts)', () => {
  it('gives the tree the whole-subtree evaluation gives, over 300 random rules and facts', () => {
    const r = createRandom(4242);
    const devices = sampleDevices(projection, 40);
    let nodes = 0;
    const count = (c: ConditionResult): number => 1 + [...(c.all ?? []), ...(c.any ?? []), ...(c.not === undefined ? [] : [c.not])].reduce((n, x) => n + count(x), 0);
    for (const rule of randomRules(17, 300, projection)) {
      const facts = randomFacts(r, devices);
      const explained = explainConditions(rule.conditions, facts, operators);
      expect(explained).toEqual(referenceExplain(rule.conditions, facts, operators));
      nodes += count(explained);
    }
    expect(nodes).toBeGreaterThan(900);
  });

  it('keeps the empty-list verdicts of compileCondition: empty all and empty any are true, not flips', () => {
    const facts: PolicyFacts = { event: { kind: 'x' } };
    expect(explainConditions({ all: [] }, facts, operators)).toEqual({ result: true, all: [] });
    expect(explainConditions({ any: [] }, facts, operators)).toEqual({ result: true, any: [] });
    expect(explainConditions({ not: { any: [] } }, facts, operators)).toEqual({ result: false, not: { result: true, any: [] } });
    const leaf = { fact: 'event', path: '$.kind', operator: 'equal', value: 'x' } as const;
    expect(explainConditions({ any: [{ not: leaf }, leaf] }, facts, operators)).toEqual({
      result: true,
      any: [
        { result: false, not: { result: true, fact: 'event.kind', operator: 'equal', value: 'x', factValue: 'x' } },
        { result: true, fact: 'event.kind', operator: 'equal', value: 'x', factValue: 'x' },
      ],
    });
  });
});
