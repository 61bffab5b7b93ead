import { describe, expect, it } from 'vitest';
import { createRandom } from '../core/index.js';
import { generateCity } from '../sim/index.js';
import { projectionFromBatches } from '../risk/index.js';
import { randomFacts, randomRules, sampleDevices } from './differential-corpus.test-support.js';
import { createPolicyEngine } from './policy-engine.js';
import { createStockEngine } from './stock-engine.js';
import type { PolicyContext } from './policy-context.js';
import type { FiredRule } from './types.js';

const projection = projectionFromBatches(generateCity({ devices: 600, seed: 3 }).batches());
const context: PolicyContext = { projection };
const byId = (list: readonly FiredRule[]): FiredRule[] => [...list].sort((a, b) => a.ruleId.localeCompare(b.ruleId));

describe('compiled policy engine vs stock json-rules-engine (differential)', () => {
  it('fires the same rules with the same events, over 600 seeded cases', async () => {
    let cases = 0;
    let fired = 0;
    for (let seed = 1; seed <= 6; seed++) {
      const rules = randomRules(seed, 60, projection);
      const ours = createPolicyEngine({ rules, context });
      const stock = createStockEngine({ rules, context });
      const r = createRandom(seed * 7919);
      const devices = sampleDevices(projection, 40);
      for (let i = 0; i < 100; i++) {
        const facts = randomFacts(r, devices);
        const expected = await stock.run(facts);
        const actual = ours.evaluate(facts);
        expect(byId(actual)).toEqual(byId(expected));
        cases++;
        fired += actual.length;
      }
    }
    expect(cases).toBe(600);
    expect(fired).toBeGreaterThan(600);
  });

  it('hands the evaluation only the rules indexed under the event kind and domain', () => {
    const rules = randomRules(11, 200, projection);
    const engine = createPolicyEngine({ rules, context });
    const facts = { event: { kind: 'newPeer', domain: 'Water' } };
    expect(engine.candidates(facts)).toBeLessThan(200);
  });
});
