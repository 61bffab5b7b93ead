import { describe, expect, it } from 'vitest';
import { createRandom } from '../core/index.js';
import { searchSelection, type ScoredItem } from './search-selection.js';

function bruteForce(items: readonly ScoredItem[], caps: ReadonlyMap<string, number>): number {
  let best = 0;
  for (let mask = 0; mask < 1 << items.length; mask++) {
    const targets = new Set<string>();
    const load = new Map<string, number>();
    let value = 0;
    let ok = true;
    for (let i = 0; i < items.length && ok; i++) {
      if ((mask & (1 << i)) === 0) continue;
      const item = items[i] as ScoredItem;
      if (targets.has(item.target)) ok = false;
      targets.add(item.target);
      for (const [k, a] of item.added) load.set(k, (load.get(k) ?? 0) + a);
      value += item.value;
    }
    for (const [k, l] of load) if (l > (caps.get(k) ?? Infinity) + 1e-12) ok = false;
    if (ok) best = Math.max(best, value);
  }
  return best;
}

describe('response search', () => {
  it('branch and bound equals brute force on 200 seeded instances of up to 14 candidates', () => {
    const r = createRandom(5);
    for (let n = 0; n < 200; n++) {
      const count = r.int(1, 14);
      const items: ScoredItem[] = Array.from({ length: count }, () => ({
        target: `t${r.int(0, 6)}`,
        value: Math.round((r.next() * 10 - 2) * 100) / 100,
        added: new Map([['HospitalCareService', Math.round(r.next() * 5) / 100]]),
      }));
      const caps = new Map([['HospitalCareService', 0.06]]);
      const result = searchSelection(items, { caps });
      expect(result.exact).toBe(true);
      expect(result.value).toBeCloseTo(bruteForce(items, caps), 9);
    }
  });

  it('falls back to bounded greedy search beyond 20 positive candidates, respecting targets and caps', () => {
    const items: ScoredItem[] = Array.from({ length: 30 }, (_, i) => ({ target: `t${i % 25}`, value: 30 - i, added: new Map([['WaterSupplyService', 0.01]]) }));
    const result = searchSelection(items, { caps: new Map([['WaterSupplyService', 0.1]]) });
    expect(result.exact).toBe(false);
    expect(result.chosen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
