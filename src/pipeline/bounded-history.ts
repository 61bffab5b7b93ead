/**
 * The loop's bounded in-memory history (alerts, incidents, decisions): keyed
 * items in arrival order, the oldest dropped past `capacity`, paged newest
 * first with an opaque cursor (the item's arrival sequence, base 36), so the
 * API's pages stay stable while new items arrive.
 */
import type { Page, PageRequest } from './live-feed.js';

export interface BoundedHistory<T> {
  /** Adds or replaces (a replaced item moves to the newest place). */
  put(id: string, item: T): void;
  get(id: string): T | undefined;
  delete(id: string): void;
  page(request: PageRequest, keep?: (item: T) => boolean, timeOf?: (item: T) => string): Page<T>;
  readonly size: number;
}

/** Creates a history that holds at most `capacity` items. */
export function createBoundedHistory<T>(capacity: number): BoundedHistory<T> {
  const items = new Map<string, { seq: number; item: T }>();
  let seq = 0;
  let dropped = false;
  return {
    put(id, item) {
      items.delete(id);
      items.set(id, { seq: seq++, item });
      if (items.size > capacity) {
        const oldest = items.keys().next();
        if (oldest.done !== true) items.delete(oldest.value);
        dropped = true;
      }
    },
    get: (id) => items.get(id)?.item,
    delete(id) {
      items.delete(id);
    },
    page(request, keep = () => true, timeOf) {
      const after = request.after === undefined ? Number.POSITIVE_INFINITY : Number.parseInt(request.after, 36);
      const matching = [...items.values()].reverse().filter(({ item }) => keep(item) && (request.since === undefined || timeOf === undefined || timeOf(item) >= request.since));
      const rest = matching.filter((e) => e.seq < after);
      const taken = rest.slice(0, Math.max(0, request.first));
      const last = taken.at(-1);
      return {
        items: taken.map((e) => e.item),
        totalCount: matching.length,
        ...(last === undefined ? {} : { endCursor: last.seq.toString(36) }),
        hasNextPage: rest.length > taken.length,
        truncated: dropped,
      };
    },
    get size() {
      return items.size;
    },
  };
}
