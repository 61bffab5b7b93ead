/**
 * The topic layout of the live loop: `<prefix>/p<partition>/<deviceId>/<type>`.
 * The partition is a stable hash (FNV-1a, 32 bit) of the device's group — the
 * gateway it is networked via, else its zone — so the events that correlation
 * joins through a shared gateway land in one partition, and one worker owns a
 * partition through `$share/<group>/<prefix>/p<n>/#` (docs/SCALING.md).
 */
import type { LiveEvent } from './live-event.js';

/** Default number of partitions (a power of two so workers split them evenly). */
export const DEFAULT_PARTITIONS = 8;
export const DEFAULT_TOPIC_PREFIX = 'city';
export const DEAD_LETTER_TOPIC = 'civgraph/dead-letter';
export const DECISION_TOPIC = 'civgraph/decisions';
export const ACTION_TOPIC = 'civgraph/actions';

/** FNV-1a 32-bit hash (Fowler–Noll–Vo), stable across processes and machines. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** Partition of a group key among `partitions`. */
export function partitionOf(groupKey: string, partitions = DEFAULT_PARTITIONS): number {
  return fnv1a(groupKey) % partitions;
}

/** An id as one topic level: MQTT forbids `+` and `#` in a published topic (MQTT 5.0 §4.7.1), and `/` splits levels. */
export function topicLevel(id: string): string {
  return id.replace(/[+#/]/g, '_');
}
const level = topicLevel;

/** Topic of one event for the CivGraph event JSON adapter. */
export function eventTopic(options: { readonly prefix?: string; readonly partitions?: number; readonly group?: string }, deviceId: string): string {
  const prefix = options.prefix ?? DEFAULT_TOPIC_PREFIX;
  return `${prefix}/p${partitionOf(options.group ?? deviceId, options.partitions)}/${level(deviceId)}/event`;
}

/** Subscription filters of the partitions a worker owns, shared within `group` when given. */
export function partitionFilters(options: { readonly prefix?: string; readonly owned: readonly number[]; readonly group?: string }): string[] {
  const prefix = options.prefix ?? DEFAULT_TOPIC_PREFIX;
  return options.owned.map((p) => shareFilter(`${prefix}/p${p}/#`, options.group));
}

/** `$share/<group>/<filter>` (MQTT 5.0 §4.8.2) or the filter itself. */
export function shareFilter(filter: string, group: string | undefined): string {
  return group === undefined || group === '' ? filter : `$share/${group}/${filter}`;
}

/** The CivGraph event JSON object of a live event (one element of a batch). */
export function liveEventJson(live: LiveEvent): object {
  return { ...live.event, ...(live.derivedFromDecision === undefined ? {} : { derivedFromDecision: live.derivedFromDecision }), ...(live.techniques === undefined ? {} : { techniques: live.techniques }) };
}

/** CivGraph event JSON of a live event (the `event` adapter reads it back unchanged). */
export function encodeLiveEvent(live: LiveEvent): string {
  return JSON.stringify(liveEventJson(live));
}
