/**
 * Indexes rules by event kind and domain. A rule's keys are read from
 * conditions every firing needs: leaves of the top-level `all` (and of
 * `all`s nested in it) on fact `event` with path `$.kind` / `$.domain` and
 * operator `equal` or `in`. Pre-filtering on necessary conditions never
 * changes which rules fire; a rule without such a leaf is in every bucket.
 */
import { isLeaf, type PolicyRule, type RuleCondition } from './types.js';

const ANY = '*';

interface RuleKeys {
  readonly kinds: readonly string[] | undefined;
  readonly domains: readonly string[] | undefined;
}

function leafValues(condition: RuleCondition, path: string): readonly string[] | undefined {
  if (!isLeaf(condition) || condition.fact !== 'event' || condition.path !== path) return undefined;
  if (condition.operator === 'equal' && typeof condition.value === 'string') return [condition.value];
  if (condition.operator === 'in' && Array.isArray(condition.value) && condition.value.every((v) => typeof v === 'string')) {
    return condition.value as string[];
  }
  return undefined;
}

function necessaryLeaves(condition: RuleCondition): RuleCondition[] {
  if (isLeaf(condition)) return [condition];
  if ('all' in condition) return condition.all.flatMap(necessaryLeaves);
  return [];
}

/** The event kinds and domains a rule can fire for (undefined = any). */
export function ruleKeys(rule: PolicyRule): RuleKeys {
  const leaves = 'all' in rule.conditions ? necessaryLeaves(rule.conditions) : [];
  const first = (path: string): readonly string[] | undefined => {
    for (const leaf of leaves) {
      const values = leafValues(leaf, path);
      if (values !== undefined) return values;
    }
    return undefined;
  };
  return { kinds: first('$.kind'), domains: first('$.domain') };
}

/** Rules bucketed by (kind, domain); a lookup merges the wildcard buckets in rule order. */
export class RuleIndex<T> {
  readonly #buckets = new Map<string, Map<string, number[]>>();
  readonly #items: T[] = [];
  /** kind → domain → merged items (no key string built per lookup). */
  readonly #cache = new Map<string, Map<string, readonly T[]>>();

  add(item: T, keys: RuleKeys): void {
    const position = this.#items.push(item) - 1;
    for (const kind of keys.kinds ?? [ANY]) {
      let byDomain = this.#buckets.get(kind);
      if (byDomain === undefined) this.#buckets.set(kind, (byDomain = new Map()));
      for (const domain of keys.domains ?? [ANY]) {
        const list = byDomain.get(domain);
        if (list === undefined) byDomain.set(domain, [position]);
        else list.push(position);
      }
    }
    this.#cache.clear();
  }

  /** Items whose keys admit this kind and domain, in insertion order. */
  lookup(kind: unknown, domain: unknown): readonly T[] {
    const k = typeof kind === 'string' ? kind : ANY;
    const d = typeof domain === 'string' ? domain : ANY;
    let byDomainCache = this.#cache.get(k);
    if (byDomainCache === undefined) this.#cache.set(k, (byDomainCache = new Map()));
    const known = byDomainCache.get(d);
    if (known !== undefined) return known;
    const positions = new Set<number>();
    for (const kk of k === ANY ? [ANY] : [k, ANY]) {
      const byDomain = this.#buckets.get(kk);
      if (byDomain === undefined) continue;
      for (const dd of d === ANY ? [ANY] : [d, ANY]) for (const p of byDomain.get(dd) ?? []) positions.add(p);
    }
    const items = [...positions].sort((a, b) => a - b).map((p) => this.#items[p] as T);
    byDomainCache.set(d, items);
    return items;
  }
}
