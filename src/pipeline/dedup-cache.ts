/**
 * A bounded LRU set of event keys for idempotent QoS 1 ingestion (MQTT 5.0
 * §4.3.2: a QoS 1 message may arrive more than once). Map iteration order is
 * insertion order, so the first key is the least recently seen.
 */
export interface DedupCache {
  /** True when the key was seen before (and marks it recent); false adds it. */
  seen(key: string): boolean;
  readonly size: number;
}

/** Remembers at most `capacity` keys; the least recently seen is forgotten first. */
export function createDedupCache(capacity: number): DedupCache {
  const keys = new Map<string, true>();
  return {
    seen(key) {
      if (keys.has(key)) {
        keys.delete(key);
        keys.set(key, true);
        return true;
      }
      keys.set(key, true);
      if (keys.size > capacity) {
        const oldest = keys.keys().next();
        if (oldest.done !== true) keys.delete(oldest.value);
      }
      return false;
    },
    get size() {
      return keys.size;
    },
  };
}
