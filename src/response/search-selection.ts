/**
 * The combinatorial core of response selection: choose a subset of scored
 * candidates maximising Σ value subject to (a) one action per target and
 * (b) per protected service kind, Σ added loss ≤ its cap. Exact branch and
 * bound (candidates sorted by value; bound = value so far + Σ positive values
 * left) up to `maxExact` candidates; beyond, greedy by value then bounded
 * 1-swap improvement.
 */
export interface ScoredItem {
  readonly target: string;
  readonly value: number;
  /** Added P(loss) per protected service kind. */
  readonly added: ReadonlyMap<string, number>;
}

export interface SearchOptions {
  readonly caps: ReadonlyMap<string, number>;
  readonly maxExact?: number;
  readonly maxSwaps?: number;
}

export interface SearchResult {
  readonly chosen: readonly number[];
  readonly value: number;
  readonly exact: boolean;
  readonly nodesVisited: number;
}

class Usage {
  readonly targets = new Map<string, number>();
  readonly load = new Map<string, number>();
  fits(item: ScoredItem, caps: ReadonlyMap<string, number>): boolean {
    if ((this.targets.get(item.target) ?? 0) > 0) return false;
    for (const [kind, add] of item.added) if ((this.load.get(kind) ?? 0) + add > (caps.get(kind) ?? Infinity) + 1e-12) return false;
    return true;
  }
  apply(item: ScoredItem, sign: 1 | -1): void {
    this.targets.set(item.target, (this.targets.get(item.target) ?? 0) + sign);
    for (const [kind, add] of item.added) this.load.set(kind, (this.load.get(kind) ?? 0) + sign * add);
  }
}

function branchAndBound(items: readonly ScoredItem[], caps: ReadonlyMap<string, number>): SearchResult {
  const order = items.map((_, i) => i).filter((i) => (items[i] as ScoredItem).value > 0).sort((a, b) => (items[b] as ScoredItem).value - (items[a] as ScoredItem).value);
  const suffix = new Float64Array(order.length + 1);
  for (let k = order.length - 1; k >= 0; k--) suffix[k] = (suffix[k + 1] as number) + (items[order[k] as number] as ScoredItem).value;
  const usage = new Usage();
  const current: number[] = [];
  let best: number[] = [];
  let bestValue = 0;
  let visited = 0;
  const visit = (k: number, value: number): void => {
    visited++;
    if (value > bestValue) {
      bestValue = value;
      best = [...current];
    }
    if (k === order.length || value + (suffix[k] as number) <= bestValue) return;
    const i = order[k] as number;
    const item = items[i] as ScoredItem;
    if (usage.fits(item, caps)) {
      usage.apply(item, 1);
      current.push(i);
      visit(k + 1, value + item.value);
      current.pop();
      usage.apply(item, -1);
    }
    visit(k + 1, value);
  };
  visit(0, 0);
  return { chosen: best.sort((a, b) => a - b), value: bestValue, exact: true, nodesVisited: visited };
}

function greedyWithSwaps(items: readonly ScoredItem[], caps: ReadonlyMap<string, number>, maxSwaps: number): SearchResult {
  const order = items.map((_, i) => i).filter((i) => (items[i] as ScoredItem).value > 0).sort((a, b) => (items[b] as ScoredItem).value - (items[a] as ScoredItem).value);
  const usage = new Usage();
  const chosen = new Set<number>();
  for (const i of order) {
    if (!usage.fits(items[i] as ScoredItem, caps)) continue;
    usage.apply(items[i] as ScoredItem, 1);
    chosen.add(i);
  }
  let swaps = 0;
  let improved = true;
  while (improved && swaps < maxSwaps) {
    improved = false;
    for (const out of [...chosen]) {
      const o = items[out] as ScoredItem;
      usage.apply(o, -1);
      const better = order.find((i) => !chosen.has(i) && (items[i] as ScoredItem).value > o.value && usage.fits(items[i] as ScoredItem, caps));
      if (better === undefined) {
        usage.apply(o, 1);
        continue;
      }
      chosen.delete(out);
      chosen.add(better);
      usage.apply(items[better] as ScoredItem, 1);
      for (const i of order) {
        if (chosen.has(i) || !usage.fits(items[i] as ScoredItem, caps)) continue;
        usage.apply(items[i] as ScoredItem, 1);
        chosen.add(i);
      }
      improved = true;
      if (++swaps >= maxSwaps) break;
    }
  }
  const list = [...chosen].sort((a, b) => a - b);
  return { chosen: list, value: list.reduce((s, i) => s + (items[i] as ScoredItem).value, 0), exact: false, nodesVisited: swaps };
}

/** Best feasible subset: exact for ≤ maxExact (default 20) candidates, bounded search beyond. */
export function searchSelection(items: readonly ScoredItem[], options: SearchOptions): SearchResult {
  const positive = items.filter((i) => i.value > 0).length;
  if (positive <= (options.maxExact ?? 20)) return branchAndBound(items, options.caps);
  return greedyWithSwaps(items, options.caps, options.maxSwaps ?? 200);
}
